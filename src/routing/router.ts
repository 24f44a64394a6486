import type { Chain } from './chain.js';
import { createAffinityStore, type AffinityStore } from './affinity.js';
import { createCredentialPool, groupPools, type CandidatePool, type CredentialPool, type CredentialPoolMode } from './credential-pool.js';
import { candidateKey, createHealthRegistry, type HealthRegistry } from './health.js';
import { resolveRoute, type ResolvedRoute, type RoutedCandidate, type RoutingTable } from './resolve.js';
import { strategyFor } from './strategies/by-name.js';
import type { Strategy, StrategyContext } from './strategies/strategy.js';
import { getOrCreate } from '../core/get-or-create.js';

export interface RouterOptions {
  breakerFailureThreshold: number;
  breakerCooldownMs: number;
  credentialPool: CredentialPoolMode;
  affinityTtlMs: number;
  /** Uniform in [0, 1); default Math.random (tests inject a seeded one). */
  random?: () => number;
  now?: () => number;
}

export interface PlanRequest {
  requested: string;
  groupId?: string | null;
  /** The conversation key, computed only when the route asks for affinity. */
  session?: () => string;
}

export interface RoutePlan {
  chain?: Chain;
  /** In the order to try them. */
  candidates: RoutedCandidate[];
  /** Set when the route keeps conversations on one credential. */
  sessionKey?: string;
  /** The pinned candidate that was moved to the front, if any. */
  pinned?: string;
}

/**
 * The live routing state of one gateway process (health, credential-pool
 * turns, session pins) and the one function that turns a model name into
 * the ordered candidates to try:
 *   resolve → rotate credential pools → tiers in order (0 first), the
 *   chain's strategy within each tier → a pinned session candidate first.
 * Circuit breakers are consulted when each candidate is tried, not here, so
 * the plan stays a pure ordering.
 */
export interface Router {
  readonly health: HealthRegistry;
  readonly affinity: AffinityStore;
  plan(table: RoutingTable, request: PlanRequest): RoutePlan;
  /** After a candidate served a request: pin the conversation to it. */
  remember(plan: RoutePlan, served: RoutedCandidate): void;
}

/** What a plan needs of a route that does not change while its snapshot is current. */
interface PreparedRoute {
  pools: readonly CandidatePool[];
  /** Distinct tiers, lowest (tried first) first. */
  tiers: readonly number[];
  strategy: Strategy;
  /**
   * The plan's order when none of it depends on live state (every pool has
   * one credential and the strategy is priority, the common case): computed
   * once instead of per request.
   */
  fixedOrder: readonly RoutedCandidate[] | undefined;
}

/** Keyed by the resolved route, which resolveRoute caches per snapshot: both go when the snapshot goes. */
const preparedRoutes = new WeakMap<ResolvedRoute, PreparedRoute>();

function prepare(route: ResolvedRoute): PreparedRoute {
  return getOrCreate(preparedRoutes, route, () => {
    const pools = groupPools(route.candidates);
    const tiers = [...new Set(route.candidates.map((candidate) => candidate.tier))].sort((left, right) => left - right);
    const strategyName = route.chain?.strategy ?? 'priority';
    const strategy = strategyFor(strategyName);
    const fixed = strategyName === 'priority' && pools.every((entry) => entry.members.length === 1);
    return {
      pools,
      tiers,
      strategy,
      // Priority reads no statistics and no randomness, so an empty context does.
      fixedOrder: fixed ? Object.freeze(tiers.flatMap((tier) => strategy(route.candidates.filter((candidate) => candidate.tier === tier), staticContext))) : undefined,
    };
  });
}

const staticContext: StrategyContext = {
  stats: () => ({ ttftMs: undefined, errorRate: 0, inFlight: 0, headroom: 1 }),
  random: () => 0,
};

export function createRouter(options: RouterOptions): Router {
  const health = createHealthRegistry({
    failureThreshold: options.breakerFailureThreshold,
    cooldownMs: options.breakerCooldownMs,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const affinity = createAffinityStore({ ttlMs: options.affinityTtlMs, ...(options.now === undefined ? {} : { now: options.now }) });
  const pool: CredentialPool = createCredentialPool(options.credentialPool);
  const context: StrategyContext = { stats: (candidate) => health.stats(candidate), random: options.random ?? Math.random };

  return {
    health,
    affinity,
    plan(table, request) {
      const route = resolveRoute(table, request.requested, request.groupId === undefined ? {} : { groupId: request.groupId });
      const prepared = prepare(route);
      let ordered: RoutedCandidate[];
      if (prepared.fixedOrder !== undefined) {
        ordered = prepared.fixedOrder.slice();
      } else {
        const pooled = pool.arrange(prepared.pools, (candidate) => health.stats(candidate));
        ordered =
          prepared.tiers.length === 1
            ? prepared.strategy(pooled, context)
            : prepared.tiers.flatMap((tier) => prepared.strategy(pooled.filter((candidate) => candidate.tier === tier), context));
      }
      const plan: RoutePlan = { candidates: ordered };
      if (route.chain !== undefined) plan.chain = route.chain;
      if (route.chain?.affinity === true && request.session !== undefined) {
        plan.sessionKey = request.session();
        const pinned = affinity.get(plan.sessionKey);
        const index = pinned === undefined ? -1 : ordered.findIndex((candidate) => candidateKey(candidate) === pinned);
        if (index > 0) {
          const [first] = ordered.splice(index, 1);
          if (first !== undefined) ordered = [first, ...ordered];
          plan.candidates = ordered;
        }
        if (index >= 0 && pinned !== undefined) plan.pinned = pinned;
      }
      return plan;
    },
    remember(plan, served) {
      if (plan.sessionKey !== undefined) affinity.set(plan.sessionKey, candidateKey(served));
    },
  };
}
