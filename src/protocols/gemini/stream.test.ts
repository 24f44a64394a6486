import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/stream.js';
import { generatedToolCallId } from '../../core/tool-call-id.js';
import { createSseDecoder } from '../sse/decode.js';
import { createGeminiStreamDecoder } from './decode-stream.js';
import { createGeminiStreamEncoder } from './encode-stream.js';

/** alt=sse chunks as Gemini sends them ("data: {…}\r\n\r\n"), each a whole GenerateContentResponse. */
const sse = (chunks: unknown[]): string => chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join('');
const chunk = (parts: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }],
  usageMetadata: { promptTokenCount: 10, totalTokenCount: 10 },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'r1',
});

function decodeAll(text: string): StreamEvent[] {
  const framing = createSseDecoder();
  const decoder = createGeminiStreamDecoder({ provider: 'google' });
  const events: StreamEvent[] = [];
  // Feed in awkward slices to prove the framing does not matter.
  for (let at = 0; at < text.length; at += 7) for (const event of framing.push(text.slice(at, at + 7))) events.push(...decoder.decode(event));
  for (const event of framing.flush()) events.push(...decoder.decode(event));
  events.push(...decoder.end());
  return events;
}

const upstream = sse([
  chunk([{ text: 'Pondering', thought: true }]),
  chunk([{ text: ' more.', thought: true, thoughtSignature: 'sig-thought' }]),
  chunk([{ text: 'Hello' }]),
  chunk([{ text: ' world' }]),
  {
    ...chunk([{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-call' }, { functionCall: { id: 'fc2', name: 'get_time', args: {} } }], {
      finishReason: 'STOP',
    }),
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 8, thoughtsTokenCount: 4, totalTokenCount: 22 },
  },
]);

test('stream decoder: blocks open and close in one index sequence, whole calls, finish last', () => {
  const events = decodeAll(upstream).filter((event) => event.type !== 'usage');
  const callId = generatedToolCallId('get_weather', '{"city":"Paris"}', 0);
  assert.deepEqual(events, [
    { type: 'message-start', id: 'r1', model: 'gemini-2.5-flash' },
    { type: 'reasoning-start', index: 0 },
    { type: 'reasoning-delta', index: 0, text: 'Pondering' },
    { type: 'reasoning-delta', index: 0, text: ' more.' },
    { type: 'reasoning-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Hello' },
    { type: 'text-delta', index: 1, text: ' world' },
    { type: 'text-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: callId, name: 'get_weather', thoughtSignature: 'sig-call' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":"Paris"}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'tool-call-start', index: 3, id: 'fc2', name: 'get_time' },
    { type: 'tool-call-delta', index: 3, argumentsDelta: '{}' },
    { type: 'tool-call-end', index: 3 },
    { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'STOP' },
  ]);
  const usages = decodeAll(upstream).filter((event) => event.type === 'usage');
  assert.deepEqual(usages.at(-1), { type: 'usage', usage: { inputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 12, reasoningTokens: 4 } });
});

test('stream decoder: an error chunk ends the stream with an error event and no finish', () => {
  const events = decodeAll(sse([chunk([{ text: 'Hi' }]), { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }]));
  const types = events.map((event) => event.type);
  assert.deepEqual(types, ['message-start', 'text-start', 'text-delta', 'usage', 'text-end', 'error']);
  const last = events.at(-1);
  assert.ok(last?.type === 'error');
  assert.equal(last.error.message, 'The model is overloaded.');
  assert.equal(last.error.status, 503);
});

test('stream decoder: an empty upstream stream is an error, not a silent success', () => {
  const events = decodeAll('');
  assert.equal(events.length, 1);
  assert.equal(events[0]?.type, 'error');
});

function encodeAll(events: StreamEvent[]): Array<Record<string, unknown>> {
  const encoder = createGeminiStreamEncoder({ model: 'client-alias' });
  let text = '';
  for (const event of events) text += encoder.encode(event);
  text += encoder.end();
  return createSseDecoder()
    .push(text)
    .map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

test('stream encoder: deltas go out as chunks, tool-call arguments are buffered into one whole call', () => {
  const chunks = encodeAll([
    { type: 'message-start', id: 'msg_1', model: 'claude' },
    { type: 'reasoning-start', index: 0 },
    { type: 'reasoning-delta', index: 0, text: 'think' },
    { type: 'reasoning-signature', index: 0, signature: 'anthropic-sig' },
    { type: 'reasoning-end', index: 0 },
    { type: 'text-start', index: 1 },
    { type: 'text-delta', index: 1, text: 'Hi' },
    { type: 'text-end', index: 1 },
    { type: 'tool-call-start', index: 2, id: 'toolu_1', name: 'get_weather', thoughtSignature: 'gem-sig' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
    { type: 'tool-call-delta', index: 2, argumentsDelta: '"Paris"}' },
    { type: 'tool-call-end', index: 2 },
    { type: 'usage', usage: { inputTokens: 12, outputTokens: 9, reasoningTokens: 3 } },
    { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_use' },
  ]);
  const parts = chunks.map((item) => (item.candidates as Array<{ content: { parts: unknown[] } }>)[0]?.content.parts);
  assert.deepEqual(parts, [
    [{ text: 'think', thought: true }],
    [{ text: 'Hi' }],
    [{ functionCall: { id: 'toolu_1', name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'gem-sig' }],
    [],
  ]);
  const last = chunks.at(-1)!;
  assert.deepEqual((last.candidates as Array<Record<string, unknown>>)[0]?.finishReason, 'STOP');
  assert.deepEqual(last.usageMetadata, { promptTokenCount: 12, candidatesTokenCount: 6, totalTokenCount: 21, thoughtsTokenCount: 3 });
  assert.equal(last.modelVersion, 'client-alias');
  assert.equal(last.responseId, 'msg_1');
});

test('stream encoder: an error event is a final chunk with the error object', () => {
  const chunks = encodeAll([
    { type: 'message-start', id: 'x', model: 'm' },
    { type: 'text-start', index: 0 },
    { type: 'text-delta', index: 0, text: 'partial' },
    { type: 'error', error: new GatewayError({ code: 'SY_UPSTREAM_ERROR', status: 500, message: 'upstream broke' }) },
  ]);
  assert.equal(chunks.length, 2);
  assert.deepEqual(chunks[1], { error: { code: 500, message: 'upstream broke', status: 'INTERNAL' } });
});

test('stream round trip: Gemini SSE → events → Gemini SSE keeps text, thoughts, calls and usage', () => {
  const events = decodeAll(upstream);
  const chunks = encodeAll(events);
  const parts = chunks.flatMap((item) => (item.candidates as Array<{ content: { parts: Array<Record<string, unknown>> } }>)[0]?.content.parts ?? []);
  assert.equal(parts.filter((part) => part.thought === true).map((part) => part.text).join(''), 'Pondering more.');
  assert.equal(parts.filter((part) => part.thought === undefined && typeof part.text === 'string').map((part) => part.text).join(''), 'Hello world');
  const calls = parts.filter((part) => part.functionCall !== undefined);
  assert.deepEqual(calls[0], { functionCall: { id: generatedToolCallId('get_weather', '{"city":"Paris"}', 0), name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-call' });
  assert.deepEqual(calls[1], { functionCall: { id: 'fc2', name: 'get_time', args: {} } });
  assert.deepEqual(chunks.at(-1)?.usageMetadata, { promptTokenCount: 10, candidatesTokenCount: 8, totalTokenCount: 22, thoughtsTokenCount: 4 });
});

test('stream decoder: with candidateCount 2 only the first candidate is read', () => {
  const second = { candidates: [{ content: { role: 'model', parts: [{ text: 'other' }] }, index: 1 }] };
  const events = decodeAll(sse([chunk([{ text: 'first' }]), second, chunk([{ text: '!' }], { finishReason: 'STOP' })]));
  const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
  assert.equal(text, 'first!');
});
