import type { ContentPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import { randomId } from '../../core/ids.js';
import type { ChatResponse } from '../../core/response.js';
import { emptyUsage } from '../../core/usage.js';
import { decodeModelParts } from './decode-parts.js';
import { decodeFinishReason } from './finish-reason.js';
import { arrayOf, asObject, asString, type JsonObject } from '../../core/json.js';
import { firstCandidate } from './json.js';
import { readGeminiUsage } from './usage.js';

/** Candidate and response fields with no canonical place, kept for a Gemini client. */
const keptCandidateFields = ['safetyRatings', 'citationMetadata', 'groundingMetadata', 'urlContextMetadata', 'avgLogprobs', 'logprobsResult'];

/**
 * A GenerateContentResponse → canonical. Only the first candidate is read
 * (canonical responses have one choice). A prompt blocked before any
 * candidate (promptFeedback.blockReason) is a content-filter finish with no
 * content.
 */
export function decodeGeminiResponse(body: unknown, options: { provider?: string }): ChatResponse {
  const root = asObject(body);
  if (root === undefined) {
    throw new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: 'Gemini answered with a body that is not an object' });
  }
  const candidate = firstCandidate(root.candidates);
  const origin = options.provider === undefined ? { protocol: 'gemini' as const } : { protocol: 'gemini' as const, provider: options.provider };
  const content: ContentPart[] = decodeModelParts(arrayOf(asObject(candidate?.content)?.parts), { origin });
  const rawFinish = asString(candidate?.finishReason);
  const blocked = candidate === undefined && asString(asObject(root.promptFeedback)?.blockReason) !== undefined;
  const response: ChatResponse = {
    id: asString(root.responseId) ?? randomId('gen-'),
    model: asString(root.modelVersion) ?? '',
    created: Math.floor(Date.now() / 1000),
    content,
    finishReason: blocked ? 'content-filter' : decodeFinishReason(rawFinish, content.some((part) => part.type === 'tool-call')),
    usage: readGeminiUsage(root) ?? emptyUsage(),
  };
  if (rawFinish !== undefined) response.rawFinishReason = rawFinish;
  const extensions: JsonObject = {};
  for (const key of keptCandidateFields) if (candidate?.[key] !== undefined) extensions[key] = candidate[key];
  if (root.promptFeedback !== undefined) extensions.promptFeedback = root.promptFeedback;
  if (Object.keys(extensions).length > 0) response.extensions = { gemini: extensions };
  return response;
}
