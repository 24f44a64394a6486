import { errorKind, type GatewayError } from '../../core/errors.js';
import type { RenderedError } from '../codec.js';

/**
 * OpenAI's error shape: {"error": {"message", "type", "param", "code"}}
 * (https://platform.openai.com/docs/guides/error-codes). Shared by Chat
 * Completions and Responses, whose errors look the same.
 */
export function renderOpenAIError(error: GatewayError): RenderedError {
  const kind = errorKind(error);
  let type = 'invalid_request_error';
  let code: string = error.code;
  switch (kind) {
    case 'authentication':
      code = 'invalid_api_key';
      break;
    case 'permission':
      type = 'permission_error';
      break;
    case 'not_found':
      if (error.code === 'SY_MODEL_NOT_FOUND') code = 'model_not_found';
      break;
    case 'rate_limit':
      if (error.code === 'SY_BUDGET_EXHAUSTED') {
        type = 'insufficient_quota';
        code = 'insufficient_quota';
      } else {
        type = 'requests';
        code = 'rate_limit_exceeded';
      }
      break;
    case 'invalid_request':
    case 'request_too_large':
      break;
    case 'overloaded':
    case 'timeout':
    case 'api_error':
      type = 'server_error';
      break;
  }
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds));
  const body: Record<string, unknown> = {
    message: error.message,
    type,
    param: error.param ?? null,
    code,
  };
  if (error.attempts.length > 0) body.attempts = error.attempts;
  return { status: error.status, body: { error: body }, headers };
}
