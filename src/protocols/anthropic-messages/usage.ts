import type { Usage } from '../../core/usage.js';
import { asObject, asNumber, count } from '../../core/json.js';
import type { AnthropicUsage } from './types.js';

/**
 * Anthropic's input_tokens EXCLUDES cache reads and cache writes (the prompt
 * is the sum of the three, per the prompt-caching docs); canonical
 * inputTokens includes them. output_tokens already includes thinking.
 */
export function decodeAnthropicUsage(value: unknown): Usage | undefined {
  const usage = asObject(value);
  if (usage === undefined) return undefined;
  const cacheRead = count(usage.cache_read_input_tokens);
  const cacheWrite = count(usage.cache_creation_input_tokens);
  return {
    inputTokens: count(usage.input_tokens) + cacheRead + cacheWrite,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: count(usage.output_tokens),
    reasoningTokens: 0,
  };
}

/**
 * The fields a stream event's usage actually carries. message_delta usually
 * has only output_tokens; some Anthropic-compatible vendors put input and
 * cache fields there too, so whatever is present is taken.
 */
export function decodePartialAnthropicUsage(value: unknown): Partial<Usage> | undefined {
  const usage = asObject(value);
  if (usage === undefined) return undefined;
  const partial: Partial<Usage> = {};
  const input = asNumber(usage.input_tokens);
  const cacheRead = asNumber(usage.cache_read_input_tokens);
  const cacheWrite = asNumber(usage.cache_creation_input_tokens);
  const output = asNumber(usage.output_tokens);
  if (input !== undefined || cacheRead !== undefined || cacheWrite !== undefined) {
    partial.inputTokens = (input ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  }
  if (cacheRead !== undefined) partial.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) partial.cacheWriteTokens = cacheWrite;
  if (output !== undefined) partial.outputTokens = output;
  return partial;
}

export function encodeAnthropicUsage(usage: Partial<Usage>): AnthropicUsage {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}
