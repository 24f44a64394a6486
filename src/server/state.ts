import { isProtocolId } from '../core/protocol.js';
import type { LoadedConfig } from '../config/load.js';
import type { GatewayKeyRecord, Snapshot, SnapshotSource } from '../pipeline/snapshot.js';
import { providerFromConfig } from './provider-from-config.js';
import type { Provider } from '../providers/provider.js';
import { bothAllow, compileModelPatterns } from '../policy/model-pattern.js';
import type { Plan } from '../policy/plan.js';
import { routingStrategies, type Alias, type Chain, type RoutingStrategy } from '../routing/chain.js';
import { configChains } from './config-chains.js';
import type { SecretBox } from '../secrets/envelope.js';
import type { Db } from '../store/database.js';
import { listAliases } from '../store/repositories/aliases.js';
import { listChains } from '../store/repositories/chains.js';
import { listGroups } from '../store/repositories/groups.js';
import { listPlans, planFromRow } from '../store/repositories/plans.js';
import { listGatewayKeys } from '../store/repositories/gateway-keys.js';
import { listCredentials, listProviders, providerRowSettings } from '../store/repositories/providers.js';
import { getSetting, setSetting } from '../store/repositories/settings.js';

const versionSetting = 'state_version';

/** Any process that writes routing or key state bumps this, so running servers reload. */
export async function announceStateChange(db: Db): Promise<void> {
  await setSetting(db, versionSetting, `${Date.now()}-${Math.random().toString(36).slice(2)}`);
}

/** One key keeps its historical id `config:<provider>`; a pool adds `config:<provider>:<n>`. */
function configProviders(config: LoadedConfig, env: NodeJS.ProcessEnv): Provider[] {
  return config.providers.map((entry) => providerFromConfig(entry, env));
}

/** Model lists fetched from providers (model discovery), merged into their known models. */
function withDiscoveredModels(snapshot: Snapshot, discovered: ReadonlyMap<string, readonly string[]>): Snapshot {
  if (discovered.size === 0) return snapshot;
  const providers = new Map(snapshot.providers);
  for (const [id, models] of discovered) {
    const provider = providers.get(id);
    if (provider !== undefined) providers.set(id, { ...provider, models: [...new Set([...provider.models, ...models])] });
  }
  return { ...snapshot, providers };
}

export async function buildSnapshot(options: { config: LoadedConfig; db: Db; box: SecretBox; env?: NodeJS.ProcessEnv }): Promise<Snapshot> {
  const { config, db, box } = options;
  const providers = new Map<string, Provider>();
  const [storedProviders, credentials, aliases, keys, plans, groups, chains] = await Promise.all([
    listProviders(db),
    listCredentials(db),
    listAliases(db),
    listGatewayKeys(db),
    listPlans(db),
    listGroups(db),
    listChains(db),
  ]);
  for (const row of storedProviders) {
    if (!isProtocolId(row.protocol)) continue;
    providers.set(row.id, {
      id: row.id,
      name: row.name,
      protocol: row.protocol,
      baseUrl: row.base_url,
      ...providerRowSettings(row),
      enabled: row.enabled === 1,
      credentials: credentials
        .filter((credential) => credential.provider_id === row.id && credential.enabled === 1)
        .map((credential) => ({ id: credential.id, secret: box.decrypt(credential.secret) })),
      groupId: row.group_id,
    });
  }
  // Providers from the configuration file win over stored ones of the same id.
  for (const provider of configProviders(config, options.env ?? process.env)) providers.set(provider.id, provider);

  const aliasMap = new Map<string, Alias>(aliases.map((row) => [row.name, { target: row.target, groupId: row.group_id }]));
  for (const [name, target] of Object.entries(config.aliases)) aliasMap.set(name, { target, groupId: null });

  const chainMap = new Map<string, Chain>();
  for (const row of chains) {
    const strategy: RoutingStrategy = (routingStrategies as readonly string[]).includes(row.strategy) ? (row.strategy as RoutingStrategy) : 'priority';
    chainMap.set(row.name, { name: row.name, strategy, steps: JSON.parse(row.steps_json) as Chain['steps'], affinity: row.affinity === 1, groupId: row.group_id });
  }

  const planMap = new Map<string, Plan>(plans.map((row) => [row.id, planFromRow(row)]));
  const defaultPlanOfGroup = new Map<string, string | null>(groups.map((row) => [row.id, row.default_plan_id]));
  const keysByHash = new Map<string, GatewayKeyRecord>();
  for (const row of keys) {
    const planId = row.plan_id ?? (row.group_id === null ? null : (defaultPlanOfGroup.get(row.group_id) ?? null));
    const plan = planId === null ? null : (planMap.get(planId) ?? null);
    const keyPatterns = row.allowed_models_json === null ? [] : (JSON.parse(row.allowed_models_json) as string[]);
    keysByHash.set(row.key_hash, {
      id: row.id,
      name: row.name,
      enabled: row.enabled === 1,
      expiresAt: row.expires_at === null ? null : Number(row.expires_at),
      groupId: row.group_id,
      plan,
      defaultModel: row.default_model,
      allowsModel: bothAllow(compileModelPatterns(keyPatterns), compileModelPatterns(plan?.allowedModels ?? [])),
      systemPrompt: row.system_prompt,
      metadata: row.metadata_json === null ? {} : (JSON.parse(row.metadata_json) as Record<string, unknown>),
      tags: row.tags_json === null ? [] : (JSON.parse(row.tags_json) as string[]),
    });
  }
  // Chains from the configuration file win over stored ones of the same name.
  for (const [name, chain] of configChains(config.chains)) chainMap.set(name, chain);
  return { providers, aliases: aliasMap, chains: chainMap, keysByHash };
}

export interface StateHolder extends SnapshotSource {
  reload(): Promise<void>;
  /** Merges a provider's live model list into the snapshot now, and into every rebuild after. */
  setDiscoveredModels(providerId: string, models: readonly string[]): void;
  close(): void;
}

/**
 * Holds the in-memory snapshot. Rebuilds it when this process writes, and
 * polls the store's state version (one indexed read a second) to pick up
 * writes from other processes such as the CLI.
 */
export async function createStateHolder(options: {
  config: LoadedConfig;
  db: Db;
  box: SecretBox;
  pollMs?: number;
  onError?(error: unknown): void;
}): Promise<StateHolder> {
  const discovered = new Map<string, readonly string[]>();
  let snapshot = await buildSnapshot(options);
  let version = await getSetting(options.db, versionSetting);
  let reloading: Promise<void> | undefined;
  const reload = async (): Promise<void> => {
    version = await getSetting(options.db, versionSetting);
    snapshot = withDiscoveredModels(await buildSnapshot(options), discovered);
  };
  const timer = setInterval(() => {
    if (reloading !== undefined) return;
    reloading = (async () => {
      const current = await getSetting(options.db, versionSetting);
      if (current !== version) await reload();
    })()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        reloading = undefined;
      });
  }, options.pollMs ?? 1000);
  timer.unref();
  return {
    current: () => snapshot,
    reload,
    setDiscoveredModels(providerId, models) {
      discovered.set(providerId, [...models]);
      snapshot = withDiscoveredModels(snapshot, new Map([[providerId, models]]));
    },
    close: () => clearInterval(timer),
  };
}
