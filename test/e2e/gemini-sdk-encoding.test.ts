import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { GoogleGenAI } from '@google/genai';
import { GatewayError } from '../../src/core/errors.js';
import type { ChatResponse } from '../../src/core/response.js';
import type { StreamEvent } from '../../src/core/stream.js';
import { geminiCodec } from '../../src/protocols/gemini/codec.js';

/**
 * What the Gemini encoders write when the upstream spoke another protocol
 * (canonical events and responses as the Anthropic / Chat decoders make
 * them), read by the official @google/genai SDK: proves a Gemini client
 * accepts the translated answers, whole function calls included.
 */
const streamEvents: StreamEvent[] = [
  { type: 'message-start', id: 'msg_01', model: 'claude-sonnet' },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Considering.' },
  { type: 'reasoning-signature', index: 0, signature: 'anthropic-signature' },
  { type: 'reasoning-end', index: 0 },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Checking ' },
  { type: 'text-delta', index: 1, text: 'the weather.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_01', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: '{"ci' },
  { type: 'tool-call-delta', index: 2, argumentsDelta: 'ty":"Paris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'usage', usage: { inputTokens: 20, outputTokens: 15, reasoningTokens: 5 } },
  { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_use' },
];

const response: ChatResponse = {
  id: 'chatcmpl-1',
  model: 'gpt-4o',
  created: 1,
  content: [
    { type: 'text', text: 'Let me look.' },
    { type: 'tool-call', id: 'call_abc', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
  ],
  finishReason: 'tool-calls',
  rawFinishReason: 'tool_calls',
  usage: { inputTokens: 11, cacheReadTokens: 3, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 0 },
};

let server: Server;
let ai: GoogleGenAI;
before(async () => {
  server = createServer((request, reply) => {
    request.resume();
    request.on('end', () => {
      if ((request.url ?? '').includes(':streamGenerateContent')) {
        const encoder = geminiCodec.createStreamEncoder({ model: 'alias' });
        reply.writeHead(200, { 'content-type': 'text/event-stream' });
        const failing = (request.url ?? '').includes('failing');
        const events: StreamEvent[] = failing
          ? [streamEvents[0]!, streamEvents[5]!, streamEvents[6]!, { type: 'error', error: new GatewayError({ code: 'SY_UPSTREAM_ERROR', status: 500, message: 'upstream broke' }) }]
          : streamEvents;
        for (const event of events) reply.write(encoder.encode(event));
        reply.end(failing ? '' : encoder.end());
        return;
      }
      reply.writeHead(200, { 'content-type': 'application/json' });
      reply.end(JSON.stringify(geminiCodec.encodeResponse(response, { model: 'alias' })));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the SDK reads a translated non-streaming answer: text, a function call with its id, usage', async () => {
  const result = await ai.models.generateContent({ model: 'alias', contents: 'weather?' });
  assert.equal(result.text, 'Let me look.');
  assert.deepEqual(result.functionCalls, [{ id: 'call_abc', name: 'get_weather', args: { city: 'Tokyo' } }]);
  assert.equal(result.candidates?.[0]?.finishReason, 'STOP');
  assert.equal(result.usageMetadata?.promptTokenCount, 11);
  assert.equal(result.usageMetadata?.cachedContentTokenCount, 3);
  assert.equal(result.responseId, 'chatcmpl-1');
});

test('the SDK reads a translated stream: thoughts, text, one whole function call, final usage', async () => {
  const stream = await ai.models.generateContentStream({ model: 'alias', contents: 'weather?' });
  let text = '';
  let thoughts = '';
  const calls: unknown[] = [];
  let finishReason: string | undefined;
  let usage: { candidatesTokenCount?: number; thoughtsTokenCount?: number } | undefined;
  for await (const chunk of stream) {
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
      if (part.thought === true) {
        thoughts += part.text ?? '';
        assert.equal(part.thoughtSignature, undefined, 'a foreign signature is never shown to a Gemini client');
      } else if (part.functionCall) calls.push(part.functionCall);
      else text += part.text ?? '';
    }
    finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
    if (chunk.usageMetadata) usage = chunk.usageMetadata;
  }
  assert.equal(thoughts, 'Considering.');
  assert.equal(text, 'Checking the weather.');
  assert.deepEqual(calls, [{ id: 'toolu_01', name: 'get_weather', args: { city: 'Paris' } }]);
  assert.equal(finishReason, 'STOP');
  assert.deepEqual(usage, { promptTokenCount: 20, candidatesTokenCount: 10, totalTokenCount: 35, thoughtsTokenCount: 5 });
});

test('the SDK raises the error chunk that ends a failed stream', async () => {
  const stream = await ai.models.generateContentStream({ model: 'failing', contents: 'x' });
  let text = '';
  await assert.rejects(
    (async () => {
      for await (const chunk of stream) text += chunk.text ?? '';
    })(),
    /upstream broke/,
  );
  assert.equal(text, 'Checking ');
});
