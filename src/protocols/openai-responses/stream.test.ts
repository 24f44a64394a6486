import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import OpenAI from 'openai';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/stream.js';
import { embedThoughtSignature } from '../../core/tool-call-id.js';
import { createSseDecoder, type SseEvent } from '../sse/decode.js';
import { createResponsesStreamDecoder } from './decode-stream.js';
import { createResponsesStreamEncoder } from './encode-stream.js';

type Wire = Record<string, unknown> & { type: string; sequence_number: number };

function encodeAll(events: StreamEvent[]): string {
  const encoder = createResponsesStreamEncoder({ model: 'alias' });
  return events.map((event) => encoder.encode(event)).join('') + encoder.end();
}

function parse(text: string): Wire[] {
  const decoder = createSseDecoder();
  return [...decoder.push(text), ...decoder.flush()].map((event) => {
    const data = JSON.parse(event.data) as Wire;
    // Named events: the `event:` line and the data's type agree.
    assert.equal(event.event, data.type);
    return data;
  });
}

const translated: StreamEvent[] = [
  { type: 'message-start', id: 'msg_01Anthropic', model: 'claude', created: 1700000000 },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Let me ' },
  { type: 'reasoning-delta', index: 0, text: 'think.' },
  { type: 'reasoning-signature', index: 0, signature: 'anthropic-sig' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Hi' },
  { type: 'text-delta', index: 1, text: ' there' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'call_1', name: 'get_weather', thoughtSignature: 'gemini-sig' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'tool-call-start', index: 3, id: 'call_2', name: 'apply_patch', kind: 'custom' },
  { type: 'tool-call-delta', index: 3, argumentsDelta: '*** Begin Patch' },
  { type: 'tool-call-end', index: 3 },
  { type: 'finish', finishReason: 'tool-calls' },
  // Usage after the finish (Chat sends its usage chunk last) still counts.
  { type: 'usage', usage: { inputTokens: 20, cacheReadTokens: 5, outputTokens: 9, reasoningTokens: 3 } },
];

test('the stream encoder emits the exact Responses event sequence, numbered from 0', () => {
  const events = parse(encodeAll(translated));
  assert.deepEqual(
    events.map((event) => event.type),
    [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
      'response.completed',
    ],
  );
  assert.deepEqual(
    events.map((event) => event.sequence_number),
    events.map((_event, index) => index),
  );
  // Stable item ids and output_index from added to done.
  const added = events.filter((event) => event.type === 'response.output_item.added');
  const done = events.filter((event) => event.type === 'response.output_item.done');
  assert.deepEqual(
    added.map((event) => [event.output_index, (event.item as { id: string }).id]),
    done.map((event) => [event.output_index, (event.item as { id: string }).id]),
  );
  assert.deepEqual(
    added.map((event) => event.output_index),
    [0, 1, 2, 3],
  );
  for (const event of events) {
    if ('item_id' in event) assert.equal(event.item_id, (added.find((candidate) => candidate.output_index === event.output_index)?.item as { id: string }).id);
  }
  const created = events[0]?.response as Record<string, unknown>;
  assert.deepEqual([created.id, created.status, created.model, created.created_at], ['resp_msg01Anthropic', 'in_progress', 'alias', 1700000000]);
  const call = done[2]?.item as Record<string, unknown>;
  assert.deepEqual(call, { id: 'fc_call_1', type: 'function_call', status: 'completed', arguments: '{"city":"Paris"}', call_id: embedThoughtSignature('call_1', 'gemini-sig'), name: 'get_weather' });
  // The call id with its signature is already in output_item.added.
  assert.equal((added[2]?.item as { call_id: string }).call_id, call.call_id);
  assert.deepEqual(events[19], { type: 'response.function_call_arguments.done', item_id: 'fc_call_1', output_index: 2, name: 'get_weather', arguments: '{"city":"Paris"}', sequence_number: 19 });
  const completed = events.at(-1)?.response as Record<string, unknown>;
  assert.equal(completed.status, 'completed');
  assert.deepEqual(completed.output, done.map((event) => event.item));
  assert.deepEqual(completed.usage, { input_tokens: 20, input_tokens_details: { cached_tokens: 5 }, output_tokens: 9, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 29 });
  assert.deepEqual((done[0]?.item as Record<string, unknown>).summary, [{ type: 'summary_text', text: 'Let me think.' }]);
});

test('a function call streams: output_item.added at its start, each arguments delta as it arrives; interleaved calls keep their item', () => {
  const encoder = createResponsesStreamEncoder({ model: 'alias' });
  encoder.encode({ type: 'message-start', id: 'x', model: 'm' });
  const added = parse(encoder.encode({ type: 'tool-call-start', index: 0, id: 'call_a', name: 'write_file', thoughtSignature: 'sig' }));
  assert.equal(added.length, 1);
  assert.equal(added[0]?.type, 'response.output_item.added');
  assert.equal(added[0]?.output_index, 0);
  assert.deepEqual(added[0]?.item, { id: 'fc_call_a', type: 'function_call', status: 'in_progress', arguments: '', call_id: embedThoughtSignature('call_a', 'sig'), name: 'write_file' });
  const second = parse(encoder.encode({ type: 'tool-call-start', index: 1, id: 'call_b', name: 'read_file' }));
  assert.equal(second[0]?.output_index, 1);
  const pieces: Array<[number, string]> = [[0, '{"path":'], [1, '{"path":"b"}'], [0, '"a"}']];
  for (const [index, argumentsDelta] of pieces) {
    const [delta] = parse(encoder.encode({ type: 'tool-call-delta', index, argumentsDelta }));
    assert.deepEqual({ type: delta?.type, item_id: delta?.item_id, output_index: delta?.output_index, delta: delta?.delta }, {
      type: 'response.function_call_arguments.delta',
      item_id: index === 0 ? 'fc_call_a' : 'fc_call_b',
      output_index: index,
      delta: argumentsDelta,
    });
  }
  const doneB = parse(encoder.encode({ type: 'tool-call-end', index: 1 }));
  assert.deepEqual(doneB.map((event) => event.type), ['response.function_call_arguments.done', 'response.output_item.done']);
  assert.equal(doneB[0]?.arguments, '{"path":"b"}');
  const doneA = parse(encoder.encode({ type: 'tool-call-end', index: 0 }));
  assert.equal(doneA[0]?.arguments, '{"path":"a"}');
  encoder.encode({ type: 'finish', finishReason: 'tool-calls' });
  const [completed] = parse(encoder.end());
  const output = (completed?.response as { output: Array<Record<string, unknown>> }).output;
  assert.deepEqual(output.map((item) => [item.call_id, item.arguments, item.status]), [
    [embedThoughtSignature('call_a', 'sig'), '{"path":"a"}', 'completed'],
    ['call_b', '{"path":"b"}', 'completed'],
  ]);
});

test('an error mid-stream ends with an error event and response.failed, then nothing', () => {
  const encoder = createResponsesStreamEncoder({ model: 'alias' });
  let text = '';
  for (const event of [
    { type: 'message-start', id: 'x', model: 'm' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'partial' },
    { type: 'error', error: new GatewayError({ code: 'SY_UPSTREAM_UNREACHABLE', status: 502, message: 'upstream went away' }) },
    { type: 'finish', finishReason: 'stop' },
  ] satisfies StreamEvent[]) {
    text += encoder.encode(event);
  }
  text += encoder.end();
  const events = parse(text);
  assert.deepEqual(
    events.map((event) => event.type),
    ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'error', 'response.failed'],
  );
  assert.deepEqual(events[5], { type: 'error', code: 'server_error', message: 'upstream went away', param: null, sequence_number: 5 });
  const failed = events[6]?.response as Record<string, unknown>;
  assert.equal(failed.status, 'failed');
  assert.deepEqual(failed.error, { code: 'server_error', message: 'upstream went away' });
});

test('finish by length ends with response.incomplete', () => {
  const events = parse(encodeAll([{ type: 'message-start', id: 'x', model: 'm' }, { type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'cut' }, { type: 'finish', finishReason: 'length' }]));
  const last = events.at(-1);
  assert.equal(last?.type, 'response.incomplete');
  // The open text block was closed before the terminal event.
  assert.deepEqual(events.slice(-4, -1).map((event) => event.type), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done']);
  assert.deepEqual((last?.response as Record<string, unknown>).incomplete_details, { reason: 'max_output_tokens' });
});

/** A Responses stream as the streaming API reference shows it (abridged ids). */
const upstreamStream = [
  { type: 'response.created', response: { id: 'resp_1', model: 'gpt-5', created_at: 1, status: 'in_progress', output: [] } },
  { type: 'response.in_progress', response: { id: 'resp_1', model: 'gpt-5', created_at: 1, status: 'in_progress', output: [] } },
  { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } },
  { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } },
  { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'First.' },
  { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 1, part: { type: 'summary_text', text: '' } },
  { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 1, delta: 'Second.' },
  { type: 'response.output_item.done', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [], encrypted_content: 'enc' } },
  { type: 'response.output_item.added', output_index: 1, item: { id: 'msg_1', type: 'message', role: 'assistant', status: 'in_progress', content: [] } },
  { type: 'response.content_part.added', item_id: 'msg_1', output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
  { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'Hello' },
  { type: 'response.output_text.done', item_id: 'msg_1', output_index: 1, content_index: 0, text: 'Hello' },
  { type: 'response.content_part.done', item_id: 'msg_1', output_index: 1, content_index: 0, part: { type: 'output_text', text: 'Hello', annotations: [] } },
  { type: 'response.output_item.done', output_index: 1, item: { id: 'msg_1', type: 'message' } },
  { type: 'response.output_item.added', output_index: 2, item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '' } },
  { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 2, delta: '{"a":' },
  { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 2, delta: '1}' },
  { type: 'response.function_call_arguments.done', item_id: 'fc_1', output_index: 2, arguments: '{"a":1}' },
  { type: 'response.output_item.done', output_index: 2, item: { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"a":1}' } },
  // A call whose arguments come only whole, in output_item.done.
  { type: 'response.output_item.added', output_index: 3, item: { id: 'fc_2', type: 'function_call', call_id: 'call_2', name: 'g', arguments: '' } },
  { type: 'response.output_item.done', output_index: 3, item: { id: 'fc_2', type: 'function_call', call_id: 'call_2', name: 'g', arguments: '{}' } },
  {
    type: 'response.completed',
    response: { id: 'resp_1', status: 'completed', output: [], usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 2 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 4 }, total_tokens: 17 } },
  },
].map((event, index) => ({ ...event, sequence_number: index }));

function sse(event: Record<string, unknown>): SseEvent {
  const data = JSON.stringify(event);
  return { event: event.type as string, data, raw: `event: ${event.type as string}\ndata: ${data}\n\n` };
}

test('the stream decoder turns a Responses stream into canonical events', () => {
  const decoder = createResponsesStreamDecoder();
  const events = [...upstreamStream.flatMap((event) => decoder.decode(sse(event))), ...decoder.end()];
  assert.deepEqual(events, [
    { type: 'message-start', id: 'resp_1', model: 'gpt-5', created: 1 },
    { type: 'reasoning-start', index: 0, itemId: 'rs_1' },
    { type: 'reasoning-delta', index: 0, text: 'First.' },
    { type: 'reasoning-delta', index: 0, text: '\n\n' },
    { type: 'reasoning-delta', index: 0, text: 'Second.' },
    { type: 'reasoning-end', index: 0, encryptedContent: 'enc' },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Hello' },
    { type: 'text-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'call_1', name: 'f', kind: 'function', itemId: 'fc_1' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '{"a":' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '1}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'tool-call-start', index: 3, id: 'call_2', name: 'g', kind: 'function', itemId: 'fc_2' },
    { type: 'tool-call-delta', index: 3, argumentsDelta: '{}' },
    { type: 'tool-call-end', index: 3 },
    { type: 'usage', usage: { inputTokens: 10, cacheReadTokens: 2, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 4 } },
    { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'completed' },
  ]);
});

test('the stream decoder reports failures: response.failed, error events, and a stream cut short', () => {
  const failed = createResponsesStreamDecoder();
  const failedEvents = failed.decode(sse({ type: 'response.failed', response: { id: 'r', status: 'failed', error: { code: 'rate_limit_exceeded', message: 'slow' } } }));
  const error = failedEvents.at(-1);
  assert.ok(error?.type === 'error');
  assert.deepEqual([error.error.status, error.error.code], [429, 'SY_RATE_LIMITED']);
  const cut = createResponsesStreamDecoder();
  cut.decode(sse(upstreamStream[0] ?? {}));
  cut.decode(sse(upstreamStream[8] ?? {}));
  cut.decode(sse(upstreamStream[9] ?? {}));
  const ending = cut.end();
  assert.deepEqual(ending.map((event) => event.type), ['text-end', 'error']);
});

test('a reasoning summary that arrives only in output_item.done is still decoded', () => {
  const decoder = createResponsesStreamDecoder();
  const events = [
    { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_9', type: 'reasoning', summary: [] } },
    { type: 'response.output_item.done', output_index: 0, item: { id: 'rs_9', type: 'reasoning', summary: [{ type: 'summary_text', text: 'a' }, { type: 'summary_text', text: 'b' }] } },
  ].flatMap((event) => decoder.decode(sse(event)));
  assert.deepEqual(events, [
    { type: 'reasoning-start', index: 0, itemId: 'rs_9' },
    { type: 'reasoning-delta', index: 0, text: 'a\n\nb' },
    { type: 'reasoning-end', index: 0 },
  ]);
});

test('decode ∘ encode: a Responses stream re-encoded keeps its items', () => {
  const decoder = createResponsesStreamDecoder();
  const canonical = [...upstreamStream.flatMap((event) => decoder.decode(sse(event))), ...decoder.end()];
  const events = parse(encodeAll(canonical));
  const completed = events.at(-1)?.response as { id: string; output: Array<Record<string, unknown>> };
  assert.equal(completed.id, 'resp_1');
  assert.deepEqual(completed.output[0], { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'First.\n\nSecond.' }], encrypted_content: 'enc' });
  assert.deepEqual(
    completed.output.slice(2).map((item) => [item.id, item.call_id, item.arguments]),
    [
      ['fc_1', 'call_1', '{"a":1}'],
      ['fc_2', 'call_2', '{}'],
    ],
  );
});

test('the openai SDK accumulates the encoder output into the same final response', async () => {
  const body = encodeAll(translated);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new OpenAI({ apiKey: 'k', baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, maxRetries: 0 });
    const stream = client.responses.stream({ model: 'alias', input: 'x' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.snapshot));
    const final = await stream.finalResponse();
    assert.deepEqual(deltas, ['Hi', 'Hi there']);
    assert.equal(final.output_text, 'Hi there');
    const expected = parse(body).at(-1)?.response as { output: unknown[] };
    // The SDK adds its own parsed / parsed_arguments helpers; the rest must match.
    const withoutHelpers = JSON.parse(JSON.stringify(final.output, (key, value: unknown) => (key === 'parsed' || key === 'parsed_arguments' ? undefined : value))) as unknown;
    assert.deepEqual(withoutHelpers, expected.output);
  } finally {
    server.close();
  }
});
