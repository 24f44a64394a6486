import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError, type AttemptFailure } from '../core/errors.js';
import type { ProtocolId } from '../core/protocol.js';
import type { EncodedRequest, ProtocolDefinition } from '../protocols/codec.js';
import { authHeaders } from '../providers/auth.js';
import type { Candidate } from '../routing/resolve.js';

/** Statuses worth trying another candidate for, before any byte reached the client. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

export function upstreamUrl(baseUrl: string, request: EncodedRequest): string {
  let url = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  url += request.path;
  if (request.query !== undefined) {
    const query = new URLSearchParams(request.query).toString();
    if (query !== '') url += (url.includes('?') ? '&' : '?') + query;
  }
  return url;
}

export function upstreamHeaders(options: {
  candidate: Candidate;
  protocol: ProtocolId;
  definition: ProtocolDefinition;
  clientHeaders: IncomingHttpHeaders;
  forwardClientHeaders: boolean;
  request: EncodedRequest;
  stream: boolean;
}): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: options.stream ? 'text/event-stream' : 'application/json',
    // The codec's own headers are defaults: a forwarded client header
    // (anthropic-version) or the provider's configured headers override them.
    ...options.request.headers,
  };
  if (options.forwardClientHeaders) {
    for (const name of options.definition.forwardHeaders) {
      const value = options.clientHeaders[name];
      if (typeof value === 'string') headers[name] = value;
    }
  }
  Object.assign(headers, options.candidate.provider.headers);
  Object.assign(headers, authHeaders(options.protocol, options.candidate.credential));
  return headers;
}

export function retryAfterSeconds(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = headers['retry-after'];
  if (typeof value !== 'string') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

export function attemptFailure(candidate: Candidate, error: GatewayError): AttemptFailure {
  const failure: AttemptFailure = {
    provider: candidate.provider.id,
    model: candidate.model,
    code: error.code,
    message: error.message,
  };
  if (candidate.credential !== undefined) failure.credential = candidate.credential.id;
  if (error.status !== 502 || error.code === 'SY_UPSTREAM_ERROR') failure.status = error.status;
  return failure;
}

/** A transport failure (refused, reset, timeout) as a retryable GatewayError. */
export function transportError(error: unknown): GatewayError {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new GatewayError({ code: 'SY_UPSTREAM_TIMEOUT', status: 504, retryable: true, message: `upstream timed out (${code})`, cause: error });
  }
  return new GatewayError({
    code: 'SY_UPSTREAM_UNREACHABLE',
    status: 502,
    retryable: true,
    message: `upstream unreachable: ${(error as Error).message || code}`,
    cause: error,
  });
}
