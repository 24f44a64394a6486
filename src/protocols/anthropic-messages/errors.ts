import { errorKind, GatewayError, type GatewayErrorCode } from '../../core/errors.js';
import { assertNever } from '../../core/assert-never.js';
import type { RenderedError } from '../codec.js';
import { encodeSseEvent } from '../sse/encode.js';
import { asObject, asString } from '../../core/json.js';

/**
 * Anthropic's error shape, {"type":"error","error":{"type","message"}}, with
 * the types of https://docs.anthropic.com/en/api/errors.
 */
export function anthropicErrorType(error: GatewayError): string {
  const kind = errorKind(error);
  switch (kind) {
    case 'invalid_request':
      return 'invalid_request_error';
    case 'authentication':
      return 'authentication_error';
    case 'permission':
      return 'permission_error';
    case 'not_found':
      return 'not_found_error';
    case 'request_too_large':
      return 'request_too_large';
    case 'rate_limit':
      return 'rate_limit_error';
    case 'overloaded':
      return 'overloaded_error';
    case 'timeout':
      return 'timeout_error';
    case 'api_error':
      return error.status < 500 && error.status >= 400 ? 'invalid_request_error' : 'api_error';
    default:
      return assertNever(kind);
  }
}

function errorBody(error: GatewayError): Record<string, unknown> {
  const detail: Record<string, unknown> = { type: anthropicErrorType(error), message: error.message };
  if (error.attempts.length > 0) detail.attempts = error.attempts;
  return { type: 'error', error: detail };
}

export function renderAnthropicError(error: GatewayError): RenderedError {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds));
  return { status: error.status, body: errorBody(error), headers };
}

/** Mid-stream errors are an `event: error` (what the SDKs raise as APIError). */
export function encodeAnthropicStreamError(error: GatewayError): string {
  return encodeSseEvent(JSON.stringify(errorBody(error)), 'error');
}

function codeFor(type: string | undefined, status: number): { code: GatewayErrorCode; status: number; retryable: boolean } {
  switch (type) {
    case 'rate_limit_error':
      return { code: 'SY_RATE_LIMITED', status: 429, retryable: true };
    case 'overloaded_error':
      return { code: 'SY_UPSTREAM_ERROR', status: 529, retryable: true };
    case 'timeout_error':
      return { code: 'SY_UPSTREAM_TIMEOUT', status: 504, retryable: true };
    case 'api_error':
      return { code: 'SY_UPSTREAM_ERROR', status: status >= 500 ? status : 500, retryable: true };
    // The upstream refused the gateway's own credential: not the client's fault,
    // and another credential may work, so it is a retryable 502.
    case 'authentication_error':
    case 'permission_error':
    case 'billing_error':
      return { code: 'SY_UPSTREAM_ERROR', status: 502, retryable: true };
    case 'not_found_error':
      return { code: 'SY_NOT_FOUND', status: 404, retryable: false };
    case 'request_too_large':
      return { code: 'SY_BODY_TOO_LARGE', status: 413, retryable: false };
    case 'invalid_request_error':
      return { code: 'SY_BAD_REQUEST', status: status >= 400 && status < 500 ? status : 400, retryable: false };
    default:
      if (status === 429) return { code: 'SY_RATE_LIMITED', status, retryable: true };
      if (status >= 500) return { code: 'SY_UPSTREAM_ERROR', status, retryable: true };
      return { code: status === 404 ? 'SY_NOT_FOUND' : 'SY_BAD_REQUEST', status, retryable: false };
  }
}

/** An Anthropic error body (HTTP or `event: error`) as a GatewayError keeping the upstream message. */
export function decodeAnthropicError(status: number, body: unknown): GatewayError {
  const detail = asObject(asObject(body)?.error);
  const type = asString(detail?.type);
  const message = asString(detail?.message) ?? `upstream answered ${status}`;
  const mapped = codeFor(type, status);
  return new GatewayError({ ...mapped, message, upstreamBody: body });
}
