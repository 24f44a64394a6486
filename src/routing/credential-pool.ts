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
  arrange(candidates: readonly RoutedCandidate[], stats: (candidate: RoutedCandidate) => CandidateStats): RoutedCandidate[];
}

function poolKey(candidate: RoutedCandidate): string {
  return `${candidate.step}|${candidate.provider.id}|${candidate.model}`;
}

export function createCredentialPool(mode: CredentialPoolMode): CredentialPool {
  const turns = new Map<string, number>();
  return {
    arrange(candidates, stats) {
      const groups = new Map<string, RoutedCandidate[]>();
      for (const candidate of candidates) {
        const key = poolKey(candidate);
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [candidate]);
        else group.push(candidate);
      }
      const arranged: RoutedCandidate[] = [];
      for (const [key, group] of groups) {
        if (group.length === 1) {
          arranged.push(...group);
          continue;
        }
        const turn = turns.get(key) ?? 0;
        // Kept small: the counter only needs to be right modulo the pool size.
        turns.set(key, (turn + 1) % 1_000_000_007);
        const start = turn % group.length;
        const rotated = [...group.slice(start), ...group.slice(0, start)];
        if (mode === 'least-busy') {
          // Stable, so equally busy credentials keep the rotation (and still spread).
          rotated.sort((left, right) => stats(left).inFlight - stats(right).inFlight);
        }
        arranged.push(...rotated);
      }
      return arranged;
    },
  };
}
