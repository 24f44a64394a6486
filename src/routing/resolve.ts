import { GatewayError } from '../core/errors.js';
import type { Credential, Provider } from '../providers/provider.js';
import type { Alias, Chain } from './chain.js';
import { getOrCreate } from '../core/get-or-create.js';

/** One way to serve a request: a provider, the model id it knows, and a credential. */
export interface Candidate {
  provider: Provider;
  model: string;
  credential: Credential | undefined;
}

/** A candidate with where it came from: its chain step, tier and weight (one step for non-chains). */
export interface RoutedCandidate extends Candidate {
  /** Index of the chain step (0 for a plain model or alias); credentials of one step share it. */
  step: number;
  tier: number;
  weight: number;
}

/** Shared between requests (resolveRoute caches it): read-only. */
export interface ResolvedRoute {
  /** The chain the name resolved to, when it did. */
  readonly chain?: Chain;
  readonly candidates: readonly RoutedCandidate[];
}

export interface RoutingTable {
  providers: ReadonlyMap<string, Provider>;
  /** alias name → "provider/model" */
  aliases: ReadonlyMap<string, Alias>;
  chains: ReadonlyMap<string, Chain>;
}

export interface ResolveOptions {
  /** The caller's group: it sees global entries (groupId null) and its own group's. */
  groupId?: string | null;
}

const chainPrefix = 'chain:';

function visible(entry: { groupId: string | null }, options: ResolveOptions): boolean {
  return entry.groupId === null || entry.groupId === (options.groupId ?? null);
}

function candidatesFor(table: RoutingTable, providerId: string, model: string, options: ResolveOptions): Candidate[] | undefined {
  const provider = table.providers.get(providerId);
  if (provider === undefined || !provider.enabled || !visible(provider, options)) return undefined;
  if (provider.credentials.length === 0) return [{ provider, model, credential: undefined }];
  return provider.credentials.map((credential) => ({ provider, model, credential }));
}

/** An alias or "provider/model" or a bare model id → candidates (empty when nothing serves it). */
function resolveTarget(table: RoutingTable, requested: string, options: ResolveOptions): Candidate[] {
  const alias = table.aliases.get(requested);
  const target = alias !== undefined && visible(alias, options) ? alias.target : requested;
  const slash = target.indexOf('/');
  if (slash > 0) {
    const found = candidatesFor(table, target.slice(0, slash), target.slice(slash + 1), options);
    if (found !== undefined) return found;
  }
  const serving: Candidate[] = [];
  for (const provider of table.providers.values()) {
    if (provider.models.includes(target)) serving.push(...(candidatesFor(table, provider.id, target, options) ?? []));
  }
  return serving;
}

function notFound(requested: string, detail: string): GatewayError {
  return new GatewayError({ code: 'SY_MODEL_NOT_FOUND', status: 404, message: `The model "${requested}" ${detail}`, param: 'model' });
}

/**
 * A chain's steps in written order, each expanded into one candidate per
 * credential. Steps that name a chain are not followed (no cycles); steps
 * whose provider is disabled or hidden from the caller's group are skipped.
 */
function resolveChain(table: RoutingTable, chain: Chain, options: ResolveOptions): RoutedCandidate[] {
  const routed: RoutedCandidate[] = [];
  chain.steps.forEach((step, index) => {
    for (const candidate of resolveTarget(table, step.target, options)) {
      routed.push({ ...candidate, step: index, tier: step.tier ?? 0, weight: step.weight ?? 1 });
    }
  });
  return routed;
}

/**
 * A client model name → a route:
 * - "chain:NAME", or a plain NAME that is a chain (an alias of the same name wins);
 * - an alias ("fast" → "openai/gpt-4o-mini"), followed once;
 * - "provider/model" where provider is a known provider id (the model may
 *   itself contain slashes: "openrouter/meta-llama/llama-3.1-8b");
 * - a bare model id listed by exactly the providers that serve it, in order.
 */
export function resolveRoute(table: RoutingTable, requested: string, options: ResolveOptions = {}): ResolvedRoute {
  const groupId = options.groupId ?? null;
  const routes = getOrCreate(getOrCreate(routeCache, table, () => new Map<string | null, Map<string, ResolvedRoute>>()), groupId, () => new Map<string, ResolvedRoute>());
  let route = routes.get(requested);
  if (route === undefined) {
    route = computeRoute(table, requested, options);
    // "provider/anything" resolves for any model id, so the names are client-chosen: bound the cache.
    if (routes.size >= routeCacheLimit) routes.clear();
    routes.set(requested, route);
  }
  return route;
}

/**
 * Resolved routes per routing table, group and requested name. A table (the
 * snapshot) is never changed in place — an admin write or model discovery
 * swaps in a new one — so a route stays right for as long as its table is
 * current, and the WeakMap lets it go with the table. Routes are shared
 * between requests: frozen, so a caller that tried to reorder one in place
 * would throw instead of corrupting everyone's routing. Unknown names are
 * not cached (each gets its own 404).
 */
const routeCache = new WeakMap<RoutingTable, Map<string | null, Map<string, ResolvedRoute>>>();
const routeCacheLimit = 1024;

function computeRoute(table: RoutingTable, requested: string, options: ResolveOptions): ResolvedRoute {
  const explicitChain = requested.startsWith(chainPrefix);
  const chainName = explicitChain ? requested.slice(chainPrefix.length) : requested;
  const chain = table.chains.get(chainName);
  const aliasShadows = !explicitChain && table.aliases.get(requested) !== undefined;
  if (chain !== undefined && visible(chain, options) && !aliasShadows) {
    const candidates = resolveChain(table, chain, options);
    if (candidates.length === 0) throw notFound(requested, 'is a chain none of whose steps is enabled for this key.');
    return frozenRoute({ chain, candidates });
  }
  if (explicitChain) throw notFound(requested, 'names no chain this gateway knows.');
  const candidates = resolveTarget(table, requested, options);
  if (candidates.length === 0) {
    throw notFound(requested, 'does not exist or is not routed by this gateway. Use "provider/model", an alias, a chain, or a model a provider lists.');
  }
  return frozenRoute({ candidates: candidates.map((candidate) => ({ ...candidate, step: 0, tier: 0, weight: 1 })) });
}

function frozenRoute(route: ResolvedRoute): ResolvedRoute {
  for (const candidate of route.candidates) Object.freeze(candidate);
  Object.freeze(route.candidates);
  return Object.freeze(route);
}

/** The candidates for a name, in resolution order (no strategy applied). */
export function resolveModel(table: RoutingTable, requested: string, options: ResolveOptions = {}): Candidate[] {
  // A copy: the resolved route is shared (cached) and frozen.
  return [...resolveRoute(table, requested, options).candidates];
}
