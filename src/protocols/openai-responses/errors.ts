import { GatewayError } from '../../core/errors.js';
import { asObject, asString } from '../../core/json.js';

/**
 * An OpenAI error body ({"error": {message, type, param, code}}) from a
 * Responses upstream as a GatewayError keeping the upstream's message. An
 * upstream 401/403 is about the gateway's credential, not the client's key,
 * so it becomes a 502 another candidate may fix.
 */
export function decodeResponsesError(status: number, body: unknown): GatewayError {
  const detail = asObject(asObject(body)?.error);
  const message = asString(detail?.message) ?? asString(asObject(body)?.message) ?? `HTTP ${status}`;
  const param = asString(detail?.param);
  const common = { message: `upstream answered ${status}: ${message}`, upstreamBody: body, ...(param === undefined ? {} : { param }) };
  if (status === 429) return new GatewayError({ ...common, code: 'SY_RATE_LIMITED', status: 429, retryable: true });
  if (status === 401 || status === 403) return new GatewayError({ ...common, code: 'SY_UPSTREAM_ERROR', status: 502, retryable: true });
  if (status >= 500) return new GatewayError({ ...common, code: 'SY_UPSTREAM_ERROR', status, retryable: true });
  if (status === 404) return new GatewayError({ ...common, code: 'SY_NOT_FOUND', status: 404 });
  return new GatewayError({ ...common, code: 'SY_BAD_REQUEST', status: status >= 400 ? status : 502 });
}

/** The `error` object of a failed response (response.failed) as a GatewayError. */
export function failedResponseError(response: unknown): GatewayError {
  const error = asObject(asObject(response)?.error);
  const code = asString(error?.code);
  const message = asString(error?.message) ?? 'the upstream response failed';
  const rateLimited = code === 'rate_limit_exceeded';
  return new GatewayError({
    code: rateLimited ? 'SY_RATE_LIMITED' : 'SY_UPSTREAM_ERROR',
    status: rateLimited ? 429 : 502,
    retryable: true,
    message: `upstream response failed${code === undefined ? '' : ` (${code})`}: ${message}`,
    upstreamBody: response,
  });
}

/** An in-stream `error` event ({type:"error", code, message, param}) as a GatewayError. */
export function streamErrorEvent(event: unknown): GatewayError {
  const record = asObject(event);
  const nested = asObject(record?.error);
  const message = asString(record?.message) ?? asString(nested?.message) ?? 'upstream error in stream';
  const code = asString(record?.code) ?? asString(nested?.code);
  return new GatewayError({
    code: code === 'rate_limit_exceeded' ? 'SY_RATE_LIMITED' : 'SY_UPSTREAM_ERROR',
    status: code === 'rate_limit_exceeded' ? 429 : 502,
    retryable: true,
    message: `upstream error in stream${code === undefined ? '' : ` (${code})`}: ${message}`,
    upstreamBody: event,
  });
}
