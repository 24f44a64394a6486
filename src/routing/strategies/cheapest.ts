import type { RoutedCandidate } from '../resolve.js';
import type { Strategy } from './strategy.js';
import { sortByKey } from './strategy.js';

/**
 * The price that orders candidates: input plus output per million tokens
 * (a typical coding request reads far more than it writes, but both count,
 * and the catalog has no per-request estimate). Unknown prices sort last.
 */
export function blendedPrice(candidate: RoutedCandidate): number {
  const price = candidate.provider.prices[candidate.model];
  return price === undefined ? Number.POSITIVE_INFINITY : price.input + price.output;
}

export const cheapest: Strategy = (candidates) => sortByKey(candidates, blendedPrice);
