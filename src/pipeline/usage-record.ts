import type { ProtocolId } from '../core/protocol.js';
import type { Usage } from '../core/usage.js';

/** What one request cost and how it went; written off the hot path in batches. */
export interface UsageRecord {
  requestId: string;
  at: number;
  keyId: string | null;
  /** The key's group; set by the data plane's policy sink. */
  groupId?: string | null;
  provider: string;
  model: string;
  requestedModel: string;
  credentialId: string | null;
  clientProtocol: ProtocolId;
  upstreamProtocol: ProtocolId;
  stream: boolean;
  usage: Usage;
  /** Cost in micro-dollars from the provider's price for the model; 0 when no price is known. */
  costMicros: number;
  latencyMs: number;
  ttftMs: number | null;
  status: number;
  errorCode: string | null;
}

export interface UsageSink {
  record(record: UsageRecord): void;
  /** True while the sink cannot take more (the store has been failing): new requests are refused. */
  saturated?(): boolean;
}
