import type { CandidateStats } from './health.js';
import type { RoutedCandidate } from './resolve.js';

export type CredentialPoolMode = 'round-robin' | 'least-busy';

/**
 * Spreads load over the credentials of one step (several keys of one
 * provider): round robin rotates where each request starts in the pool;
 * least busy starts with the credential with fewest requests in flight.
 * The rest of the pool stays behind it, in order, as failover.
 */
export interface CredentialPool {
  /** Pools come from `groupPools` (the router groups each route once, not per request). */
  arrange(pools: readonly CandidatePool[], stats: (candidate: RoutedCandidate) => CandidateStats): RoutedCandidate[];
}

/** The candidates of one step, provider and model: several when the provider has several credentials. */
export interface CandidatePool {
  readonly key: string;
  readonly members: readonly RoutedCandidate[];
}

function poolKey(candidate: RoutedCandidate): string {
  return `${candidate.step}|${candidate.provider.id}|${candidate.model}`;
}

/** Groups candidates into pools, in the order each pool first appears. */
export function groupPools(candidates: readonly RoutedCandidate[]): CandidatePool[] {
  const groups = new Map<string, RoutedCandidate[]>();
  for (const candidate of candidates) {
    const key = poolKey(candidate);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [candidate]);
    else group.push(candidate);
  }
  return [...groups].map(([key, members]) => ({ key, members }));
}

export function createCredentialPool(mode: CredentialPoolMode): CredentialPool {
  const turns = new Map<string, number>();
  const arrange: CredentialPool['arrange'] = (pools, stats) => {
    const arranged: RoutedCandidate[] = [];
    for (const { key, members } of pools) {
      if (members.length === 1) {
        arranged.push(...members);
        continue;
      }
      const turn = turns.get(key) ?? 0;
      // Kept small: the counter only needs to be right modulo the pool size.
      turns.set(key, (turn + 1) % 1_000_000_007);
      const start = turn % members.length;
      const rotated = [...members.slice(start), ...members.slice(0, start)];
      if (mode === 'least-busy') {
        // Stable, so equally busy credentials keep the rotation (and still spread).
        rotated.sort((left, right) => stats(left).inFlight - stats(right).inFlight);
      }
      arranged.push(...rotated);
    }
    return arranged;
  };
  return { arrange };
}
