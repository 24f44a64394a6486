import { readFileSync } from 'node:fs';
import type { ProtocolId } from '../core/protocol.js';
import { Secret } from '../core/secret.js';
import { ConfigError } from '../config/load.js';
import type { ProviderConfig } from '../config/schema.js';
import type { AdapterSettings } from '../providers/adapters/adapter-settings.js';
import { awsCredentialsSecret } from '../providers/adapters/aws-credentials.js';
import { defaultAuthScheme } from '../providers/auth.js';
import { catalogPrices } from '../providers/catalog/prices.js';
import { adapterKinds, discoveryKinds, isAuthScheme, type AdapterKind, type AuthScheme, type DiscoveryKind, type PresetSpec } from '../providers/catalog/preset-types.js';
import { findPreset, presetList } from '../providers/catalog/presets.js';
import type { Credential, Provider } from '../providers/provider.js';

/**
 * A provider from the configuration file: the catalog preset (if any) with
 * every field the operator gave winning over it. Unknown presets, auth
 * schemes or adapters, and base URLs with unfilled {placeholders}, stop the
 * start with a message that says what to fix.
 */
function fail(entry: ProviderConfig, message: string): never {
  throw new ConfigError(`provider "${entry.id}": ${message}`);
}

function presetOf(entry: ProviderConfig): PresetSpec | undefined {
  if (entry.preset === undefined) return undefined;
  const preset = findPreset(entry.preset);
  if (preset === undefined) fail(entry, `unknown preset "${entry.preset}"; known presets: ${presetList.map((known) => known.id).join(', ')}`);
  return preset;
}

function discoveryFor(protocol: ProtocolId): DiscoveryKind {
  if (protocol === 'openai-chat' || protocol === 'openai-responses') return 'openai';
  if (protocol === 'anthropic-messages') return 'anthropic';
  if (protocol === 'gemini') return 'gemini';
  return 'none';
}

function fillTemplate(entry: ProviderConfig, template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') fail(entry, `the base URL ${template} needs "${name}" (set ${name} or params.${name})`);
    return value;
  });
}

function adapterSettings(options: { entry: ProviderConfig; kind: AdapterKind | undefined; project: string | undefined; location: string; region: string }): AdapterSettings | undefined {
  const { entry } = options;
  switch (options.kind) {
    case undefined:
      return undefined;
    case 'azure':
      return { kind: 'azure', apiVersion: entry.apiVersion ?? '2024-10-21', ...(entry.deployment === undefined ? {} : { deployment: entry.deployment }) };
    case 'vertex':
      if (options.project === undefined) fail(entry, 'Vertex AI needs a project (set project, or use a service-account key with project_id)');
      return { kind: 'vertex', project: options.project, location: options.location };
    case 'bedrock':
      return { kind: 'bedrock', region: options.region };
  }
}

function credentialsFor(options: { entry: ProviderConfig; auth: AuthScheme; preset: PresetSpec | undefined; env: NodeJS.ProcessEnv; serviceAccount: string | undefined }): Credential[] {
  const { entry, env } = options;
  const id = `config:${entry.id}`;
  if (options.auth === 'none') return [];
  if (options.auth === 'sigv4') {
    const accessKeyId = entry.accessKeyId ?? env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = entry.secretAccessKey ?? env.AWS_SECRET_ACCESS_KEY;
    if (accessKeyId === undefined || secretAccessKey === undefined) return [];
    const sessionToken = entry.sessionToken ?? (entry.accessKeyId === undefined ? env.AWS_SESSION_TOKEN : undefined);
    return [{ id, secret: new Secret(awsCredentialsSecret({ accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) })) }];
  }
  if (options.auth === 'google-service-account') {
    return options.serviceAccount === undefined ? [] : [{ id, secret: new Secret(options.serviceAccount) }];
  }
  const keyEnv = entry.apiKeyEnv ?? options.preset?.apiKeyEnv;
  const key = entry.apiKey ?? (keyEnv === undefined ? undefined : env[keyEnv]);
  const credentials: Credential[] = key === undefined ? [] : [{ id, secret: new Secret(key) }];
  // apiKeys: a pool of keys for one provider, spread over by the router.
  (entry.apiKeys ?? []).forEach((pooled, index) => credentials.push({ id: `${id}:${index + 1}`, secret: new Secret(pooled) }));
  return credentials;
}

function readServiceAccount(entry: ProviderConfig, env: NodeJS.ProcessEnv): string | undefined {
  const file = entry.serviceAccountFile ?? env.GOOGLE_APPLICATION_CREDENTIALS;
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return fail(entry, `cannot read the service-account key ${file}: ${(error as Error).message}`);
  }
}

function projectOf(serviceAccount: string | undefined): string | undefined {
  if (serviceAccount === undefined) return undefined;
  try {
    const parsed = JSON.parse(serviceAccount) as { project_id?: unknown };
    return typeof parsed.project_id === 'string' ? parsed.project_id : undefined;
  } catch {
    return undefined;
  }
}

export function providerFromConfig(entry: ProviderConfig, env: NodeJS.ProcessEnv): Provider {
  const preset = presetOf(entry);
  const protocol = entry.protocol ?? preset?.protocol ?? 'openai-chat';
  if (entry.auth !== undefined && !isAuthScheme(entry.auth)) fail(entry, `unknown auth scheme "${entry.auth}"`);
  const auth: AuthScheme = entry.auth ?? preset?.auth ?? defaultAuthScheme(protocol);
  const adapterName = entry.adapter ?? preset?.adapter;
  if (adapterName !== undefined && !(adapterKinds as readonly string[]).includes(adapterName)) fail(entry, `unknown adapter "${adapterName}"; known: ${adapterKinds.join(', ')}`);
  const adapterKind = adapterName as AdapterKind | undefined;
  if (entry.discovery !== undefined && !(discoveryKinds as readonly string[]).includes(entry.discovery)) {
    fail(entry, `unknown discovery "${entry.discovery}"; known: ${discoveryKinds.join(', ')}`);
  }

  const serviceAccount = auth === 'google-service-account' ? readServiceAccount(entry, env) : undefined;
  const project = entry.project ?? projectOf(serviceAccount);
  const location = entry.location ?? 'us-central1';
  const region = entry.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const template = entry.baseUrl ?? preset?.baseUrl ?? fail(entry, `preset "${entry.preset ?? ''}" has no base URL: set baseUrl`);
  const baseUrl = fillTemplate(entry, template, {
    resource: entry.resource,
    region,
    location,
    project,
    accountId: entry.accountId,
    ...entry.params,
  });
  const adapter = adapterSettings({ entry, kind: adapterKind, project, location, region });

  const provider: Provider = {
    id: entry.id,
    name: entry.name ?? preset?.name ?? entry.id,
    protocol,
    baseUrl,
    headers: { ...preset?.headers, ...entry.headers },
    models: [...(entry.models ?? preset?.models ?? [])],
    enabled: entry.enabled,
    credentials: credentialsFor({ entry, auth, preset, env, serviceAccount }),
    // The deployment's own prices win over the catalog, model by model.
    prices: { ...(preset === undefined ? {} : catalogPrices(preset.id)), ...entry.prices },
    groupId: null,
    auth,
    discovery: (entry.discovery as DiscoveryKind | undefined) ?? preset?.discovery ?? discoveryFor(protocol),
  };
  if (adapter !== undefined) provider.adapter = adapter;
  if (preset !== undefined) provider.preset = preset.id;
  if (entry.timeouts !== undefined) provider.timeouts = entry.timeouts;
  return provider;
}
