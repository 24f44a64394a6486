import type { Usage } from '../../core/usage.js';
import type { WireUsage } from './types.js';

/**
 * Canonical usage as Chat reports it: prompt_tokens include cached tokens
 * and completion_tokens include reasoning tokens, as canonically. Chat has
 * no standard cache-write field; cache_write_tokens (what some compatible
 * providers send, and read-usage.ts reads) is added only when there are any.
 */
export function encodeChatUsage(usage: Usage): WireUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: {
      cached_tokens: usage.cacheReadTokens,
      ...(usage.cacheWriteTokens > 0 ? { cache_write_tokens: usage.cacheWriteTokens } : {}),
    },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}
