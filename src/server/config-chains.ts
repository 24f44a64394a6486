import type { ChainConfig } from '../config/routing-schema.js';
import type { Chain } from '../routing/chain.js';

/** Chains from the configuration file, in the routing table's shape (visible to every group). */
export function configChains(chains: Record<string, ChainConfig>): Array<[string, Chain]> {
  return Object.entries(chains).map(([name, entry]) => [
    name,
    {
      name,
      strategy: entry.strategy,
      affinity: entry.affinity,
      groupId: null,
      steps: entry.steps.map((step) => (typeof step === 'string' ? { target: step, tier: 0, weight: 1 } : step)),
    },
  ]);
}
