import type { Usage } from '../../core/usage.js';
import { asNumber, asObject } from '../../core/json.js';
import type { GeminiUsageMetadata } from './types.js';

/**
 * Gemini's usageMetadata in canonical accounting: promptTokenCount already
 * includes cachedContentTokenCount; thoughtsTokenCount is NOT part of
 * candidatesTokenCount, so it is added to output (src/core/usage.ts);
 * toolUsePromptTokenCount (search results, code execution fed back to the
 * model) is billed as input but counted apart, so it is added to input.
 */
export function readGeminiUsage(body: unknown): Usage | undefined {
  const metadata = asObject(asObject(body)?.usageMetadata);
  if (metadata === undefined) return undefined;
  const thoughts = asNumber(metadata.thoughtsTokenCount) ?? 0;
  return {
    inputTokens: (asNumber(metadata.promptTokenCount) ?? 0) + (asNumber(metadata.toolUsePromptTokenCount) ?? 0),
    cacheReadTokens: asNumber(metadata.cachedContentTokenCount) ?? 0,
    cacheWriteTokens: 0,
    outputTokens: (asNumber(metadata.candidatesTokenCount) ?? 0) + thoughts,
    reasoningTokens: thoughts,
  };
}

/** Canonical usage back in Gemini's accounting: thoughts taken out of the candidates count. */
export function encodeGeminiUsage(usage: Usage): GeminiUsageMetadata {
  const metadata: GeminiUsageMetadata = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - usage.reasoningTokens),
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cacheReadTokens > 0) metadata.cachedContentTokenCount = usage.cacheReadTokens;
  if (usage.reasoningTokens > 0) metadata.thoughtsTokenCount = usage.reasoningTokens;
  return metadata;
}
