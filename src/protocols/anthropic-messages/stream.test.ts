import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/stream.js';
import { extractThoughtSignature } from '../../core/tool-call-id.js';
import { createSseDecoder } from '../sse/decode.js';
import { createAnthropicStreamDecoder } from './decode-stream.js';
import { createAnthropicStreamEncoder } from './encode-stream.js';

function sse(type: string, payload: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
}

function decodeAll(text: string): StreamEvent[] {
  const decoder = createAnthropicStreamDecoder();
  const frames = createSseDecoder();
  const events = [...frames.push(text), ...frames.flush()].flatMap((event) => decoder.decode(event));
  return [...events, ...decoder.end()];
}

function wireEvents(text: string): Array<Record<string, unknown>> {
  const frames = createSseDecoder();
  return [...frames.push(text), ...frames.flush()].map((event) => {
    const data = JSON.parse(event.data) as Record<string, unknown>;
    assert.equal(event.event, data.type, 'the event name matches the data type');
    return data;
  });
}

// The streaming sequence of https://docs.anthropic.com/en/docs/build-with-claude/streaming
// (extended thinking + tool use example), with cache usage in message_start.
const upstreamStream =
  sse('message_start', {
    message: { id: 'msg_01', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-6', stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, cache_creation_input_tokens: 10, cache_read_input_tokens: 100, output_tokens: 1 } },
  }) +
  sse('content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }) +
  sse('ping', {}) +
  sse('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } }) +
  sse('content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } }) +
  sse('content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM' } }) +
  sse('content_block_stop', { index: 0 }) +
  sse('content_block_start', { index: 1, content_block: { type: 'text', text: '' } }) +
  sse('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'Okay' } }) +
  sse('content_block_stop', { index: 1 }) +
  sse('content_block_start', { index: 2, content_block: { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: {} } }) +
  sse('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '' } }) +
  sse('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '{"location": ' } }) +
  sse('content_block_delta', { index: 2, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } }) +
  sse('content_block_stop', { index: 2 }) +
  sse('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 89 } }) +
  sse('message_stop', {});

test('the stream decoder maps every Anthropic event, usage in canonical accounting', () => {
  assert.deepEqual(decodeAll(upstreamStream), [
    { type: 'message-start', id: 'msg_01', model: 'claude-sonnet-4-6', usage: { inputTokens: 135, cacheReadTokens: 100, cacheWriteTokens: 10, outputTokens: 1, reasoningTokens: 0 } },
    { type: 'reasoning-start', index: 0 },
    { type: 'reasoning-delta', index: 0, text: 'Let me ' },
    { type: 'reasoning-delta', index: 0, text: 'think.' },
    { type: 'reasoning-signature', index: 0, signature: 'EqQBCgIYAhIM' },
    { type: 'reasoning-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Okay' },
    { type: 'text-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'toolu_01', name: 'get_weather', kind: 'function' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '{"location": ' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'usage', usage: { outputTokens: 89 } },
    { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_use' },
  ]);
});

test('cache fields in message_delta (compatible vendors), redacted thinking, skipped server-tool blocks', () => {
  const events = decodeAll(
    sse('message_start', { message: { id: 'm', model: 'qwen', usage: { input_tokens: 5 } } }) +
      sse('content_block_start', { index: 0, content_block: { type: 'server_tool_use', id: 'srv', name: 'web_search', input: {} } }) +
      sse('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"q":1}' } }) +
      sse('content_block_stop', { index: 0 }) +
      sse('content_block_start', { index: 1, content_block: { type: 'redacted_thinking', data: 'REDACTED' } }) +
      sse('content_block_stop', { index: 1 }) +
      sse('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7, input_tokens: 5, cache_read_input_tokens: 40 } }),
  );
  assert.deepEqual(events.slice(1), [
    { type: 'reasoning-start', index: 0, redactedData: 'REDACTED' },
    { type: 'reasoning-end', index: 0 },
    { type: 'usage', usage: { inputTokens: 45, cacheReadTokens: 40, outputTokens: 7 } },
    { type: 'finish', finishReason: 'stop', rawFinishReason: 'end_turn' },
  ]);
});

test('an error event and a cut stream both end in an error event, closing open blocks', () => {
  const failed = decodeAll(
    sse('message_start', { message: { id: 'm', model: 'c', usage: {} } }) +
      sse('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
      sse('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
  );
  assert.deepEqual(failed.slice(1, 3), [{ type: 'text-start', index: 0 }, { type: 'text-end', index: 0 }]);
  const error = failed.at(-1);
  assert.ok(error?.type === 'error');
  assert.equal(error.error.message, 'Overloaded');
  assert.equal(error.error.status, 529);
  assert.equal(error.error.retryable, true);
  assert.equal(failed.length, 4);

  const cut = decodeAll(sse('message_start', { message: { id: 'm', model: 'c' } }) + sse('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 't', name: 'f', input: {} } }));
  assert.deepEqual(cut.slice(1, 3).map((event) => event.type), ['tool-call-start', 'tool-call-end']);
  assert.equal(cut.at(-1)?.type, 'error');
});

/** Interleaved blocks as a Chat or Gemini decoder may produce them: blocks overlap, parallel tool deltas alternate. */
const interleaved: StreamEvent[] = [
  { type: 'message-start', id: 'chatcmpl-1', model: 'gpt', usage: { inputTokens: 300, cacheReadTokens: 200 } },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Hmm, ' },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Checking ' },
  { type: 'reasoning-delta', index: 0, text: 'two cities.' },
  { type: 'reasoning-end', index: 0 },
  { type: 'tool-call-start', index: 2, id: 'call_a', name: 'get_weather', thoughtSignature: 'gemini-thought' },
  { type: 'tool-call-start', index: 3, id: 'call_b', name: 'get_weather' },
  { type: 'tool-call-delta', index: 3, argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
  { type: 'text-delta', index: 1, text: 'both.' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-delta', index: 3, argumentsDelta: '"Tokyo"}' },
  { type: 'tool-call-end', index: 3 },
  { type: 'tool-call-end', index: 2 },
  { type: 'usage', usage: { outputTokens: 42 } },
  { type: 'finish', finishReason: 'tool-calls' },
];

function encodeAll(events: StreamEvent[], model = 'claude-via-gateway'): string {
  const encoder = createAnthropicStreamEncoder({ model });
  return events.map((event) => encoder.encode(event)).join('') + encoder.end();
}

test('the stream encoder keeps block indexes right when text, thinking and parallel tool calls interleave', () => {
  const wire = wireEvents(encodeAll(interleaved));
  let open: number | undefined;
  let expectedNext = 0;
  for (const event of wire) {
    if (event.type === 'content_block_start') {
      assert.equal(open, undefined, 'a block opens only after the previous one stopped');
      assert.equal(event.index, expectedNext, 'indexes count content blocks in order');
      open = event.index;
      expectedNext += 1;
    } else if (event.type === 'content_block_delta') assert.equal(event.index, open, 'deltas go to the open block');
    else if (event.type === 'content_block_stop') {
      assert.equal(event.index, open);
      open = undefined;
    }
  }
  assert.deepEqual(
    wire.map((event) => event.type),
    ['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'],
  );
  const start = wire[0]?.message as Record<string, unknown>;
  assert.equal(start.model, 'claude-via-gateway');
  assert.deepEqual(start.usage, { input_tokens: 100, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 200 });
  const delta = wire.at(-2) as Record<string, unknown>;
  assert.deepEqual(delta.delta, { stop_reason: 'tool_use', stop_sequence: null });
  assert.equal((delta.usage as Record<string, unknown>).output_tokens, 42);
  const firstTool = wire.find((event) => event.type === 'content_block_start' && event.index === 2)?.content_block as Record<string, string>;
  assert.deepEqual(extractThoughtSignature(firstTool.id ?? ''), { id: 'call_a', thoughtSignature: 'gemini-thought' });
  const firstToolDeltas = wire.filter((event) => event.type === 'content_block_delta' && event.index === 2).map((event) => (event.delta as Record<string, string>).partial_json);
  assert.deepEqual(firstToolDeltas, ['', '{"city":', '"Paris"}'], 'the first delta is empty, as Anthropic sends it; pieces keep their split');
});

test('decode∘encode of a stream gives back the same blocks', () => {
  const events = decodeAll(encodeAll(interleaved));
  const texts = new Map<number, string>();
  const tools = new Map<number, { id: string; name: string; args: string }>();
  for (const event of events) {
    if (event.type === 'text-delta' || event.type === 'reasoning-delta') texts.set(event.index, (texts.get(event.index) ?? '') + event.text);
    if (event.type === 'tool-call-start') tools.set(event.index, { id: event.id, name: event.name, args: '' });
    if (event.type === 'tool-call-delta') {
      const tool = tools.get(event.index);
      if (tool !== undefined) tool.args += event.argumentsDelta;
    }
  }
  assert.deepEqual([...texts.values()], ['Hmm, two cities.', 'Checking both.']);
  assert.deepEqual(
    [...tools.values()].map((tool) => [extractThoughtSignature(tool.id).id, JSON.parse(tool.args) as unknown]),
    [['call_a', { city: 'Paris' }], ['call_b', { city: 'Tokyo' }]],
  );
  const finish = events.find((event) => event.type === 'finish');
  assert.deepEqual(finish, { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_use' });
});

test('the official SDK reads the encoder output as a message', async () => {
  const body = encodeAll([
    ...interleaved.slice(0, -2),
    { type: 'reasoning-start', index: 4 },
    { type: 'reasoning-delta', index: 4, text: 'signed' },
    { type: 'reasoning-signature', index: 4, signature: 'c2ln' },
    { type: 'reasoning-end', index: 4 },
    { type: 'usage', usage: { outputTokens: 42 } },
    { type: 'finish', finishReason: 'tool-calls' },
  ]);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new Anthropic({ apiKey: 'k', baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxRetries: 0 });
    const message = await client.messages.stream({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
    assert.deepEqual(
      message.content.map((block) => block.type),
      ['thinking', 'text', 'tool_use', 'tool_use', 'thinking'],
    );
    assert.equal((message.content[1] as Anthropic.TextBlock).text, 'Checking both.');
    assert.deepEqual((message.content[2] as Anthropic.ToolUseBlock).input, { city: 'Paris' });
    assert.deepEqual((message.content[3] as Anthropic.ToolUseBlock).input, { city: 'Tokyo' });
    assert.equal((message.content[4] as Anthropic.ThinkingBlock).signature, 'c2ln');
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.usage.output_tokens, 42);
    assert.equal(message.usage.cache_read_input_tokens, 200);
  } finally {
    server.close();
  }
});

test('an error mid-stream is an Anthropic error event; a stream without finish still closes properly', () => {
  const encoder = createAnthropicStreamEncoder({ model: 'm' });
  let text = encoder.encode({ type: 'text-start', index: 0 }) + encoder.encode({ type: 'text-delta', index: 0, text: 'par' });
  text += encoder.encode({ type: 'error', error: new GatewayError({ code: 'SY_RATE_LIMITED', status: 429, message: 'slow down' }) });
  text += encoder.encode({ type: 'text-delta', index: 0, text: 'ignored' }) + encoder.end();
  const wire = wireEvents(text);
  assert.equal(wire[0]?.type, 'message_start', 'message_start is synthesized when the upstream gave none');
  assert.deepEqual(wire.at(-1), { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } });

  const unfinished = wireEvents(encodeAll([{ type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'cut' }]));
  assert.deepEqual(unfinished.slice(-4).map((event) => event.type), ['content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
});

test('custom tool calls stream as {"input": text}; citations arrive before the block stops', () => {
  const wire = wireEvents(
    encodeAll([
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'See source.' },
      { type: 'text-end', index: 0, citations: [{ type: 'url_citation', url: 'https://x' }] },
      { type: 'tool-call-start', index: 1, id: 'ct', name: 'apply_patch', kind: 'custom' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '*** Begin' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: ' Patch' },
      { type: 'tool-call-end', index: 1 },
      { type: 'finish', finishReason: 'tool-calls' },
    ]),
  );
  const deltas = wire.filter((event) => event.type === 'content_block_delta').map((event) => event.delta);
  assert.deepEqual(deltas, [
    { type: 'text_delta', text: 'See source.' },
    { type: 'citations_delta', citation: { type: 'url_citation', url: 'https://x' } },
    { type: 'input_json_delta', partial_json: '{"input":"' },
    { type: 'input_json_delta', partial_json: '*** Begin' },
    { type: 'input_json_delta', partial_json: ' Patch' },
    { type: 'input_json_delta', partial_json: '"}' },
  ]);
});

test('a tool call streams: its start and each argument piece go out when they arrive, not when the call ends', () => {
  const encoder = createAnthropicStreamEncoder({ model: 'm' });
  encoder.encode({ type: 'message-start', id: 'x', model: 'u' });
  const started = wireEvents(encoder.encode({ type: 'tool-call-start', index: 0, id: 'call_1', name: 'write_file', thoughtSignature: 'sig' }));
  assert.deepEqual(
    started.map((event) => event.type),
    ['content_block_start', 'content_block_delta'],
  );
  assert.deepEqual(extractThoughtSignature(String((started[0]?.content_block as Record<string, unknown>).id)), { id: 'call_1', thoughtSignature: 'sig' });
  assert.deepEqual((started[0]?.content_block as Record<string, unknown>).input, {});
  const piece = wireEvents(encoder.encode({ type: 'tool-call-delta', index: 0, argumentsDelta: '{"path":"a.txt",' }));
  assert.deepEqual(piece, [{ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"path":"a.txt",' } }]);
  // A second call that starts while the first is open waits for it, then opens under the next index.
  assert.equal(encoder.encode({ type: 'tool-call-start', index: 1, id: 'call_2', name: 'read_file' }), '');
  assert.equal(encoder.encode({ type: 'tool-call-delta', index: 1, argumentsDelta: '{}' }), '');
  assert.deepEqual(wireEvents(encoder.encode({ type: 'tool-call-delta', index: 0, argumentsDelta: '"text":"hi"}' })).map((event) => event.index), [0]);
  const ended = wireEvents(encoder.encode({ type: 'tool-call-end', index: 0 }));
  assert.deepEqual(
    ended.map((event) => `${String(event.type)}:${String(event.index)}`),
    ['content_block_stop:0', 'content_block_start:1', 'content_block_delta:1', 'content_block_delta:1'],
  );
  assert.equal((ended[3]?.delta as Record<string, unknown>).partial_json, '{}');
});

test('a custom call split anywhere, quotes and newlines included, reassembles to {"input": text}', () => {
  const raw = '*** Begin Patch\n+say "hi"\\n\n*** End Patch';
  const pieces = [raw.slice(0, 7), raw.slice(7, 19), raw.slice(19)];
  const wire = wireEvents(
    encodeAll([
      { type: 'tool-call-start', index: 0, id: 'ct', name: 'apply_patch', kind: 'custom' },
      ...pieces.map((argumentsDelta): StreamEvent => ({ type: 'tool-call-delta', index: 0, argumentsDelta })),
      { type: 'tool-call-end', index: 0 },
      { type: 'finish', finishReason: 'tool-calls' },
    ]),
  );
  const json = wire.filter((event) => event.type === 'content_block_delta').map((event) => (event.delta as Record<string, string>).partial_json).join('');
  assert.deepEqual(JSON.parse(json), { input: raw });
});
