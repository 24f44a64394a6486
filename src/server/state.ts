import { isProtocolId } from '../core/protocol.js';
import { Secret } from '../core/secret.js';
import type { LoadedConfig } from '../config/load.js';
import type { GatewayKeyRecord, Snapshot, SnapshotSource } from '../pipeline/snapshot.js';
import type { Credential, Provider } from '../providers/provider.js';
import type { Alias, Chain } from '../routing/chain.js';
import { configChains } from './config-chains.js';
import type { SecretBox } from '../secrets/envelope.js';
import type { Db } from '../store/database.js';
import { listAliases } from '../store/repositories/aliases.js';
import { listGatewayKeys } from '../store/repositories/gateway-keys.js';
import { listCredentials, listProviders } from '../store/repositories/providers.js';
import { getSetting, setSetting } from '../store/repositories/settings.js';

const versionSetting = 'state_version';

/** Any process that writes routing or key state bumps this, so running servers reload. */
export async function announceStateChange(db: Db): Promise<void> {
  await setSetting(db, versionSetting, `${Date.now()}-${Math.random().toString(36).slice(2)}`);
}

/** One key keeps its historical id `config:<provider>`; a pool adds `config:<provider>:<n>`. */
function configCredentials(providerId: string, key: string | undefined, pool: string[] | undefined): Credential[] {
  const credentials: Credential[] = key === undefined ? [] : [{ id: `config:${providerId}`, secret: new Secret(key) }];
  (pool ?? []).forEach((pooled, index) => credentials.push({ id: `config:${providerId}:${index + 1}`, secret: new Secret(pooled) }));
  return credentials;
}

function configProviders(config: LoadedConfig, env: NodeJS.ProcessEnv): Provider[] {
  return config.providers.map((entry) => {
    const key = entry.apiKey ?? (entry.apiKeyEnv === undefined ? undefined : env[entry.apiKeyEnv]);
    return {
      id: entry.id,
      name: entry.name ?? entry.id,
      protocol: entry.protocol,
      baseUrl: entry.baseUrl,
      headers: entry.headers,
      models: entry.models,
      enabled: entry.enabled,
      credentials: configCredentials(entry.id, key, entry.apiKeys),
      prices: entry.prices,
      groupId: null,
      ...(entry.timeouts === undefined ? {} : { timeouts: entry.timeouts }),
    };
  });
}

export async function buildSnapshot(options: { config: LoadedConfig; db: Db; box: SecretBox; env?: NodeJS.ProcessEnv }): Promise<Snapshot> {
  const { config, db, box } = options;
  const providers = new Map<string, Provider>();
  const [storedProviders, credentials, aliases, keys] = await Promise.all([
    listProviders(db),
    listCredentials(db),
    listAliases(db),
    listGatewayKeys(db),
  ]);
  for (const row of storedProviders) {
    if (!isProtocolId(row.protocol)) continue;
    providers.set(row.id, {
      id: row.id,
      name: row.name,
      protocol: row.protocol,
      baseUrl: row.base_url,
      headers: JSON.parse(row.headers_json) as Record<string, string>,
      models: JSON.parse(row.models_json) as string[],
      enabled: row.enabled === 1,
      credentials: credentials
        .filter((credential) => credential.provider_id === row.id && credential.enabled === 1)
        .map((credential) => ({ id: credential.id, secret: box.decrypt(credential.secret) })),
      prices: {},
      groupId: null,
    });
  }
  // Providers from the configuration file win over stored ones of the same id.
  for (const provider of configProviders(config, options.env ?? process.env)) providers.set(provider.id, provider);

  const aliasMap = new Map<string, Alias>(aliases.map((row) => [row.name, { target: row.target, groupId: null }]));
  for (const [name, target] of Object.entries(config.aliases)) aliasMap.set(name, { target, groupId: null });

  const keysByHash = new Map<string, GatewayKeyRecord>();
  for (const row of keys) {
    keysByHash.set(row.key_hash, { id: row.id, name: row.name, enabled: row.enabled === 1, expiresAt: row.expires_at === null ? null : Number(row.expires_at) });
  }
  const chains = new Map<string, Chain>(configChains(config.chains));
  return { providers, aliases: aliasMap, chains, keysByHash };
}

export interface StateHolder extends SnapshotSource {
  reload(): Promise<void>;
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
  let snapshot = await buildSnapshot(options);
  let version = await getSetting(options.db, versionSetting);
  let reloading: Promise<void> | undefined;
  const reload = async (): Promise<void> => {
    version = await getSetting(options.db, versionSetting);
    snapshot = await buildSnapshot(options);
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
    close: () => clearInterval(timer),
  };
}
