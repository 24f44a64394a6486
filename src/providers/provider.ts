import type { ProtocolId } from '../core/protocol.js';
import type { Secret } from '../core/secret.js';
import type { AdapterSettings } from './adapters/adapter-settings.js';
import type { AuthScheme, DiscoveryKind } from './catalog/preset-types.js';
import type { ModelPrice } from './pricing.js';
import type { UpstreamTimeouts } from './upstream-client.js';

/**
 * A credential for one provider, decrypted in memory only. For most schemes
 * the secret is an API key; for 'sigv4' it is AWS keys as JSON
 * ({"accessKeyId","secretAccessKey","sessionToken"?}); for
 * 'google-service-account' it is the service-account JSON key file.
 */
export interface Credential {
  id: string;
  secret: Secret;
}

/** A provider as the router sees it: from configuration or the store, with its credentials. */
export interface Provider {
  id: string;
  name: string;
  protocol: ProtocolId;
  baseUrl: string;
  headers: Record<string, string>;
  models: string[];
  enabled: boolean;
  credentials: Credential[];
  /** Per-model prices (USD per million tokens), from the price catalog or configuration. */
  prices: Record<string, ModelPrice>;
  /** null: visible to every group. */
  groupId: string | null;
  /** How the credential is presented; absent: the protocol's usual scheme (auth.ts). */
  auth?: AuthScheme;
  /** Settings for the adapter of a provider whose wire differs (Azure, Vertex, Bedrock). */
  adapter?: AdapterSettings;
  /** Where to list models; absent: not discoverable. */
  discovery?: DiscoveryKind;
  /** The catalog preset this provider was built from, if any. */
  preset?: string;
  /** Overrides of the gateway's upstream timeouts for this provider. */
  timeouts?: Partial<UpstreamTimeouts>;
}
