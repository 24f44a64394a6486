import { GatewayError } from '../../core/errors.js';
import { randomId } from '../../core/ids.js';
import type { ChatResponse } from '../../core/response.js';
import { decodeBlocks } from './decode-blocks.js';
import { decodeStopReason } from './finish-reason.js';
import type { ConverseResponse } from './types.js';
import { decodeConverseUsage } from './usage.js';

function isConverseResponse(body: unknown): body is ConverseResponse {
  if (typeof body !== 'object' || body === null) return false;
  const output = (body as { output?: { message?: { content?: unknown } } }).output;
  return Array.isArray(output?.message?.content);
}

/** Converse answers carry no id (it is in the x-amzn-RequestId header), so one is made. */
export function decodeBedrockResponse(body: unknown, options: { provider?: string }): ChatResponse {
  if (!isConverseResponse(body)) {
    throw new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: 'Bedrock answered without output.message.content' });
  }
  const content = decodeBlocks(body.output.message.content, options.provider === undefined ? {} : { provider: options.provider });
  const response: ChatResponse = {
    id: randomId('msg_'),
    model: '',
    created: Math.floor(Date.now() / 1000),
    content,
    finishReason: decodeStopReason(body.stopReason),
    rawFinishReason: body.stopReason,
    usage: decodeConverseUsage(body.usage),
  };
  const extensions: Record<string, unknown> = {};
  if (body.additionalModelResponseFields !== undefined) extensions.additionalModelResponseFields = body.additionalModelResponseFields;
  if (body.metrics !== undefined) extensions.metrics = body.metrics;
  if (body.trace !== undefined) extensions.trace = body.trace;
  if (Object.keys(extensions).length > 0) response.extensions = extensions;
  return response;
}
