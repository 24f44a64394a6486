import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/stream.js';
import { extractThoughtSignature } from '../../core/tool-call-id.js';
import { createOpenAIChatStreamEncoder } from './encode-stream.js';
import { sseData } from '../../../test/helpers/sse.js';

/** What a Chat client sees of each chunk: the delta and finish_reason of choice 0, or the usage. */
function deltas(text: string): unknown[] {
  return sseData(text).map((chunk) => {
    if (chunk === '[DONE]') return chunk;
    const record = chunk as { choices: Array<{ delta: unknown; finish_reason: string | null }>; usage?: unknown; error?: unknown };
    if (record.error !== undefined) return { error: record.error };
    if (record.choices.length === 0) return { usage: record.usage };
    const choice = record.choices[0];
    return choice?.finish_reason === null ? choice.delta : { finish_reason: choice?.finish_reason };
  });
}

function run(events: StreamEvent[], includeUsage: boolean): string {
  const encoder = createOpenAIChatStreamEncoder({ model: 'client-model', includeUsage });
  return events.map((event) => encoder.encode(event)).join('') + encoder.end();
}

/** An Anthropic-like turn: thinking, text, two tool calls (canonical indexes 0-3), usage after the stop reason. */
const turn: StreamEvent[] = [
  { type: 'message-start', id: 'msg_1', model: 'claude', created: 1700000000, usage: { inputTokens: 20, cacheReadTokens: 8 } },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Two ' },
  { type: 'reasoning-delta', index: 0, text: 'cities.' },
  { type: 'reasoning-signature', index: 0, signature: 'sig' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Checking' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_1', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'tool-call-start', index: 3, id: 'toolu_2', name: 'get_weather' },
  { type: 'tool-call-delta', index: 3, argumentsDelta: '{"city":"Tokyo"}' },
  { type: 'tool-call-end', index: 3 },
  { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_use' },
  { type: 'usage', usage: { outputTokens: 30, reasoningTokens: 4 } },
];

test('role first, reasoning_content, content, parallel tool calls indexed among tool calls only, finish, usage, [DONE]', () => {
  const text = run(turn, true);
  assert.deepEqual(deltas(text), [
    { role: 'assistant', content: '' },
    { reasoning_content: 'Two ' },
    { reasoning_content: 'cities.' },
    { content: 'Checking' },
    { tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
    { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
    { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
    { tool_calls: [{ index: 1, id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
    { tool_calls: [{ index: 1, function: { arguments: '{"city":"Tokyo"}' } }] },
    { finish_reason: 'tool_calls' },
    {
      usage: {
        prompt_tokens: 20,
        completion_tokens: 30,
        total_tokens: 50,
        prompt_tokens_details: { cached_tokens: 8 },
        completion_tokens_details: { reasoning_tokens: 4 },
      },
    },
    '[DONE]',
  ]);
  const first = sseData(text)[0] as Record<string, unknown>;
  assert.deepEqual([first.id, first.object, first.created, first.model], ['chatcmpl-msg_1', 'chat.completion.chunk', 1700000000, 'client-model']);
});

test('no usage chunk unless the client asked for it', () => {
  const shapes = deltas(run(turn, false));
  assert.deepEqual(shapes.slice(-2), [{ finish_reason: 'tool_calls' }, '[DONE]']);
});

test('a Gemini thought signature on tool-call-start rides in the id', () => {
  const text = run(
    [
      { type: 'message-start', id: 'g1', model: 'gemini' },
      { type: 'tool-call-start', index: 0, id: 'call_x', name: 'f', thoughtSignature: 'opaque-sig' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'finish', finishReason: 'tool-calls' },
    ],
    false,
  );
  const head = deltas(text)[1] as { tool_calls: Array<{ id: string }> };
  assert.deepEqual(extractThoughtSignature(head.tool_calls[0]?.id ?? ''), { id: 'call_x', thoughtSignature: 'opaque-sig' });
});

test('custom tool calls stream as Chat custom calls', () => {
  const shapes = deltas(
    run(
      [
        { type: 'tool-call-start', index: 0, id: 'c1', name: 'apply_patch', kind: 'custom' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '*** Begin Patch' },
        { type: 'tool-call-end', index: 0 },
        { type: 'finish', finishReason: 'tool-calls' },
      ],
      false,
    ),
  );
  assert.deepEqual(shapes.slice(1, 3), [
    { tool_calls: [{ index: 0, id: 'c1', type: 'custom', custom: { name: 'apply_patch', input: '' } }] },
    { tool_calls: [{ index: 0, custom: { input: '*** Begin Patch' } }] },
  ]);
});

test('a tool call streams: the head when it starts, each piece when it arrives; interleaved parallel calls keep their index', () => {
  const encoder = createOpenAIChatStreamEncoder({ model: 'm', includeUsage: false });
  encoder.encode({ type: 'message-start', id: 'x', model: 'u' });
  assert.deepEqual(deltas(encoder.encode({ type: 'tool-call-start', index: 0, id: 'call_a', name: 'write_file' })), [
    { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'write_file', arguments: '' } }] },
  ]);
  assert.deepEqual(deltas(encoder.encode({ type: 'tool-call-delta', index: 0, argumentsDelta: '{"path":' })), [{ tool_calls: [{ index: 0, function: { arguments: '{"path":' } }] }]);
  assert.deepEqual(deltas(encoder.encode({ type: 'tool-call-start', index: 1, id: 'call_b', name: 'read_file' })), [
    { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'read_file', arguments: '' } }] },
  ]);
  assert.deepEqual(deltas(encoder.encode({ type: 'tool-call-delta', index: 1, argumentsDelta: '{"path":"b"}' })), [{ tool_calls: [{ index: 1, function: { arguments: '{"path":"b"}' } }] }]);
  assert.deepEqual(deltas(encoder.encode({ type: 'tool-call-delta', index: 0, argumentsDelta: '"a"}' })), [{ tool_calls: [{ index: 0, function: { arguments: '"a"}' } }] }]);
  assert.equal(encoder.encode({ type: 'tool-call-end', index: 1 }), '');
  assert.equal(encoder.encode({ type: 'tool-call-end', index: 0 }), '');
});

test('an upstream error mid-stream: the error chunk, still a finish_reason chunk, then [DONE], and nothing after', () => {
  const encoder = createOpenAIChatStreamEncoder({ model: 'm', includeUsage: true });
  let text = encoder.encode({ type: 'text-start', index: 0 });
  text += encoder.encode({ type: 'text-delta', index: 0, text: 'partial' });
  text += encoder.encode({ type: 'error', error: new GatewayError({ code: 'SY_UPSTREAM_ERROR', status: 502, message: 'overloaded' }) });
  text += encoder.encode({ type: 'text-delta', index: 0, text: 'late' });
  text += encoder.end();
  assert.deepEqual(deltas(text), [
    { role: 'assistant', content: '' },
    { content: 'partial' },
    { error: { message: 'overloaded', type: 'server_error', param: null, code: 'SY_UPSTREAM_ERROR' } },
    { finish_reason: 'stop' },
    '[DONE]',
  ]);
});

test('a stream that ends without a finish event still gets role, finish_reason and [DONE]', () => {
  assert.deepEqual(deltas(run([], false)), [{ role: 'assistant', content: '' }, { finish_reason: 'stop' }, '[DONE]']);
});
