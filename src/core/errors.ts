/**
 * Every failure the gateway reports is a GatewayError: a stable code, an HTTP
 * status, whether trying again (or another candidate) may help, and the cause.
 * Each protocol renders it in its own error shape (see protocols/<name>/).
 */
export type GatewayErrorCode =
  | 'SY_BAD_REQUEST'
  | 'SY_INVALID_JSON'
  | 'SY_BODY_TOO_LARGE'
  | 'SY_UNAUTHORIZED'
  | 'SY_FORBIDDEN'
  | 'SY_NOT_FOUND'
  | 'SY_MODEL_NOT_FOUND'
  | 'SY_UNSUPPORTED'
  | 'SY_RATE_LIMITED'
  | 'SY_BUDGET_EXHAUSTED'
  | 'SY_UPSTREAM_ERROR'
  | 'SY_UPSTREAM_TIMEOUT'
  | 'SY_UPSTREAM_UNREACHABLE'
  | 'SY_UPSTREAM_BAD_RESPONSE'
  | 'SY_ALL_CANDIDATES_FAILED'
  | 'SY_SHUTTING_DOWN'
  | 'SY_METERING_UNAVAILABLE'
  | 'SY_INTERNAL';

/** One failed try at one candidate, kept so an all-failed error can list them. */
export interface AttemptFailure {
  provider: string;
  model: string;
  credential?: string;
  status?: number;
  code: GatewayErrorCode;
  message: string;
}

export interface GatewayErrorOptions {
  code: GatewayErrorCode;
  message: string;
  status: number;
  retryable?: boolean;
  cause?: unknown;
  /** Seconds the client should wait, rendered as Retry-After. */
  retryAfterSeconds?: number;
  /** The parameter at fault, where one is known (OpenAI's `param`). */
  param?: string;
  attempts?: AttemptFailure[];
  /** The upstream's own error body, when it answered with one. */
  upstreamBody?: unknown;
}

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly param: string | undefined;
  readonly attempts: AttemptFailure[];
  readonly upstreamBody: unknown;

  constructor(options: GatewayErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.param = options.param;
    this.attempts = options.attempts ?? [];
    this.upstreamBody = options.upstreamBody;
  }
}

export function badRequest(message: string, param?: string): GatewayError {
  return new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message, param });
}

export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError({
    code: 'SY_INTERNAL',
    status: 500,
    message: 'Internal gateway error',
    cause: error,
  });
}

/** The kind of error a status means, shared by every protocol's renderer. */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'overloaded'
  | 'timeout'
  | 'api_error';

export function errorKind(error: GatewayError): ErrorKind {
  switch (error.code) {
    case 'SY_BUDGET_EXHAUSTED':
      return 'rate_limit';
    case 'SY_UPSTREAM_TIMEOUT':
      return 'timeout';
    default:
      break;
  }
  const status = error.status;
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status === 504) return 'timeout';
  return 'api_error';
}
