import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '../../core/content.js';
import type { ChatRequest, ToolDefinition } from '../../core/request.js';
import { encodeAnthropicRequest } from './encode-request.js';

// Canonical requests as other protocols' decoders produce them (CODECS.md),
// encoded by Anthropic's rules (https://docs.anthropic.com/en/api/messages).

function request(overrides: Partial<ChatRequest>): ChatRequest {
  return { model: 'any', system: [], messages: [], tools: [], sampling: {}, stream: false, extensions: {}, ...overrides };
}

function body(canonical: ChatRequest): Record<string, unknown> {
  return encodeAnthropicRequest(canonical, { model: 'claude-sonnet-4-6', provider: 'claude' }).body as Record<string, unknown>;
}

const weather: ToolDefinition = { kind: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

test('path, model, default max_tokens and default anthropic-version', () => {
  const encoded = encodeAnthropicRequest(request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }), { model: 'claude-x' });
  assert.equal(encoded.path, '/messages');
  assert.deepEqual(encoded.headers, { 'anthropic-version': '2023-06-01' });
  assert.deepEqual(encoded.body, { model: 'claude-x', max_tokens: 8192, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
});

test('turns: same-role merge, tool results first, missing results synthesized, empty text dropped, ids sanitized, system folded', () => {
  const messages: Message[] = [
    { role: 'user', content: [{ type: 'text', text: 'first' }] },
    { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'second' }] },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: '   ' },
        { type: 'tool-call', id: 'call.1:a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '' },
      ],
    },
    { role: 'user', content: [{ type: 'text', text: 'typed while the tool ran' }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call.1:a', content: [{ type: 'text', text: 'sunny' }] }] },
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }], developer: true },
    { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
  ];
  assert.deepEqual(body(request({ messages, tools: [weather] })).messages, [
    { role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }] },
    {
      role: 'assistant',
      content: [
        { type: 'tool_use', id: 'call_1_a', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_2', name: 'get_weather', input: {} },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_1_a', content: 'sunny' },
        { type: 'tool_result', tool_use_id: 'call_2', content: '' },
        { type: 'text', text: 'typed while the tool ran' },
        { type: 'text', text: 'System: Be brief.' },
      ],
    },
    { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
  ]);
});

test('an orphan result among real ones becomes text after them (tool results stay first)', () => {
  const encoded = body(
    request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'real', name: 'f', arguments: '{}' }] },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'ghost', content: [] },
            { type: 'tool-result', toolCallId: 'real', content: [{ type: 'text', text: 'ok' }] },
          ],
        },
      ],
    }),
  );
  assert.deepEqual((encoded.messages as Array<{ content: unknown[] }>)[2]?.content, [
    { type: 'tool_result', tool_use_id: 'real', content: 'ok' },
    { type: 'text', text: 'Tool result (ghost): (empty)' },
  ]);
});

test('a trailing unanswered tool call gets a result turn; a result answering nothing becomes text', () => {
  const encoded = body(
    request({
      messages: [
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'ghost', content: [{ type: 'text', text: 'stale' }] }] },
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' }] },
      ],
    }),
  );
  assert.deepEqual(encoded.messages, [
    { role: 'user', content: [{ type: 'text', text: 'Tool result (ghost): stale' }, { type: 'text', text: 'go' }] },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'f', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', content: '' }] },
  ]);
});

test('thinking replays only when Anthropic signed it; foreign and unsigned reasoning are dropped', () => {
  const encoded = body(
    request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'mine', signature: 'sig==', origin: { protocol: 'anthropic-messages', provider: 'claude' } },
            { type: 'reasoning', text: '', redactedData: 'REDACTED', origin: { protocol: 'anthropic-messages' } },
            { type: 'reasoning', text: 'unsigned', origin: { protocol: 'anthropic-messages' } },
            { type: 'reasoning', text: 'gemini thought', signature: 'gsig', origin: { protocol: 'gemini' } },
            { type: 'reasoning', text: 'o-series', encryptedContent: 'enc', origin: { protocol: 'openai-responses' } },
            { type: 'text', text: 'answer' },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'next' }] },
      ],
    }),
  );
  assert.deepEqual((encoded.messages as Array<{ content: unknown[] }>)[1]?.content, [
    { type: 'thinking', thinking: 'mine', signature: 'sig==' },
    { type: 'redacted_thinking', data: 'REDACTED' },
    { type: 'text', text: 'answer' },
  ]);
});

test('cache breakpoints are originated on the last tool and last system block when the request has none', () => {
  const encoded = body(
    request({
      system: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }],
      tools: [weather, { ...weather, name: 'second' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    }),
  );
  assert.deepEqual(encoded.system, [{ type: 'text', text: 'one' }, { type: 'text', text: 'two', cache_control: { type: 'ephemeral' } }]);
  const tools = encoded.tools as Array<Record<string, unknown>>;
  assert.equal(tools[0]?.cache_control, undefined);
  assert.deepEqual(tools[1]?.cache_control, { type: 'ephemeral' });
  assert.equal(JSON.stringify(encoded.messages).includes('cache_control'), false);
});

test('client breakpoints are kept, never more than four (the latest four)', () => {
  const cached = { type: 'ephemeral' as const };
  const encoded = body(
    request({
      system: [{ type: 'text', text: 's1', cacheControl: cached }, { type: 'text', text: 's2', cacheControl: cached }],
      tools: [{ ...weather, cacheControl: cached }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'u1', cacheControl: cached }] },
        { role: 'assistant', content: [{ type: 'text', text: 'a1' }] },
        { role: 'user', content: [{ type: 'text', text: 'u2', cacheControl: cached }] },
      ],
    }),
  );
  const text = JSON.stringify(encoded);
  assert.equal(text.split('cache_control').length - 1, 4);
  assert.equal((encoded.tools as Array<Record<string, unknown>>)[0]?.cache_control, undefined, 'the earliest breakpoint goes');
});

test('reasoning effort becomes a thinking budget below max_tokens; adaptive keeps effort in output_config', () => {
  const effortOnly = body(request({ reasoning: { effort: 'high' }, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }));
  assert.deepEqual(effortOnly.thinking, { type: 'enabled', budget_tokens: 24576 });
  assert.equal(effortOnly.max_tokens, 24576 + 1024, 'raised above the budget when the client set no limit');

  const capped = body(request({ reasoning: { effort: 'high' }, maxOutputTokens: 4000, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }));
  assert.deepEqual(capped.thinking, { type: 'enabled', budget_tokens: 3999 });
  assert.equal(capped.max_tokens, 4000, "the client's limit is respected; the budget is lowered");

  const tiny = body(request({ reasoning: { budgetTokens: 200 }, maxOutputTokens: 500, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }));
  assert.deepEqual(tiny.thinking, { type: 'enabled', budget_tokens: 1024 });
  assert.equal(tiny.max_tokens, 2048);

  const adaptive = body(request({ reasoning: { adaptive: true, effort: 'medium' }, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }));
  assert.deepEqual(adaptive.thinking, { type: 'adaptive' });
  assert.deepEqual(adaptive.output_config, { effort: 'medium' });

  const off = body(request({ reasoning: { effort: 'none' }, sampling: { temperature: 1.6 }, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }));
  assert.deepEqual(off.thinking, { type: 'disabled' });
  assert.equal(off.temperature, 1, "OpenAI's 0–2 temperature is clamped to Anthropic's 0–1");

  const withThinking = body(request({ reasoning: { effort: 'low' }, sampling: { temperature: 0.2, topK: 5 }, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }));
  assert.equal(withThinking.temperature, undefined, 'thinking refuses temperature');
  assert.equal(withThinking.top_k, undefined);
});

test('thinking is left off when the last assistant tool turn lost its (foreign) thinking', () => {
  const encoded = body(
    request({
      reasoning: { effort: 'medium' },
      maxOutputTokens: 1000,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'hm', origin: { protocol: 'openai-chat' } }, { type: 'tool-call', id: 'c', name: 'f', arguments: '{}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: 'r' }] }] },
      ],
    }),
  );
  assert.equal(encoded.thinking, undefined);
  assert.equal(encoded.max_tokens, 1000);
});

test('tools: hosted tools of other protocols dropped, custom tools as one string input, tool_choice and parallelism', () => {
  const encoded = body(
    request({
      tools: [
        weather,
        { kind: 'hosted', protocol: 'openai-responses', name: 'web_search', value: { type: 'web_search' } },
        { kind: 'hosted', protocol: 'anthropic-messages', name: 'web_search', value: { type: 'web_search_20250305', name: 'web_search' } },
        { kind: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'grammar' } },
      ],
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'x' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'p', name: 'apply_patch', arguments: '*** Begin Patch', kind: 'custom' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'p', content: [{ type: 'text', text: 'done' }], kind: 'custom' }] },
      ],
    }),
  );
  const tools = encoded.tools as Array<Record<string, unknown>>;
  assert.deepEqual(
    tools.map((tool) => tool.name),
    ['get_weather', 'web_search', 'apply_patch'],
  );
  assert.deepEqual(tools[1], { type: 'web_search_20250305', name: 'web_search' });
  assert.deepEqual(tools[2]?.input_schema, { type: 'object', properties: { input: { type: 'string', description: 'The raw input for this tool.' } }, required: ['input'] });
  assert.deepEqual(encoded.tool_choice, { type: 'any', disable_parallel_tool_use: true });
  assert.deepEqual((encoded.messages as Array<{ content: unknown[] }>)[1]?.content[0], { type: 'tool_use', id: 'p', name: 'apply_patch', input: { input: '*** Begin Patch' } });
  const noTools = body(request({ toolChoice: { type: 'auto' }, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }));
  assert.equal(noTools.tool_choice, undefined, 'no tool_choice without tools');
});

test('media, documents, error results, unknown blocks, user id, stop sequences, response format', () => {
  const encoded = body(
    request({
      user: 'user-42',
      sampling: { stop: ['STOP'] },
      responseFormat: { type: 'json-schema', schema: { type: 'object' } },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
            { type: 'file', source: { kind: 'base64', mediaType: 'text/plain', data: Buffer.from('plain').toString('base64') }, filename: 'a.txt' },
            { type: 'audio', source: { kind: 'base64', mediaType: 'audio/wav', data: 'UklG' } },
            { type: 'unknown', protocol: 'gemini', value: { executableCode: {} } },
            { type: 'unknown', protocol: 'anthropic-messages', value: { type: 'container_upload', file_id: 'f' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: 'not json' }] },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'c', isError: true, content: [{ type: 'text', text: 'failed' }, { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] }],
        },
      ],
    }),
  );
  const messages = encoded.messages as Array<{ content: unknown[] }>;
  assert.deepEqual(messages[0]?.content, [
    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
    { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain' }, title: 'a.txt' },
    { type: 'container_upload', file_id: 'f' },
  ]);
  assert.deepEqual(messages[1]?.content[0], { type: 'tool_use', id: 'c', name: 'f', input: { input: 'not json' } });
  assert.deepEqual(messages[2]?.content[0], {
    type: 'tool_result',
    tool_use_id: 'c',
    is_error: true,
    content: [{ type: 'text', text: 'failed' }, { type: 'text', text: '[image omitted from error result]' }],
  });
  assert.deepEqual(encoded.metadata, { user_id: 'user-42' });
  assert.deepEqual(encoded.stop_sequences, ['STOP']);
  assert.deepEqual(encoded.output_config, { format: { type: 'json_schema', schema: { type: 'object' } } });
});
