import { GatewayError, type GatewayErrorCode } from '../../core/errors.js';
import { asObject, asString } from '../../core/json.js';

function retryable(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/**
 * An OpenAI error body ({"error": {"message", "type", "param", "code"}},
 * https://platform.openai.com/docs/guides/error-codes) → a GatewayError
 * keeping the upstream's message, param and body. A 401/403 from upstream
 * means the gateway's own credential was refused, not the client's key, so
 * it becomes a 502 the router may try elsewhere.
 */
export function decodeOpenAIError(status: number, body: unknown): GatewayError {
  const error = asObject(asObject(body)?.error);
  const upstreamMessage = asString(error?.message) ?? asString(asObject(body)?.error) ?? `HTTP ${status}`;
  const upstreamCode = asString(error?.code);
  const param = asString(error?.param);
  let code: GatewayErrorCode = 'SY_UPSTREAM_ERROR';
  let clientStatus = status;
  if (status === 429) code = upstreamCode === 'insufficient_quota' ? 'SY_UPSTREAM_ERROR' : 'SY_RATE_LIMITED';
  else if (status === 400 || status === 422) code = 'SY_BAD_REQUEST';
  else if (status === 413) code = 'SY_BODY_TOO_LARGE';
  else if (status === 404 && upstreamCode === 'model_not_found') code = 'SY_MODEL_NOT_FOUND';
  else if (status === 401 || status === 403) clientStatus = 502;
  else if (status < 400) clientStatus = 502;
  return new GatewayError({
    code,
    status: clientStatus,
    retryable: retryable(status) || status === 401 || status === 403,
    message: status === 401 || status === 403 ? `upstream refused the gateway's credential (${status}): ${upstreamMessage}` : upstreamMessage,
    upstreamBody: body,
    ...(param === undefined ? {} : { param }),
  });
}
