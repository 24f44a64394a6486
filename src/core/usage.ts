/**
 * Token usage, accounted one way whatever the protocol:
 * - inputTokens is the whole prompt, INCLUDING cache reads and cache writes
 *   (OpenAI and Gemini already count this way; Anthropic's input_tokens
 *   excludes both, so its decoder adds them);
 * - outputTokens INCLUDES reasoningTokens (OpenAI counts this way; Gemini's
 *   thoughtsTokenCount is separate, so its decoder adds it).
 */
export interface Usage {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

export function emptyUsage(): Usage {
  return { inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
}

/** Input tokens billed at the plain input rate (neither read from nor written to cache). */
export function uncachedInputTokens(usage: Usage): number {
  return Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
}

/** Usage so far with a later report applied field by field (stream usage is cumulative per field). */
export function mergeUsage(current: Usage | undefined, update: Partial<Usage>): Usage {
  const merged = { ...(current ?? emptyUsage()) };
  for (const [key, value] of Object.entries(update) as Array<[keyof Usage, number | undefined]>) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}
