import type { Usage } from '../../core/usage.js';
import type { ConverseUsage } from './types.js';

/**
 * Converse counts like Anthropic: inputTokens excludes cache reads and
 * writes (totalTokens = input + output + cacheRead + cacheWrite), so the
 * canonical input adds them back (core/usage.ts).
 */
export function decodeConverseUsage(usage: Partial<ConverseUsage> | undefined): Usage {
  const cacheRead = usage?.cacheReadInputTokens ?? 0;
  const cacheWrite = usage?.cacheWriteInputTokens ?? 0;
  return {
    inputTokens: (usage?.inputTokens ?? 0) + cacheRead + cacheWrite,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: usage?.outputTokens ?? 0,
    reasoningTokens: 0,
  };
}

export function encodeConverseUsage(usage: Usage): ConverseUsage {
  const inputTokens = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  const encoded: ConverseUsage = {
    inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens,
  };
  if (usage.cacheReadTokens > 0) encoded.cacheReadInputTokens = usage.cacheReadTokens;
  if (usage.cacheWriteTokens > 0) encoded.cacheWriteInputTokens = usage.cacheWriteTokens;
  return encoded;
}
