import type { CandidateStats } from '../health.js';
import type { Strategy } from './strategy.js';
import { sortByKey } from './strategy.js';

/** Assumed time to first token when no candidate has been measured yet (ms). */
const unmeasuredTtftMs = 1_000;
/** Below this share of quota left, a candidate is treated as almost exhausted. */
const minimumHeadroom = 0.05;

/**
 * Expected cost of sending one request here, lower is better: latency,
 * inflated by the error rate (each failure costs a retry elsewhere) and by
 * in-flight load, divided by the quota headroom (a credential with 5 % of
 * its requests left, or that just got a 429, is twenty times less attractive).
 */
export function candidateScore(stats: CandidateStats, unmeasuredLatencyMs = unmeasuredTtftMs): number {
  const latency = stats.ttftMs ?? unmeasuredLatencyMs;
  const reliability = 1 + 4 * stats.errorRate;
  const load = 1 + 0.1 * stats.inFlight;
  return (latency * reliability * load) / Math.max(minimumHeadroom, stats.headroom);
}

/**
 * A candidate never measured is assumed as fast as the best measured one:
 * optimistic, so it gets tried and measured instead of losing forever to a
 * measured one that is nearly out of quota.
 */
export const score: Strategy = (candidates, context) => {
  const measured = candidates.map((candidate) => context.stats(candidate).ttftMs).filter((value): value is number => value !== undefined);
  const unmeasured = measured.length === 0 ? unmeasuredTtftMs : Math.min(...measured);
  return sortByKey(candidates, (candidate) => candidateScore(context.stats(candidate), unmeasured));
};
