import { GatewayError } from '../../core/errors.js';
import type { ChatResponse } from '../../core/response.js';
import { emptyUsage } from '../../core/usage.js';
import { decodeBlock } from './decode-content.js';
import { asArray, asObject, asString } from '../../core/json.js';
import { decodeStopReason } from './stop-reason.js';
import { decodeAnthropicUsage } from './usage.js';

/** An Anthropic message object (a non-streaming response) → the canonical response. */
export function decodeAnthropicResponse(body: unknown, options: { provider?: string }): ChatResponse {
  const message = asObject(body);
  if (message === undefined || message.type !== 'message') {
    throw new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: 'upstream answered with something that is not an Anthropic message', upstreamBody: body });
  }
  const model = asString(message.model) ?? '';
  const origin: { provider?: string; model?: string } = { model };
  if (options.provider !== undefined) origin.provider = options.provider;
  const rawStopReason = asString(message.stop_reason);
  const response: ChatResponse = {
    id: asString(message.id) ?? '',
    model,
    created: Math.floor(Date.now() / 1000),
    content: (asArray(message.content) ?? []).map((block) => decodeBlock(block, origin)),
    finishReason: decodeStopReason(rawStopReason),
    usage: decodeAnthropicUsage(message.usage) ?? emptyUsage(),
  };
  if (rawStopReason !== undefined) response.rawFinishReason = rawStopReason;
  const stopSequence = asString(message.stop_sequence);
  if (stopSequence !== undefined) response.stopSequence = stopSequence;
  return response;
}
