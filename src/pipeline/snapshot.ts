import type { RoutingTable } from '../routing/resolve.js';

export interface GatewayKeyRecord {
  id: string;
  name: string;
  enabled: boolean;
  /** Epoch ms, or null for a key that does not expire. */
  expiresAt: number | null;
}

/**
 * Everything the hot path reads, held in memory and swapped whole when an
 * admin write lands: requests never wait on the database.
 */
export interface Snapshot extends RoutingTable {
  /** SHA-256 hex of a gateway key → the key's record. */
  keysByHash: ReadonlyMap<string, GatewayKeyRecord>;
}

export interface SnapshotSource {
  current(): Snapshot;
}
