import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../core/errors.js';
import { embedThoughtSignature } from '../../core/tool-call-id.js';
import { claudeCodeRequest } from '../../../test/fixtures/anthropic-messages.js';
import { mockSignature } from '../../../test/mock-upstream/scenario.js';
import { decodeAnthropicRequest } from './decode-request.js';

// Fixtures: the Claude Code shape from /work/shared/design/CLIENTS.md and
// block shapes from the Anthropic API reference (https://docs.anthropic.com/en/api/messages).

test('a Claude Code request decodes: cached system blocks, null cache_control, system message, adaptive thinking, 24 tools', () => {
  const decoded = decodeAnthropicRequest(claudeCodeRequest(), {});
  assert.equal(decoded.model, 'claude-opus-4-8');
  assert.equal(decoded.maxOutputTokens, 32000);
  assert.equal(decoded.stream, true);
  assert.equal(decoded.system.length, 3);
  assert.equal(decoded.system[0]?.cacheControl, undefined, 'cache_control: null means none');
  assert.deepEqual(decoded.system[1]?.cacheControl, { type: 'ephemeral' });
  assert.deepEqual(decoded.messages.map((message) => message.role), ['user', 'assistant', 'tool', 'assistant', 'system', 'user']);
  assert.deepEqual(decoded.messages[4]?.content, [{ type: 'text', text: 'The user switched to plan mode.' }]);
  assert.deepEqual(decoded.messages[1]?.content[0], {
    type: 'reasoning',
    text: 'Let me think about this.',
    signature: mockSignature('Let me think about this.'),
    origin: { protocol: 'anthropic-messages' },
  });
  assert.deepEqual(decoded.messages[1]?.content[1], {
    type: 'tool-call',
    id: 'toolu_01BashLs',
    name: 'Bash',
    arguments: '{"command":"ls","description":"List files"}',
    kind: 'function',
  });
  assert.deepEqual(decoded.messages[2]?.content, [
    { type: 'tool-result', toolCallId: 'toolu_01BashLs', content: [{ type: 'text', text: 'README.md\nsrc' }], cacheControl: { type: 'ephemeral' } },
  ]);
  assert.equal(decoded.tools.length, 24);
  assert.equal(decoded.tools[1]?.kind === 'function' && decoded.tools[1].name, 'Bash');
  assert.deepEqual(decoded.reasoning, { enabled: true, adaptive: true, effort: 'high' });
  assert.match(decoded.user ?? '', /^\{"device_id"/, 'metadata.user_id kept as the JSON text it is');
  assert.deepEqual(decoded.extensions['anthropic-messages'], {
    output_config: { effort: 'high' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
  });
});

test('a user turn mixing tool results and text splits into a tool message then a user message', () => {
  const decoded = decodeAnthropicRequest(
    {
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }, { type: 'tool_use', id: 'b', name: 'f', input: { x: 1 } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text', text: 'one' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }] },
            { type: 'tool_result', tool_use_id: 'b', content: 'boom', is_error: true },
            { type: 'text', text: 'and now?' },
          ],
        },
      ],
    },
    {},
  );
  assert.deepEqual(decoded.messages.slice(2), [
    {
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'a', content: [{ type: 'text', text: 'one' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } }] },
        { type: 'tool-result', toolCallId: 'b', content: [{ type: 'text', text: 'boom' }], isError: true },
      ],
    },
    { role: 'user', content: [{ type: 'text', text: 'and now?' }] },
  ]);
});

test('every block kind of the API reference has a place', () => {
  const decoded = decodeAnthropicRequest(
    {
      model: 'm',
      max_tokens: 100,
      system: 'plain system',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'cite me', citations: [{ type: 'char_location', cited_text: 'x' }] },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' }, title: 'Spec', cache_control: { type: 'ephemeral', ttl: '1h' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello doc' } },
            { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
            { type: 'image', source: { type: 'file', file_id: 'file_011' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'redacted_thinking', data: 'EmwKAhgBEgy' },
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
            { type: 'tool_use', id: embedThoughtSignature('call_9', 'gemini-sig'), name: 'f', input: {} },
          ],
        },
      ],
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }, { type: 'custom', name: 'f', input_schema: { type: 'object' }, strict: true }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 4096 },
      temperature: 1,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      service_tier: 'auto',
    },
    {},
  );
  assert.deepEqual(decoded.system, [{ type: 'text', text: 'plain system' }]);
  const user = decoded.messages[0]?.content ?? [];
  assert.deepEqual(user[0], { type: 'text', text: 'cite me', citations: [{ type: 'char_location', cited_text: 'x' }] });
  assert.deepEqual(user[1], { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } });
  assert.deepEqual(user[2], { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, title: 'Spec', cacheControl: { type: 'ephemeral', ttl: '1h' } });
  assert.deepEqual(user[3], { type: 'file', source: { kind: 'base64', mediaType: 'text/plain', data: Buffer.from('hello doc').toString('base64') } });
  assert.deepEqual(user[4], { type: 'file', source: { kind: 'url', url: 'https://example.com/a.pdf' } });
  assert.deepEqual(user[5], { type: 'image', source: { kind: 'file-id', fileId: 'file_011' } });
  const assistant = decoded.messages[1]?.content ?? [];
  assert.deepEqual(assistant[0], { type: 'reasoning', text: '', redactedData: 'EmwKAhgBEgy', origin: { protocol: 'anthropic-messages' } });
  assert.equal(assistant[1]?.type, 'unknown');
  assert.equal(assistant[2]?.type, 'unknown');
  assert.deepEqual(assistant[3], { type: 'tool-call', id: 'call_9', name: 'f', arguments: '{}', kind: 'function', thoughtSignature: 'gemini-sig' });
  assert.deepEqual(decoded.tools, [
    { kind: 'hosted', protocol: 'anthropic-messages', name: 'web_search', value: { type: 'web_search_20250305', name: 'web_search', max_uses: 5 } },
    { kind: 'function', name: 'f', parameters: { type: 'object' }, strict: true },
  ]);
  assert.deepEqual(decoded.toolChoice, { type: 'required' });
  assert.equal(decoded.parallelToolCalls, false);
  assert.deepEqual(decoded.reasoning, { enabled: true, budgetTokens: 4096 });
  assert.deepEqual(decoded.sampling, { temperature: 1, topP: 0.9, topK: 40, stop: ['END'] });
  assert.deepEqual(decoded.extensions['anthropic-messages'], { service_tier: 'auto' });
});

test('disabled thinking, tool_choice none, and the bad requests Anthropic names', () => {
  const decoded = decodeAnthropicRequest({ model: 'm', max_tokens: 5, messages: [], thinking: { type: 'disabled' }, tool_choice: { type: 'none' } }, {});
  assert.deepEqual(decoded.reasoning, { enabled: false });
  assert.deepEqual(decoded.toolChoice, { type: 'none' });
  assert.throws(() => decodeAnthropicRequest({ messages: [] }, {}), (error: unknown) => error instanceof GatewayError && error.message === 'model: Field required');
  assert.throws(() => decodeAnthropicRequest({ model: 'm' }, {}), (error: unknown) => error instanceof GatewayError && error.status === 400);
  assert.throws(() => decodeAnthropicRequest({ model: 'm', messages: [{ role: 'robot', content: 'x' }] }, {}), /messages\.0\.role/);
});
