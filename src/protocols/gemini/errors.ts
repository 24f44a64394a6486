import { errorKind, GatewayError, type GatewayErrorCode } from '../../core/errors.js';
import type { RenderedError } from '../codec.js';
import { encodeSseEvent } from '../sse/encode.js';
import { asNumber, asObject, asString } from '../../core/json.js';
import type { GeminiErrorBody } from './types.js';

/**
 * Gemini renders errors as google.rpc.Status:
 * {"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT"}}
 * (https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes).
 */
function statusName(error: GatewayError): string {
  const kind = errorKind(error);
  switch (kind) {
    case 'invalid_request':
    case 'request_too_large':
      return 'INVALID_ARGUMENT';
    case 'authentication':
      return 'UNAUTHENTICATED';
    case 'permission':
      return 'PERMISSION_DENIED';
    case 'not_found':
      return 'NOT_FOUND';
    case 'rate_limit':
      return 'RESOURCE_EXHAUSTED';
    case 'overloaded':
      return 'UNAVAILABLE';
    case 'timeout':
      return 'DEADLINE_EXCEEDED';
    case 'api_error':
      return error.status === 501 ? 'UNIMPLEMENTED' : 'INTERNAL';
  }
}

export function geminiErrorBody(error: GatewayError): GeminiErrorBody {
  const body: GeminiErrorBody = { error: { code: error.status, message: error.message, status: statusName(error) } };
  if (error.retryAfterSeconds !== undefined) {
    body.error.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${Math.ceil(error.retryAfterSeconds)}s` }];
  }
  return body;
}

export function renderGeminiError(error: GatewayError): RenderedError {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds));
  // A 499 (client went away) has no Gemini status; nobody reads it anyway.
  return { status: error.status, body: geminiErrorBody(error), headers };
}

/** Mid-stream, Gemini ends an SSE stream with one last chunk holding the error object. */
export function encodeGeminiStreamError(error: GatewayError): string {
  return encodeSseEvent(JSON.stringify(geminiErrorBody(error)));
}

function codeFor(status: number, statusText: string | undefined): GatewayErrorCode {
  if (status === 429 || statusText === 'RESOURCE_EXHAUSTED') return 'SY_RATE_LIMITED';
  if (status === 400 || statusText === 'INVALID_ARGUMENT' || statusText === 'FAILED_PRECONDITION') return 'SY_BAD_REQUEST';
  if (status === 404 || statusText === 'NOT_FOUND') return 'SY_NOT_FOUND';
  if (status === 504 || statusText === 'DEADLINE_EXCEEDED') return 'SY_UPSTREAM_TIMEOUT';
  return 'SY_UPSTREAM_ERROR';
}

/** Retry-After from a google.rpc.RetryInfo detail ("retryDelay": "12s"), when Gemini sends one. */
function retryDelaySeconds(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const delay = asString(asObject(detail)?.retryDelay);
    const match = delay === undefined ? null : /^(\d+(?:\.\d+)?)s$/.exec(delay);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}

/** An upstream Gemini error body (or a stream's error chunk) as a GatewayError keeping Gemini's message. */
export function decodeGeminiError(status: number, body: unknown): GatewayError {
  // Gemini sometimes wraps the error in a one-element array (streamGenerateContent without alt=sse).
  const root = Array.isArray(body) ? (body[0] as unknown) : body;
  const detail = asObject(asObject(root)?.error);
  const statusText = asString(detail?.status);
  const effectiveStatus = status >= 400 ? status : (asNumber(detail?.code) ?? 502);
  const message = asString(detail?.message) ?? `Gemini answered HTTP ${effectiveStatus}`;
  const retryAfter = retryDelaySeconds(detail?.details);
  return new GatewayError({
    code: codeFor(effectiveStatus, statusText),
    status: effectiveStatus,
    message,
    retryable: effectiveStatus === 429 || effectiveStatus >= 500,
    upstreamBody: body,
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
  });
}
