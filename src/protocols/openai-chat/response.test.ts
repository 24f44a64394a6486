import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../core/errors.js';
import type { ChatResponse } from '../../core/response.js';
import { extractThoughtSignature } from '../../core/tool-call-id.js';
import { decodeChatResponse } from './decode-response.js';
import { encodeChatResponse } from './encode-response.js';
import { decodeOpenAIError } from './errors.js';

/** Written from https://platform.openai.com/docs/api-reference/chat/object (+ DeepSeek's reasoning_content). */
const completion = {
  id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
  object: 'chat.completion',
  created: 1741570283,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Let me look that up.',
        reasoning_content: 'Need the weather tool.',
        refusal: null,
        annotations: [],
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 1117,
    completion_tokens: 46,
    total_tokens: 1163,
    prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 12, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_fc9f1d7035',
};

const origin = { protocol: 'openai-chat' as const, provider: 'openai' };

test('a chat.completion decodes with reasoning, parallel calls, finish reason and cached/reasoning usage', () => {
  const decoded = decodeChatResponse(completion, { provider: 'openai' });
  const expected: ChatResponse = {
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    model: 'gpt-4o-2024-08-06',
    created: 1741570283,
    content: [
      { type: 'reasoning', text: 'Need the weather tool.', origin },
      { type: 'text', text: 'Let me look that up.' },
      { type: 'tool-call', id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}', kind: 'function', origin },
      { type: 'tool-call', id: 'call_b', name: 'get_weather', arguments: '{"city":"Tokyo"}', kind: 'function', origin },
    ],
    finishReason: 'tool-calls',
    rawFinishReason: 'tool_calls',
    usage: { inputTokens: 1117, cacheReadTokens: 1024, cacheWriteTokens: 0, outputTokens: 46, reasoningTokens: 12 },
    extensions: { system_fingerprint: 'fp_fc9f1d7035', service_tier: 'default' },
  };
  assert.deepEqual(decoded, expected);
});

test('round trip: encode∘decode gives back the completion (client model echoed)', () => {
  const encoded = encodeChatResponse(decodeChatResponse(completion, { provider: 'openai' }), { model: 'gpt-4o-2024-08-06' });
  const { completion_tokens_details: completionDetails, prompt_tokens_details: promptDetails, ...usage } = completion.usage;
  assert.deepEqual(encoded, {
    ...completion,
    usage: { ...usage, prompt_tokens_details: { cached_tokens: promptDetails.cached_tokens }, completion_tokens_details: { reasoning_tokens: completionDetails.reasoning_tokens } },
  });
});

test('finish reasons map both ways, keeping Chat raw values', () => {
  const cases: Array<[string, ChatResponse['finishReason']]> = [
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['function_call', 'tool-calls'],
  ];
  for (const [raw, unified] of cases) {
    const body = { ...completion, choices: [{ ...completion.choices[0], finish_reason: raw }] };
    const decoded = decodeChatResponse(body, {});
    assert.equal(decoded.finishReason, unified);
    const encoded = encodeChatResponse(decoded, { model: 'm' }) as { choices: Array<{ finish_reason: string }> };
    assert.equal(encoded.choices[0]?.finish_reason, raw);
  }
  // Reasons from other protocols that Chat has no word for.
  const foreign: Array<[ChatResponse['finishReason'], string | undefined, string]> = [
    ['stop-sequence', 'stop_sequence', 'stop'],
    ['refusal', 'refusal', 'stop'],
    ['pause', 'pause_turn', 'stop'],
    ['tool-calls', 'STOP', 'tool_calls'],
    ['length', 'MAX_TOKENS', 'length'],
    ['content-filter', 'SAFETY', 'content_filter'],
  ];
  for (const [finishReason, rawFinishReason, expected] of foreign) {
    const response: ChatResponse = { id: 'msg_1', model: 'm', created: 1, content: [], finishReason, usage: decodeChatResponse(completion, {}).usage };
    if (rawFinishReason !== undefined) response.rawFinishReason = rawFinishReason;
    const encoded = encodeChatResponse(response, { model: 'm' }) as { choices: Array<{ finish_reason: string }> };
    assert.equal(encoded.choices[0]?.finish_reason, expected, finishReason);
  }
});

test('a response from another protocol: signatures dropped, Gemini thought signature rides in the call id, refusal kept', () => {
  const response: ChatResponse = {
    id: 'msg_01',
    model: 'gemini-3-pro',
    created: 1700000000,
    content: [
      { type: 'reasoning', text: 'hmm', signature: 'anthropic-sig', origin: { protocol: 'anthropic-messages' } },
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B', citations: [{ type: 'url_citation', url: 'https://example.com' }] },
      { type: 'tool-call', id: 'fc_1', name: 'f', arguments: '{}', thoughtSignature: 'ts-1' },
    ],
    finishReason: 'tool-calls',
    usage: { inputTokens: 10, cacheReadTokens: 2, cacheWriteTokens: 3, outputTokens: 5, reasoningTokens: 1 },
    extensions: { anthropic_only: true },
  };
  const encoded = encodeChatResponse(response, { model: 'alias' }) as Record<string, unknown>;
  assert.equal(encoded.id, 'chatcmpl-msg_01');
  assert.equal(encoded.model, 'alias');
  assert.equal(encoded.anthropic_only, undefined);
  const choice = (encoded.choices as Array<{ message: Record<string, unknown> }>)[0];
  assert.equal(choice?.message.content, 'AB');
  assert.equal(choice?.message.reasoning_content, 'hmm');
  assert.deepEqual(choice?.message.annotations, [{ type: 'url_citation', url: 'https://example.com' }]);
  const call = (choice?.message.tool_calls as Array<{ id: string }>)[0];
  assert.deepEqual(extractThoughtSignature(call?.id ?? ''), { id: 'fc_1', thoughtSignature: 'ts-1' });
  assert.deepEqual(encoded.usage, {
    prompt_tokens: 10,
    completion_tokens: 5,
    total_tokens: 15,
    prompt_tokens_details: { cached_tokens: 2, cache_write_tokens: 3 },
    completion_tokens_details: { reasoning_tokens: 1 },
  });

  const refused = decodeChatResponse({ ...completion, choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'No.' }, finish_reason: 'stop' }] }, {});
  const back = encodeChatResponse(refused, { model: 'm' }) as { choices: Array<{ message: Record<string, unknown> }> };
  assert.equal(back.choices[0]?.message.refusal, 'No.');
});

test('bodies that are not completions are 502s, error bodies keep the upstream message', () => {
  assert.throws(() => decodeChatResponse('nope', {}), (error: unknown) => error instanceof GatewayError && error.code === 'SY_UPSTREAM_BAD_RESPONSE');
  assert.throws(() => decodeChatResponse({ choices: [] }, {}), (error: unknown) => error instanceof GatewayError && error.status === 502);
  assert.throws(() => decodeChatResponse({ error: { message: 'boom' } }, {}), (error: unknown) => error instanceof GatewayError && error.message === 'boom');
});

test('upstream error bodies become GatewayErrors with sensible codes', () => {
  const body = (message: string, type: string, code: string | null, param: string | null = null): unknown => ({ error: { message, type, param, code } });
  const limited = decodeOpenAIError(429, body('Rate limit reached', 'requests', 'rate_limit_exceeded'));
  assert.deepEqual([limited.code, limited.status, limited.retryable, limited.message], ['SY_RATE_LIMITED', 429, true, 'Rate limit reached']);
  const invalid = decodeOpenAIError(400, body('bad temperature', 'invalid_request_error', null, 'temperature'));
  assert.deepEqual([invalid.code, invalid.status, invalid.retryable, invalid.param], ['SY_BAD_REQUEST', 400, false, 'temperature']);
  const server = decodeOpenAIError(500, body('The server had an error', 'server_error', null));
  assert.deepEqual([server.code, server.status, server.retryable], ['SY_UPSTREAM_ERROR', 500, true]);
  // The upstream refusing the gateway's own key is not the client's 401.
  const credential = decodeOpenAIError(401, body('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'));
  assert.deepEqual([credential.code, credential.status, credential.retryable], ['SY_UPSTREAM_ERROR', 502, true]);
  assert.match(credential.message, /Incorrect API key provided/);
  const missing = decodeOpenAIError(404, body('The model does not exist', 'invalid_request_error', 'model_not_found'));
  assert.equal(missing.code, 'SY_MODEL_NOT_FOUND');
  assert.equal(decodeOpenAIError(503, 'not json at all').message, 'HTTP 503');
});
