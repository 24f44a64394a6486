import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatResponse } from '../../core/response.js';
import { embedThoughtSignature } from '../../core/tool-call-id.js';
import { apiReferenceResponse } from '../../../test/fixtures/openai-responses.js';
import { decodeResponsesResponse } from './decode-response.js';
import { encodeResponsesResponse } from './encode-response.js';
import { decodeResponsesError } from './errors.js';
import { openAIResponsesPassthrough } from './passthrough.js';
import { openAIResponsesProtocol } from './definition.js';
import { GatewayError } from '../../core/errors.js';
import { createSseDecoder } from '../sse/decode.js';

test('decodes the API reference response object', () => {
  const response = decodeResponsesResponse(apiReferenceResponse, { provider: 'openai' });
  assert.equal(response.id, apiReferenceResponse.id);
  assert.equal(response.model, 'gpt-4.1-2025-04-14');
  assert.equal(response.created, 1741476542);
  assert.deepEqual(response.content, [
    {
      type: 'reasoning',
      text: 'Thinking about weather.\n\nParis it is.',
      summary: ['Thinking about weather.', 'Paris it is.'],
      origin: { protocol: 'openai-responses', provider: 'openai' },
      itemId: 'rs_abc',
      encryptedContent: 'gAAAA-enc',
    },
    { type: 'text', text: 'In a peaceful grove beneath a silver moon...', citations: apiReferenceResponse.output[1]?.content?.[0]?.annotations },
    { type: 'tool-call', id: 'call_12345xyz', name: 'get_weather', arguments: '{"city":"Paris"}', kind: 'function', itemId: 'fc_12345xyz' },
    { type: 'unknown', protocol: 'openai-responses', value: apiReferenceResponse.output[3] },
  ]);
  assert.equal(response.finishReason, 'tool-calls');
  assert.equal(response.rawFinishReason, 'completed');
  assert.deepEqual(response.usage, { inputTokens: 36, cacheReadTokens: 12, cacheWriteTokens: 0, outputTokens: 87, reasoningTokens: 20 });
});

test('encodes a response object the SDK types describe, and round-trips', () => {
  const decoded = decodeResponsesResponse(apiReferenceResponse, { provider: 'openai' });
  const encoded = encodeResponsesResponse(decoded, { model: 'gpt-4.1-2025-04-14' });
  assert.equal(encoded.id, apiReferenceResponse.id);
  assert.equal(encoded.object, 'response');
  assert.equal(encoded.status, 'completed');
  assert.deepEqual(encoded.usage, apiReferenceResponse.usage);
  assert.deepEqual(encoded.output[0], apiReferenceResponse.output[0]);
  assert.deepEqual(encoded.output[2], apiReferenceResponse.output[2]);
  assert.deepEqual(encoded.output[3], apiReferenceResponse.output[3]);
  // Every key the SDK's Response type requires is present.
  for (const key of ['created_at', 'error', 'incomplete_details', 'instructions', 'metadata', 'model', 'object', 'output', 'parallel_tool_calls', 'temperature', 'tool_choice', 'tools', 'top_p']) {
    assert.ok(key in encoded, key);
  }
  assert.deepEqual(decodeResponsesResponse(encoded, { provider: 'openai' }), decoded);
});

test('encoding a translated answer: foreign reasoning loses its signature, thought signatures ride in call_id, length → incomplete', () => {
  const response: ChatResponse = {
    id: 'msg_01XYZ',
    model: 'claude',
    created: 1,
    content: [
      { type: 'reasoning', text: 'hmm', signature: 'anthropic-sig', origin: { protocol: 'anthropic-messages' } },
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b' },
      { type: 'tool-call', id: 'call_g', name: 'f', arguments: '{}', thoughtSignature: 'gemini-sig' },
    ],
    finishReason: 'length',
    usage: { inputTokens: 10, cacheReadTokens: 4, cacheWriteTokens: 2, outputTokens: 5, reasoningTokens: 1 },
  };
  const encoded = encodeResponsesResponse(response, { model: 'alias' });
  assert.equal(encoded.id, 'resp_msg01XYZ');
  assert.equal(encoded.model, 'alias');
  assert.equal(encoded.status, 'incomplete');
  assert.deepEqual(encoded.incomplete_details, { reason: 'max_output_tokens' });
  assert.deepEqual(encoded.output, [
    { id: 'rs_msg01XYZ_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'hmm' }] },
    {
      id: 'msg_msg01XYZ_1',
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [
        { type: 'output_text', text: 'a', annotations: [], logprobs: [] },
        { type: 'output_text', text: 'b', annotations: [], logprobs: [] },
      ],
    },
    { id: 'fc_call_g', type: 'function_call', status: 'completed', call_id: embedThoughtSignature('call_g', 'gemini-sig'), name: 'f', arguments: '{}' },
  ]);
  assert.deepEqual(encoded.usage, { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 1 }, total_tokens: 15 });
});

test('upstream errors keep their message; 429 is retryable, 401 is the gateway credential', () => {
  const rateLimited = decodeResponsesError(429, { error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
  assert.deepEqual([rateLimited.code, rateLimited.status, rateLimited.retryable], ['SY_RATE_LIMITED', 429, true]);
  assert.match(rateLimited.message, /Rate limit reached/);
  const badKey = decodeResponsesError(401, { error: { message: 'Incorrect API key provided' } });
  assert.deepEqual([badKey.status, badKey.retryable], [502, true]);
  const invalid = decodeResponsesError(400, { error: { message: 'bad input', param: 'input' } });
  assert.deepEqual([invalid.code, invalid.status, invalid.param, invalid.retryable], ['SY_BAD_REQUEST', 400, 'input', false]);
});

test('passthrough rewrites only the model and reads usage from body and terminal events', () => {
  const prepared = openAIResponsesPassthrough.prepare({ model: 'alias', input: 'x', store: false, custom_field: 1 }, { model: 'gpt-5', stream: true });
  assert.deepEqual(prepared, { path: '/responses', edits: [['model', 'gpt-5']] });
  assert.deepEqual(openAIResponsesPassthrough.readUsage(apiReferenceResponse), { inputTokens: 36, cacheReadTokens: 12, cacheWriteTokens: 0, outputTokens: 87, reasoningTokens: 20 });
  const observer = openAIResponsesPassthrough.createStreamObserver({ body: {} });
  const delta = JSON.stringify({ type: 'response.output_text.delta', delta: 'hi', sequence_number: 4 });
  assert.equal(observer.observe({ event: 'response.output_text.delta', data: delta, raw: '' }), true);
  assert.equal(observer.usage(), undefined);
  const completed = JSON.stringify({ type: 'response.completed', response: apiReferenceResponse, sequence_number: 5 });
  assert.equal(observer.observe({ data: completed, raw: '' }), true);
  assert.equal(observer.usage()?.cacheReadTokens, 12);
  assert.equal(observer.error(), undefined);
  const failed = JSON.stringify({ type: 'response.failed', response: { ...apiReferenceResponse, status: 'failed', error: { code: 'server_error', message: 'boom' } }, sequence_number: 6 });
  observer.observe({ event: 'response.failed', data: failed, raw: '' });
  assert.match(observer.error()?.message ?? '', /boom/);
});

test('an upstream error event in a passthrough stream is recorded', () => {
  const observer = openAIResponsesPassthrough.createStreamObserver({ body: {} });
  const data = JSON.stringify({ type: 'error', code: 'rate_limit_exceeded', message: 'Too many tokens', param: null, sequence_number: 3 });
  assert.equal(observer.observe({ event: 'error', data, raw: '' }), true);
  assert.deepEqual([observer.error()?.status, observer.error()?.code], [429, 'SY_RATE_LIMITED']);
});

test('the stream error without encoder state: an error event, then response.failed', () => {
  const text = openAIResponsesProtocol.encodeStreamError(new GatewayError({ code: 'SY_UPSTREAM_UNREACHABLE', status: 502, message: 'connection reset' }));
  const decoder = createSseDecoder();
  const events = [...decoder.push(text), ...decoder.flush()];
  assert.deepEqual(
    events.map((event) => event.event),
    ['error', 'response.failed'],
  );
  assert.deepEqual(JSON.parse(events[0]?.data ?? ''), { type: 'error', code: 'server_error', message: 'connection reset', param: null, sequence_number: 0 });
  const failed = (JSON.parse(events[1]?.data ?? '') as { response: { status: string; error: unknown } }).response;
  assert.deepEqual([failed.status, failed.error], ['failed', { code: 'server_error', message: 'connection reset' }]);
});

test('an answer without an upstream id still gets a unique response id', () => {
  const response: ChatResponse = { id: '', model: 'gemini', created: 1, content: [{ type: 'text', text: 'x' }], finishReason: 'stop', usage: { inputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 } };
  const first = encodeResponsesResponse(response, { model: 'm' });
  const second = encodeResponsesResponse(response, { model: 'm' });
  assert.match(first.id, /^resp_[A-Za-z0-9]{24}$/);
  assert.notEqual(first.id, second.id);
});
