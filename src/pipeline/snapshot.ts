import type { ModelMatcher } from '../policy/model-pattern.js';
import type { Plan } from '../policy/plan.js';
import type { RoutingTable } from '../routing/resolve.js';

export interface GatewayKeyRecord {
  id: string;
  name: string;
  enabled: boolean;
  /** Epoch ms, or null for a key that does not expire. */
  expiresAt: number | null;
  /** null: the global group (sees only global routes). */
  groupId: string | null;
  /** The key's plan, else its group's default plan, else none (no limits). */
  plan: Plan | null;
  /** Used when the client asks for the model "default" (or none, where a protocol allows it). */
  defaultModel: string | null;
  /** The key's and its plan's allow-lists, both applied. */
  allowsModel: ModelMatcher;
  /** Placed before the client's own system prompt. */
  systemPrompt: string | null;
  metadata: Record<string, unknown>;
  tags: string[];
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
