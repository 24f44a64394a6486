import type { Usage } from '../../core/usage.js';
import { asNumber, asObject } from '../../core/json.js';

/**
 * Usage from a Responses `usage` object: input_tokens already include
 * input_tokens_details.cached_tokens and output_tokens include
 * output_tokens_details.reasoning_tokens — the canonical accounting.
 */
export function readResponsesUsage(value: unknown): Usage | undefined {
  const usage = asObject(value);
  if (usage === undefined) return undefined;
  return {
    inputTokens: asNumber(usage.input_tokens) ?? 0,
    cacheReadTokens: asNumber(asObject(usage.input_tokens_details)?.cached_tokens) ?? 0,
    cacheWriteTokens: 0,
    outputTokens: asNumber(usage.output_tokens) ?? 0,
    reasoningTokens: asNumber(asObject(usage.output_tokens_details)?.reasoning_tokens) ?? 0,
  };
}

/** Usage of a whole response object (non-streaming body, or the `response` of response.completed). */
export function readResponseObjectUsage(body: unknown): Usage | undefined {
  return readResponsesUsage(asObject(body)?.usage);
}
