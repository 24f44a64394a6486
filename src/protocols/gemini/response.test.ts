import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../core/errors.js';
import type { ChatResponse } from '../../core/response.js';
import { generatedToolCallId } from '../../core/tool-call-id.js';
import { decodeGeminiResponse } from './decode-response.js';
import { encodeGeminiResponse } from './encode-response.js';
import { decodeGeminiError, renderGeminiError } from './errors.js';
import { geminiPassthrough } from './passthrough.js';

/** A GenerateContentResponse as the API reference shows it, with a thought, a signed call and usage. */
const geminiResponse = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: 'Thinking about weather.', thought: true },
          { text: 'Let me check.' },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'CiQB0e2Kb+/abc==' },
        ],
      },
      finishReason: 'STOP',
      index: 0,
      safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }],
    },
  ],
  usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 150, cachedContentTokenCount: 40, thoughtsTokenCount: 30 },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp-1',
};

test('decode response: parts, generated call id, tool-calls finish, usage in canonical accounting', () => {
  const response = decodeGeminiResponse(geminiResponse, { provider: 'google' });
  const origin = { protocol: 'gemini', provider: 'google' };
  assert.deepEqual(response.content, [
    { type: 'reasoning', text: 'Thinking about weather.', origin },
    { type: 'text', text: 'Let me check.' },
    {
      type: 'tool-call',
      id: generatedToolCallId('get_weather', '{"city":"Paris"}', 0),
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      thoughtSignature: 'CiQB0e2Kb+/abc==',
      origin,
    },
  ]);
  assert.equal(response.finishReason, 'tool-calls');
  assert.equal(response.rawFinishReason, 'STOP');
  assert.equal(response.id, 'resp-1');
  assert.equal(response.model, 'gemini-2.5-flash');
  assert.deepEqual(response.usage, { inputTokens: 100, cacheReadTokens: 40, cacheWriteTokens: 0, outputTokens: 50, reasoningTokens: 30 });
});

test('decode response: finish reasons and a blocked prompt', () => {
  const finish = (finishReason: string): string =>
    decodeGeminiResponse({ candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason }] }, {}).finishReason;
  assert.equal(finish('MAX_TOKENS'), 'length');
  assert.equal(finish('SAFETY'), 'content-filter');
  assert.equal(finish('RECITATION'), 'content-filter');
  assert.equal(finish('MALFORMED_FUNCTION_CALL'), 'error');
  assert.equal(finish('LANGUAGE'), 'other');
  const blocked = decodeGeminiResponse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } }, {});
  assert.equal(blocked.finishReason, 'content-filter');
  assert.deepEqual(blocked.content, []);
});

test('round trip: Gemini response → canonical → Gemini response', () => {
  const canonical = decodeGeminiResponse(geminiResponse, { provider: 'google' });
  const encoded = encodeGeminiResponse(canonical, { model: 'gemini-2.5-flash' });
  const expectedParts = geminiResponse.candidates[0]!.content.parts.map((part) =>
    part.functionCall === undefined ? part : { ...part, functionCall: { id: generatedToolCallId('get_weather', '{"city":"Paris"}', 0), ...part.functionCall } },
  );
  assert.deepEqual(encoded, { ...geminiResponse, candidates: [{ ...geminiResponse.candidates[0], content: { role: 'model', parts: expectedParts } }] });
  // created is the decode time, not on the wire.
  assert.deepEqual({ ...decodeGeminiResponse(encoded, { provider: 'google' }), created: canonical.created }, canonical);
});

test('encode response: from another protocol, foreign signatures are not shown and finish maps back', () => {
  const response: ChatResponse = {
    id: 'msg_1',
    model: 'claude',
    created: 1,
    content: [
      { type: 'reasoning', text: 'hmm', signature: 'anthropic-sig', origin: { protocol: 'anthropic-messages' } },
      { type: 'text', text: 'Done' },
    ],
    finishReason: 'length',
    rawFinishReason: 'max_tokens',
    usage: { inputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0 },
  };
  assert.deepEqual(encodeGeminiResponse(response, { model: 'alias' }), {
    candidates: [{ content: { role: 'model', parts: [{ text: 'hmm', thought: true }, { text: 'Done' }] }, finishReason: 'MAX_TOKENS', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'alias',
    responseId: 'msg_1',
  });
});

test('errors: rendered in Gemini shape, decoded with the upstream message and retry delay', () => {
  const rendered = renderGeminiError(new GatewayError({ code: 'SY_RATE_LIMITED', status: 429, message: 'slow down', retryAfterSeconds: 2 }));
  assert.equal(rendered.status, 429);
  assert.deepEqual(rendered.headers, { 'retry-after': '2' });
  assert.deepEqual(rendered.body, {
    error: { code: 429, message: 'slow down', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }] },
  });
  assert.equal((renderGeminiError(new GatewayError({ code: 'SY_UNAUTHORIZED', status: 401, message: 'no' })).body as { error: { status: string } }).error.status, 'UNAUTHENTICATED');
  assert.equal((renderGeminiError(new GatewayError({ code: 'SY_MODEL_NOT_FOUND', status: 404, message: 'no' })).body as { error: { status: string } }).error.status, 'NOT_FOUND');
  assert.equal((renderGeminiError(new GatewayError({ code: 'SY_UPSTREAM_TIMEOUT', status: 504, message: 'late' })).body as { error: { status: string } }).error.status, 'DEADLINE_EXCEEDED');

  const decoded = decodeGeminiError(429, {
    error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' }] },
  });
  assert.equal(decoded.code, 'SY_RATE_LIMITED');
  assert.equal(decoded.message, 'Quota exceeded');
  assert.equal(decoded.retryable, true);
  assert.equal(decoded.retryAfterSeconds, 17);
  const invalid = decodeGeminiError(400, [{ error: { code: 400, message: 'bad schema', status: 'INVALID_ARGUMENT' } }]);
  assert.equal(invalid.code, 'SY_BAD_REQUEST');
  assert.equal(invalid.retryable, false);
});

test('passthrough: the body is untouched, the model goes in the path, usage is read', () => {
  const body = { contents: [{ role: 'user', parts: [{ text: 'x' }] }], unknownField: 1 };
  assert.deepEqual(geminiPassthrough.prepare(body, { model: 'gemini-2.5-flash', stream: false }), { path: '/models/gemini-2.5-flash:generateContent', edits: [] });
  assert.deepEqual(geminiPassthrough.prepare(body, { model: 'gemini-2.5-flash', stream: true }), {
    path: '/models/gemini-2.5-flash:streamGenerateContent',
    query: { alt: 'sse' },
    edits: [],
  });
  assert.deepEqual(geminiPassthrough.readUsage(geminiResponse), { inputTokens: 100, cacheReadTokens: 40, cacheWriteTokens: 0, outputTokens: 50, reasoningTokens: 30 });
  const observer = geminiPassthrough.createStreamObserver({ body });
  const event = (data: unknown): { data: string; raw: string } => ({ data: JSON.stringify(data), raw: `data: ${JSON.stringify(data)}\r\n\r\n` });
  assert.equal(observer.observe(event({ candidates: [], usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } })), true);
  observer.observe(event({ candidates: [], usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 7, thoughtsTokenCount: 2, totalTokenCount: 14 } }));
  assert.deepEqual(observer.usage(), { inputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 9, reasoningTokens: 2 });
  assert.equal(observer.error(), undefined);
  // Grounding / code-execution context is billed as input.
  assert.equal(geminiPassthrough.readUsage({ usageMetadata: { promptTokenCount: 5, toolUsePromptTokenCount: 50, candidatesTokenCount: 1 } })?.inputTokens, 55);
  observer.observe(event({ error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } }));
  assert.equal(observer.error()?.message, 'overloaded');
  assert.equal(observer.error()?.status, 503);
});
