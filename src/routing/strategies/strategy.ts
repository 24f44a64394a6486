import type { CandidateStats } from '../health.js';
import type { RoutedCandidate } from '../resolve.js';

/** What a strategy may read besides the candidates: live statistics and a random source. */
export interface StrategyContext {
  stats(candidate: RoutedCandidate): CandidateStats;
  /** Uniform in [0, 1); injected so tests are deterministic. */
  random(): number;
}

/**
 * Orders the candidates of one tier, best first. Returns a new array and
 * must be stable (equal candidates keep their incoming order, which already
 * carries the credential-pool rotation).
 */
export type Strategy = (candidates: readonly RoutedCandidate[], context: StrategyContext) => RoutedCandidate[];

/** A stable sort by a numeric key, lower first. */
export function sortByKey(candidates: readonly RoutedCandidate[], key: (candidate: RoutedCandidate) => number): RoutedCandidate[] {
  return candidates
    .map((candidate, index) => ({ candidate, index, value: key(candidate) }))
    .sort((left, right) => left.value - right.value || left.index - right.index)
    .map((entry) => entry.candidate);
}
