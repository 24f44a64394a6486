import { GatewayError } from '../core/errors.js';
import type { Credential, Provider } from '../providers/provider.js';
import type { Alias, Chain } from './chain.js';

/** One way to serve a request: a provider, the model id it knows, and a credential. */
export interface Candidate {
  provider: Provider;
  model: string;
  credential: Credential | undefined;
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

function visible(entry: { groupId: string | null }, options: ResolveOptions): boolean {
  return entry.groupId === null || entry.groupId === (options.groupId ?? null);
}

function candidatesFor(table: RoutingTable, providerId: string, model: string, options: ResolveOptions): Candidate[] | undefined {
  const provider = table.providers.get(providerId);
  if (provider === undefined || !provider.enabled || !visible(provider, options)) return undefined;
  if (provider.credentials.length === 0) return [{ provider, model, credential: undefined }];
  return provider.credentials.map((credential) => ({ provider, model, credential }));
}

/**
 * A client model name → ordered candidates:
 * - an alias ("fast" → "openai/gpt-4o-mini"), followed once;
 * - "provider/model" where provider is a known provider id (the model may
 *   itself contain slashes: "openrouter/meta-llama/llama-3.1-8b");
 * - a bare model id listed by exactly the providers that serve it, in order.
 */
export function resolveModel(table: RoutingTable, requested: string, options: ResolveOptions = {}): Candidate[] {
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
  if (serving.length > 0) return serving;
  throw new GatewayError({
    code: 'SY_MODEL_NOT_FOUND',
    status: 404,
    message: `The model "${requested}" does not exist or is not routed by this gateway. Use "provider/model", an alias, or a model a provider lists.`,
    param: 'model',
  });
}
