import { uncachedInputTokens, type Usage } from '../core/usage.js';

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/**
 * Cost of one request in micro-dollars (integer, so budgets add up exactly):
 * uncached input at the input rate, cache reads and writes at their own
 * rates (falling back to the input rate), output (reasoning included) at the
 * output rate.
 */
export function costMicros(usage: Usage, price: ModelPrice): number {
  // USD per million tokens is the same number as micro-USD per token.
  const total =
    uncachedInputTokens(usage) * price.input +
    usage.cacheReadTokens * (price.cacheRead ?? price.input) +
    usage.cacheWriteTokens * (price.cacheWrite ?? price.input) +
    usage.outputTokens * price.output;
  return Math.round(total);
}
