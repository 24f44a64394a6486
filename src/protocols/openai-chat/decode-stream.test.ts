import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/stream.js';
import { sseData, sseEvents } from '../../../test/helpers/sse.js';
import { createOpenAIChatStreamDecoder } from './decode-stream.js';
import { createOpenAIChatStreamEncoder } from './encode-stream.js';

function decodeAll(chunks: unknown[], options: { end?: boolean } = {}): StreamEvent[] {
  const decoder = createOpenAIChatStreamDecoder({ provider: 'p' });
  const events = sseEvents(chunks).flatMap((event) => decoder.decode(event));
  return options.end === false ? events : [...events, ...decoder.end()];
}

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o', system_fingerprint: 'fp' };
function chunk(delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra };
}
const usage = { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 3 } };
const canonicalUsage = { inputTokens: 9, cacheReadTokens: 4, cacheWriteTokens: 0, outputTokens: 12, reasoningTokens: 3 };

test('an OpenAI stream (shape from the streaming reference): reasoning, text, two parallel calls, finish held until after usage', () => {
  const events = decodeAll([
    chunk({ role: 'assistant', content: '', refusal: null }, null, { usage: null }),
    chunk({ reasoning_content: 'Think' }),
    chunk({ content: 'Hi' }),
    chunk({ content: ' there' }),
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
    chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 1, function: { arguments: '{"city":"Tokyo"}' } }] }),
    chunk({}, 'tool_calls'),
    { ...base, choices: [], usage },
    '[DONE]',
  ]);
  assert.deepEqual(events, [
    { type: 'message-start', id: 'chatcmpl-1', model: 'gpt-4o', created: 1700000000 },
    { type: 'reasoning-start', index: 0 },
    { type: 'reasoning-delta', index: 0, text: 'Think' },
    { type: 'reasoning-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Hi' },
    { type: 'text-delta', index: 1, text: ' there' },
    { type: 'text-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'call_1', name: 'get_weather', kind: 'function' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'tool-call-start', index: 3, id: 'call_2', name: 'get_weather', kind: 'function' },
    { type: 'tool-call-delta', index: 3, argumentsDelta: '{"city":"Tokyo"}' },
    { type: 'tool-call-end', index: 3 },
    { type: 'usage', usage: canonicalUsage },
    { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_calls' },
  ]);
});

function toolCalls(events: StreamEvent[]): Array<{ id: string; name: string; arguments: string }> {
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  for (const event of events) {
    if (event.type === 'tool-call-start') calls.set(event.index, { id: event.id, name: event.name, arguments: '' });
    if (event.type === 'tool-call-delta') {
      const call = calls.get(event.index);
      if (call !== undefined) call.arguments += event.argumentsDelta;
    }
  }
  return [...calls.values()];
}

const parallel = [
  { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
  { id: 'call_2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
];

test('providers that omit index, send arguments whole, or put several calls in one chunk', () => {
  const noIndex = decodeAll([
    chunk({ tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }),
    chunk({ tool_calls: [{ function: { arguments: '"Paris"}' } }] }),
    chunk({ tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] }),
    chunk({}, 'tool_calls'),
  ]);
  assert.deepEqual(toolCalls(noIndex), parallel);

  const oneChunk = decodeAll([
    chunk({
      role: 'assistant',
      tool_calls: [
        { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { index: 1, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
      ],
    }),
    chunk({}, 'tool_calls'),
  ]);
  assert.deepEqual(toolCalls(oneChunk), parallel);
  // Blocks are closed in order: the first call ends before the second starts.
  assert.deepEqual(
    oneChunk.filter((event) => event.type.startsWith('tool-call-s') || event.type === 'tool-call-end').map((event) => `${event.type}:${'index' in event ? event.index : ''}`),
    ['tool-call-start:0', 'tool-call-end:0', 'tool-call-start:1', 'tool-call-end:1'],
  );

  const reusedIndex = decodeAll([
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }),
    chunk({ tool_calls: [{ index: 0, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"Tokyo"}' } }] }),
    chunk({}, 'tool_calls'),
  ]);
  assert.deepEqual(toolCalls(reusedIndex), parallel);
});

test('a name that arrives after the id opens the call late, without losing arguments; a nameless call still closes', () => {
  const events = decodeAll([
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { arguments: '{"a"' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: ':1}' } }] }),
    chunk({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }),
  ]);
  const calls = toolCalls(events);
  assert.deepEqual(calls[0], { id: 'call_1', name: 'f', arguments: '{"a":1}' });
  assert.equal(calls[1]?.arguments, '{}');
  assert.match(calls[1]?.id ?? '', /^call_/);
  assert.deepEqual(events.at(-1), { type: 'finish', finishReason: 'other' });
});

test('usage in the last content chunk, no [DONE]: usage then finish at the end', () => {
  const events = decodeAll([chunk({ content: 'ok' }), chunk({}, 'stop', { usage })]);
  assert.deepEqual(events.slice(1), [
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'ok' },
    { type: 'text-end', index: 0 },
    { type: 'usage', usage: canonicalUsage },
    { type: 'finish', finishReason: 'stop', rawFinishReason: 'stop' },
  ]);
  assert.equal(events.filter((event) => event.type === 'finish').length, 1);
});

test('an {"error": …} chunk ends the stream with an error event keeping the upstream message', () => {
  const events = decodeAll([chunk({ content: 'part' }), { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } }, chunk({ content: 'ignored' })]);
  assert.deepEqual(events.slice(0, 4).map((event) => event.type), ['message-start', 'text-start', 'text-delta', 'text-end']);
  const last = events.at(-1);
  assert.equal(events.length, 5);
  assert.ok(last?.type === 'error' && last.error instanceof GatewayError);
  assert.equal(last.error.message, 'The server had an error');
  assert.equal(last.error.status, 502);
});

test('a chunk that is not JSON is an upstream bad response', () => {
  const events = decodeAll(['{not json'], { end: false });
  assert.ok(events[0]?.type === 'error' && events[0].error.code === 'SY_UPSTREAM_BAD_RESPONSE');
});

test('round trip: Chat chunks → canonical → Chat chunks → canonical is stable', () => {
  const upstream = [
    chunk({ role: 'assistant', content: '' }),
    chunk({ reasoning_content: 'Think' }),
    chunk({ content: 'Hi' }),
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }),
    chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] }),
    chunk({}, 'tool_calls'),
    { ...base, choices: [], usage },
    '[DONE]',
  ];
  const first = decodeAll(upstream);
  const encoder = createOpenAIChatStreamEncoder({ model: 'gpt-4o', includeUsage: true });
  const text = first.map((event) => encoder.encode(event)).join('') + encoder.end();
  const decoder = createOpenAIChatStreamDecoder({});
  const again = sseData(text).map((data) => (data === '[DONE]' ? data : JSON.stringify(data)));
  const events = sseEvents(again).flatMap((event) => decoder.decode(event));
  // The id comes back as chatcmpl-…, as it went out; everything else is identical.
  assert.deepEqual([...events, ...decoder.end()], first);
});

test('interleaved pieces of parallel calls (every head first, then the arguments alternating) each land on their own block', () => {
  const events = decodeAll([
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
    chunk({ tool_calls: [{ index: 1, function: { arguments: '{"city":' } }] }),
    chunk({ tool_calls: [{ index: 1, function: { arguments: '"Tokyo"}' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
    chunk({}, 'tool_calls'),
  ]);
  assert.deepEqual(toolCalls(events), parallel);
  assert.deepEqual(
    events.filter((event) => event.type.startsWith('tool-call')).map((event) => `${event.type}:${'index' in event ? event.index : ''}`),
    ['tool-call-start:0', 'tool-call-start:1', 'tool-call-delta:0', 'tool-call-delta:1', 'tool-call-delta:1', 'tool-call-delta:0', 'tool-call-end:0', 'tool-call-end:1'],
  );
  // A call whose arguments are already whole is closed when the next starts, so one-block-at-a-time encoders stream the next at once.
  const sequential = decodeAll([
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }),
    chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
    chunk({ tool_calls: [{ index: 1, function: { arguments: '{"city":"Tokyo"}' } }] }),
  ]);
  assert.deepEqual(
    sequential.filter((event) => event.type.startsWith('tool-call')).map((event) => `${event.type}:${'index' in event ? event.index : ''}`),
    ['tool-call-start:0', 'tool-call-delta:0', 'tool-call-end:0', 'tool-call-start:1', 'tool-call-delta:1', 'tool-call-end:1'],
  );
});
