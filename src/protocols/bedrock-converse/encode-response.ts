import type { ChatResponse } from '../../core/response.js';
import type { Message } from '../../core/content.js';
import { encodeStopReason } from './finish-reason.js';
import { encodeBedrockMessages } from './encode-request.js';
import type { ConverseResponse } from './types.js';
import { encodeConverseUsage } from './usage.js';

/** Canonical response → Converse (what a Bedrock-speaking client would read; used by round-trip tests). */
export function encodeBedrockResponse(response: ChatResponse): ConverseResponse {
  const message: Message = { role: 'assistant', content: response.content };
  const [turn] = encodeBedrockMessages([message], undefined);
  const encoded: ConverseResponse = {
    output: { message: turn ?? { role: 'assistant', content: [] } },
    stopReason: encodeStopReason(response.finishReason, response.rawFinishReason),
    usage: encodeConverseUsage(response.usage),
  };
  const extensions = response.extensions ?? {};
  if (extensions.additionalModelResponseFields !== undefined) encoded.additionalModelResponseFields = extensions.additionalModelResponseFields;
  if (typeof extensions.metrics === 'object' && extensions.metrics !== null) encoded.metrics = extensions.metrics as { latencyMs: number };
  return encoded;
}
