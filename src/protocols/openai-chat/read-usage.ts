import type { Usage } from '../../core/usage.js';
import { asObject } from '../../core/json.js';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}


/**
 * Usage from a Chat Completions body or chunk: prompt_tokens already include
 * cached tokens and completion_tokens include reasoning tokens, which is the
 * canonical accounting. Some OpenAI-compatible providers report cache writes
 * as prompt_tokens_details.cache_write_tokens (or cache_creation_tokens).
 */
export function readChatUsage(body: unknown): Usage | undefined {
  const usage = asObject(asObject(body)?.usage);
  if (!usage) return undefined;
  const promptDetails = asObject(usage.prompt_tokens_details);
  const completionDetails = asObject(usage.completion_tokens_details);
  return {
    inputTokens: count(usage.prompt_tokens),
    cacheReadTokens: count(promptDetails?.cached_tokens),
    cacheWriteTokens: count(promptDetails?.cache_write_tokens ?? promptDetails?.cache_creation_tokens),
    outputTokens: count(usage.completion_tokens),
    reasoningTokens: count(completionDetails?.reasoning_tokens),
  };
}
