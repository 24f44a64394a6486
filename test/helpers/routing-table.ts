import { Secret } from '../../src/core/secret.js';
import type { Provider } from '../../src/providers/provider.js';
import type { ModelPrice } from '../../src/providers/pricing.js';
import type { Chain, RoutingStrategy } from '../../src/routing/chain.js';
import type { RoutingTable } from '../../src/routing/resolve.js';

/** Builders for routing tests: providers with N keys, chains by steps. */
export function testProvider(id: string, options: { keys?: number; models?: string[]; prices?: Record<string, ModelPrice>; enabled?: boolean } = {}): Provider {
  return {
    id,
    name: id,
    protocol: 'openai-chat',
    baseUrl: `http://127.0.0.1:1/${id}`,
    headers: {},
    models: options.models ?? ['m'],
    enabled: options.enabled ?? true,
    credentials: Array.from({ length: options.keys ?? 1 }, (_unused, index) => ({ id: `${id}-key${index + 1}`, secret: new Secret(`sk-${id}-${index + 1}`) })),
    prices: options.prices ?? {},
    groupId: null,
  };
}

export function testChain(name: string, strategy: RoutingStrategy, steps: Array<string | { target: string; tier?: number; weight?: number }>, affinity = false): Chain {
  return { name, strategy, affinity, groupId: null, steps: steps.map((step) => (typeof step === 'string' ? { target: step } : step)) };
}

export function testTable(providers: Provider[], chains: Chain[] = [], aliases: Record<string, string> = {}): RoutingTable {
  return {
    providers: new Map(providers.map((provider) => [provider.id, provider])),
    chains: new Map(chains.map((chain) => [chain.name, chain])),
    aliases: new Map(Object.entries(aliases).map(([name, target]) => [name, { target, groupId: null }])),
  };
}
