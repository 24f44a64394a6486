import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../core/errors.js';
import { createSseDecoder } from '../sse/decode.js';
import { decodeAnthropicError, encodeAnthropicStreamError, renderAnthropicError } from './errors.js';
import { anthropicPassthrough } from './passthrough.js';

// Error types from https://docs.anthropic.com/en/api/errors.

test('gateway errors render as Anthropic errors with the right type and status', () => {
  const cases: Array<[GatewayError, number, string]> = [
    [new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: 'm' }), 400, 'invalid_request_error'],
    [new GatewayError({ code: 'SY_UNAUTHORIZED', status: 401, message: 'm' }), 401, 'authentication_error'],
    [new GatewayError({ code: 'SY_FORBIDDEN', status: 403, message: 'm' }), 403, 'permission_error'],
    [new GatewayError({ code: 'SY_MODEL_NOT_FOUND', status: 404, message: 'm' }), 404, 'not_found_error'],
    [new GatewayError({ code: 'SY_BODY_TOO_LARGE', status: 413, message: 'm' }), 413, 'request_too_large'],
    [new GatewayError({ code: 'SY_BUDGET_EXHAUSTED', status: 429, message: 'm' }), 429, 'rate_limit_error'],
    [new GatewayError({ code: 'SY_UPSTREAM_ERROR', status: 529, message: 'm' }), 529, 'overloaded_error'],
    [new GatewayError({ code: 'SY_UPSTREAM_TIMEOUT', status: 504, message: 'm' }), 504, 'timeout_error'],
    [new GatewayError({ code: 'SY_INTERNAL', status: 500, message: 'm' }), 500, 'api_error'],
    [new GatewayError({ code: 'SY_UNSUPPORTED', status: 501, message: 'm' }), 501, 'api_error'],
  ];
  for (const [error, status, type] of cases) {
    const rendered = renderAnthropicError(error);
    assert.equal(rendered.status, status);
    assert.deepEqual(rendered.body, { type: 'error', error: { type, message: 'm' } });
  }
  const limited = renderAnthropicError(new GatewayError({ code: 'SY_RATE_LIMITED', status: 429, message: 'wait', retryAfterSeconds: 1.2 }));
  assert.equal(limited.headers?.['retry-after'], '2');
});

test('the in-stream form is an `event: error`', () => {
  const text = encodeAnthropicStreamError(new GatewayError({ code: 'SY_UPSTREAM_ERROR', status: 529, message: 'Overloaded' }));
  const [event] = createSseDecoder().push(text);
  assert.equal(event?.event, 'error');
  assert.deepEqual(JSON.parse(event?.data ?? ''), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
});

test('upstream Anthropic errors decode keeping the message, with sensible codes and retryability', () => {
  const body = (type: string, message: string): unknown => ({ type: 'error', error: { type, message }, request_id: 'req_1' });
  const invalid = decodeAnthropicError(400, body('invalid_request_error', 'max_tokens: Field required'));
  assert.deepEqual([invalid.code, invalid.status, invalid.retryable, invalid.message], ['SY_BAD_REQUEST', 400, false, 'max_tokens: Field required']);
  const limited = decodeAnthropicError(429, body('rate_limit_error', 'slow'));
  assert.deepEqual([limited.code, limited.status, limited.retryable], ['SY_RATE_LIMITED', 429, true]);
  const overloaded = decodeAnthropicError(529, body('overloaded_error', 'Overloaded'));
  assert.deepEqual([overloaded.status, overloaded.retryable], [529, true]);
  const credential = decodeAnthropicError(401, body('authentication_error', 'invalid x-api-key'));
  assert.deepEqual([credential.status, credential.retryable], [502, true], "the gateway's credential, not the client's key");
  const odd = decodeAnthropicError(503, 'not json at all');
  assert.deepEqual([odd.code, odd.status, odd.retryable, odd.message], ['SY_UPSTREAM_ERROR', 503, true, 'upstream answered 503']);
});

test('passthrough rewrites only the model and meters message_start + message_delta usage', () => {
  const body = { model: 'alias', max_tokens: 5, messages: [], context_management: { edits: [] } };
  const prepared = anthropicPassthrough.prepare(body, { model: 'claude-x', stream: true });
  assert.deepEqual(prepared.edits, [['model', 'claude-x']]);
  assert.equal(prepared.path, '/messages');
  assert.deepEqual(anthropicPassthrough.readUsage({ usage: { input_tokens: 3, cache_read_input_tokens: 10, cache_creation_input_tokens: 2, output_tokens: 4 } }), {
    inputTokens: 15,
    cacheReadTokens: 10,
    cacheWriteTokens: 2,
    outputTokens: 4,
    reasoningTokens: 0,
  });
  const observer = anthropicPassthrough.createStreamObserver({ body });
  const frames = createSseDecoder().push(
    'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":3,"cache_read_input_tokens":10,"output_tokens":1}}}\n\n' +
      'event: ping\ndata: {"type": "ping"}\n\n' +
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}\n\n' +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
  );
  assert.ok(frames.every((frame) => observer.observe(frame)), 'every event is forwarded');
  assert.deepEqual(observer.usage(), { inputTokens: 13, cacheReadTokens: 10, cacheWriteTokens: 0, outputTokens: 9, reasoningTokens: 0 });
  assert.equal(observer.error()?.message, 'Overloaded');
});
