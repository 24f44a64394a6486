/**
 * A chain: a named, ordered set of targets a client can ask for by name
 * ("coding" or "chain:coding"), tried by a strategy. Steps name
 * "provider/model" or an alias; tiers group steps (tier 0 first — e.g.
 * subscription → cheap → free) and the strategy orders within a tier.
 */
export const routingStrategies = ['priority', 'cheapest', 'fastest', 'least-busy', 'weighted', 'score'] as const;
export type RoutingStrategy = (typeof routingStrategies)[number];

export interface ChainStep {
  target: string;
  tier?: number;
  weight?: number;
}

export interface Chain {
  name: string;
  strategy: RoutingStrategy;
  steps: ChainStep[];
  /** Keep one conversation on one credential (prompt-cache hits), still failing over. */
  affinity?: boolean;
  /** null: visible to every group. */
  groupId: string | null;
}

export interface Alias {
  target: string;
  groupId: string | null;
}
