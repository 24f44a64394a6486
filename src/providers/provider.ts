import type { ProtocolId } from '../core/protocol.js';
import type { Secret } from '../core/secret.js';
import type { ModelPrice } from './pricing.js';
import type { UpstreamTimeouts } from './upstream-client.js';

/** A credential for one provider, decrypted in memory only. */
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
  /** Overrides of the gateway's upstream timeouts for this provider. */
  timeouts?: Partial<UpstreamTimeouts>;
}
