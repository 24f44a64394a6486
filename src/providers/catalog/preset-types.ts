import type { ProtocolId } from '../../core/protocol.js';

/**
 * How a provider takes its credential. auth.ts turns the simple ones into
 * headers; the adapters (providers/adapters/) do the ones that need code:
 * SigV4 signs each request, a Google service account is exchanged for an
 * OAuth access token.
 */
export const authSchemes = [
  /** Authorization: Bearer KEY (OpenAI and every OpenAI-compatible API). */
  'bearer',
  /** x-api-key: KEY (Anthropic and Anthropic-compatible APIs). */
  'x-api-key',
  /** api-key: KEY (Azure OpenAI). */
  'api-key',
  /** x-goog-api-key: KEY (Gemini on AI Studio). */
  'x-goog-api-key',
  /** ?key=KEY in the query string (Gemini's older form, some proxies). */
  'query-key',
  /** AWS Signature Version 4 over the whole request; the credential is AWS keys (JSON). */
  'sigv4',
  /** A Google service-account JSON key, exchanged for an OAuth access token sent as Bearer. */
  'google-service-account',
  /** No credential at all (local servers). */
  'none',
] as const;

export type AuthScheme = (typeof authSchemes)[number];

export function isAuthScheme(value: unknown): value is AuthScheme {
  return typeof value === 'string' && (authSchemes as readonly string[]).includes(value);
}

/** Where a provider lists its models (providers/discovery/). */
export const discoveryKinds = ['openai', 'anthropic', 'gemini', 'ollama', 'none'] as const;
export type DiscoveryKind = (typeof discoveryKinds)[number];

/** The providers whose wire differs from their protocol's plain form, so need an adapter. */
export const adapterKinds = ['azure', 'vertex', 'bedrock'] as const;
export type AdapterKind = (typeof adapterKinds)[number];

/**
 * One provider preset. `baseUrl` may hold `{placeholders}` filled from the
 * provider's configuration (`{resource}`, `{region}`, `{location}`,
 * `{project}`, `{accountId}`, or any key of `params`); `null` means the
 * operator must give the base URL (custom endpoints).
 */
export interface PresetSpec {
  readonly id: string;
  readonly name: string;
  readonly protocol: ProtocolId;
  readonly baseUrl: string | null;
  readonly auth: AuthScheme;
  readonly headers?: Readonly<Record<string, string>>;
  readonly models: readonly string[];
  readonly discovery: DiscoveryKind;
  readonly adapter?: AdapterKind;
  /** Where to read the key from by default (an environment variable name). */
  readonly apiKeyEnv?: string;
  /** The provider's docs for this endpoint, for whoever checks or updates the entry. */
  readonly docs: string;
}
