import { GatewayError, errorKind, type GatewayErrorCode } from '../../core/errors.js';
import type { RenderedError } from '../codec.js';

/**
 * Bedrock errors: a JSON body {"message": "..."} with the exception name in
 * the x-amzn-ErrorType header (REST), or an event-stream message of type
 * "exception" whose :exception-type header names it (ConverseStream).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html#API_runtime_ConverseStream_Errors
 */
const exceptions: Record<string, { status: number; code: GatewayErrorCode; retryable: boolean }> = {
  throttlingException: { status: 429, code: 'SY_RATE_LIMITED', retryable: true },
  serviceUnavailableException: { status: 503, code: 'SY_UPSTREAM_ERROR', retryable: true },
  internalServerException: { status: 500, code: 'SY_UPSTREAM_ERROR', retryable: true },
  modelStreamErrorException: { status: 424, code: 'SY_UPSTREAM_ERROR', retryable: false },
  modelTimeoutException: { status: 408, code: 'SY_UPSTREAM_TIMEOUT', retryable: true },
  modelNotReadyException: { status: 429, code: 'SY_UPSTREAM_ERROR', retryable: true },
  validationException: { status: 400, code: 'SY_BAD_REQUEST', retryable: false },
  accessDeniedException: { status: 403, code: 'SY_FORBIDDEN', retryable: false },
  resourceNotFoundException: { status: 404, code: 'SY_MODEL_NOT_FOUND', retryable: false },
};

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const message = record.message ?? record.Message;
  return typeof message === 'string' ? message : undefined;
}

function codeForStatus(status: number): GatewayErrorCode {
  if (status === 400) return 'SY_BAD_REQUEST';
  if (status === 401) return 'SY_UNAUTHORIZED';
  if (status === 403) return 'SY_FORBIDDEN';
  if (status === 404) return 'SY_MODEL_NOT_FOUND';
  if (status === 429) return 'SY_RATE_LIMITED';
  return 'SY_UPSTREAM_ERROR';
}

export function decodeBedrockError(status: number, body: unknown): GatewayError {
  const message = messageOf(body) ?? `HTTP ${status}`;
  return new GatewayError({
    code: codeForStatus(status),
    status,
    retryable: status === 408 || status === 429 || status >= 500,
    message: `Bedrock answered ${status}: ${message}`,
    upstreamBody: body,
  });
}

/** An exception that arrived inside a ConverseStream. */
export function decodeBedrockStreamException(exceptionType: string, body: unknown): GatewayError {
  const known = exceptions[exceptionType] ?? { status: 502, code: 'SY_UPSTREAM_ERROR' as const, retryable: false };
  return new GatewayError({
    code: known.code,
    status: known.status,
    retryable: known.retryable,
    message: `Bedrock stream ${exceptionType}: ${messageOf(body) ?? 'no message'}`,
    upstreamBody: body,
  });
}

const errorTypes: Record<ReturnType<typeof errorKind>, string> = {
  invalid_request: 'ValidationException',
  authentication: 'UnrecognizedClientException',
  permission: 'AccessDeniedException',
  not_found: 'ResourceNotFoundException',
  request_too_large: 'ValidationException',
  rate_limit: 'ThrottlingException',
  overloaded: 'ServiceUnavailableException',
  timeout: 'ModelTimeoutException',
  api_error: 'InternalServerException',
};

/** A GatewayError the way Bedrock renders errors: {"message"} and x-amzn-ErrorType. */
export function renderBedrockError(error: GatewayError): RenderedError {
  const headers: Record<string, string> = { 'x-amzn-errortype': errorTypes[errorKind(error)] };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds));
  return { status: error.status, body: { message: error.message }, headers };
}
