import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claudeCodeRequest } from '../../../test/fixtures/anthropic-messages.js';
import { mockSignature } from '../../../test/mock-upstream/scenario.js';
import { decodeAnthropicRequest } from './decode-request.js';
import { decodeAnthropicResponse } from './decode-response.js';
import { encodeAnthropicRequest } from './encode-request.js';
import { encodeAnthropicResponse } from './encode-response.js';

// decode∘encode must give back what Anthropic can carry. Normalizations that
// are not losses: `cache_control: null` means "none" and is written as absent.

function withoutNullCacheControl(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullCacheControl);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, inner]) => !(key === 'cache_control' && inner === null))
        .map(([key, inner]) => [key, withoutNullCacheControl(inner)]),
    );
  }
  return value;
}

function roundTrip(body: Record<string, unknown>): unknown {
  const decoded = decodeAnthropicRequest(body, {});
  return encodeAnthropicRequest(decoded, { model: String(body.model) }).body;
}

test('the Claude Code request survives decode∘encode (its mid-conversation system message aside)', () => {
  const body = claudeCodeRequest();
  // Anthropic encoders fold role:"system" messages into user text (CODECS.md); that is checked on its own below.
  body.messages = (body.messages as Array<{ role: string }>).filter((message) => message.role !== 'system');
  assert.deepEqual(roundTrip(body), withoutNullCacheControl(body));
});

test('a mid-conversation system message is folded into the next user turn', () => {
  const encoded = roundTrip(claudeCodeRequest()) as { messages: Array<{ role: string; content: unknown[] }> };
  assert.equal(encoded.messages.length, 5);
  assert.deepEqual(encoded.messages[4]?.content[0], { type: 'text', text: 'System: The user switched to plan mode.' });
});

test('API-reference requests survive decode∘encode', () => {
  const requests: Array<Record<string, unknown>> = [
    // Each carries a breakpoint: one without any would get breakpoints originated (encode-request.test.ts).
    { model: 'claude-sonnet-4-6', max_tokens: 1024, system: [{ type: 'text', text: 'Be helpful.', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, world' }] }] },
    {
      model: 'claude-sonnet-4-6',
      max_tokens: 16000,
      thinking: { type: 'enabled', budget_tokens: 10000 },
      tools: [
        { name: 'get_weather', description: 'Get the weather', input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }, cache_control: { type: 'ephemeral' } },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
      ],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Let me think about this.', signature: mockSignature('Let me think about this.') },
            { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
            { type: 'server_tool_use', id: 'srvtoolu_01', name: 'web_search', input: { query: 'paris weather' } },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_01', content: [{ type: 'web_search_result', url: 'https://x', title: 'x', encrypted_content: 'e' }] },
            { type: 'text', text: 'Checking.', citations: [{ type: 'web_search_result_location', url: 'https://x', title: 'x', encrypted_index: 'i', cited_text: 'c' }] },
            { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01A09q90qw90lq917835lq9',
              content: [{ type: 'text', text: '15 degrees' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } }],
            },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'Report', cache_control: { type: 'ephemeral', ttl: '1h' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Plain notes' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/map.png' } },
            { type: 'text', text: 'Also summarise these.' },
          ],
        },
      ],
      stop_sequences: ['\n\nHuman:'],
      metadata: { user_id: 'user-7' },
      stream: true,
      service_tier: 'standard_only',
    },
    {
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      temperature: 0.3,
      top_p: 0.8,
      top_k: 10,
      tool_choice: { type: 'tool', name: 'extract' },
      tools: [{ name: 'extract', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral', ttl: '5m' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'x' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'extract', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'failed', is_error: true }] },
      ],
      output_config: { effort: 'low', format: { type: 'json_schema', schema: { type: 'object' } } },
      thinking: { type: 'disabled' },
    },
  ];
  for (const body of requests) assert.deepEqual(roundTrip(body), body);
});

test('a message response survives decode∘encode', () => {
  const message = {
    id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-6',
    content: [
      { type: 'thinking', thinking: 'Let me think about this.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
      { type: 'text', text: 'Hi! My name is Claude.' },
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
      { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { location: 'Paris' } },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 2095, output_tokens: 503, cache_creation_input_tokens: 100, cache_read_input_tokens: 1800 },
  };
  const decoded = decodeAnthropicResponse(message, { provider: 'claude' });
  assert.deepEqual(decoded.usage, { inputTokens: 2095 + 100 + 1800, cacheReadTokens: 1800, cacheWriteTokens: 100, outputTokens: 503, reasoningTokens: 0 });
  assert.equal(decoded.finishReason, 'tool-calls');
  assert.deepEqual(decoded.content[0], {
    type: 'reasoning',
    text: 'Let me think about this.',
    signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds',
    origin: { protocol: 'anthropic-messages', provider: 'claude', model: 'claude-sonnet-4-6' },
  });
  assert.deepEqual(encodeAnthropicResponse(decoded, { model: 'claude-sonnet-4-6' }), message);
  const stopped = decodeAnthropicResponse({ ...message, content: [], stop_reason: 'stop_sequence', stop_sequence: '###' }, {});
  assert.equal(encodeAnthropicResponse(stopped, { model: 'm' }).stop_sequence, '###');
});
