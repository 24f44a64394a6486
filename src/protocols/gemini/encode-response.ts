import type { ChatResponse } from '../../core/response.js';
import type { EncodeResponseOptions } from '../codec.js';
import { encodeResponsePart } from './encode-parts.js';
import { encodeFinishReason } from './finish-reason.js';
import { asObject } from '../../core/json.js';
import type { GeminiCandidate, GeminiResponse } from './types.js';
import { encodeGeminiUsage } from './usage.js';

/** Canonical → a GenerateContentResponse with one candidate, the model the client asked for as modelVersion. */
export function encodeGeminiResponse(response: ChatResponse, options: EncodeResponseOptions): GeminiResponse {
  const kept = asObject(response.extensions?.gemini) ?? {};
  const { promptFeedback, ...candidateExtras } = kept;
  const candidate: GeminiCandidate = {
    content: { role: 'model', parts: response.content.flatMap(encodeResponsePart) },
    finishReason: encodeFinishReason(response.finishReason, response.rawFinishReason),
    index: 0,
    ...candidateExtras,
  };
  const body: GeminiResponse = {
    candidates: [candidate],
    usageMetadata: encodeGeminiUsage(response.usage),
    modelVersion: options.model,
    responseId: response.id,
  };
  if (promptFeedback !== undefined) body.promptFeedback = promptFeedback;
  return body;
}
