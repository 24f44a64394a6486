/**
 * Responses the gateway itself produced, kept so a later request can name
 * one in `previous_response_id`. In memory, per process, bounded (least
 * recently used out first) and short-lived: a client that needs more
 * resends the whole conversation with store:false, as Codex does. With
 * several replicas a follow-up must reach the same process (or it misses).
 */
export interface StoredResponse {
  /** The full input of the request that produced it (its own previous items included). */
  input: unknown[];
  /** The response object as the client got it (its `output` items are replayed). */
  response: { id: string; output: unknown[] } & Record<string, unknown>;
  /** Roughly how many bytes this entry holds (JSON size), for the store's byte budget. */
  bytes: number;
}

export interface ResponseStore {
  /** A stored response, only within the scope (gateway key) that made it. */
  get(scope: string, responseId: string): StoredResponse | undefined;
  put(scope: string, responseId: string, stored: StoredResponse): void;
  delete(scope: string, responseId: string): boolean;
  readonly size: number;
  readonly bytes: number;
}

/**
 * Bounded twice: by entries and by bytes, since one agent conversation can
 * be megabytes and a thousand of them would exhaust the process.
 */
export function createResponseStore(options: { maxEntries: number; maxBytes: number; ttlMs: number; now?: () => number }): ResponseStore {
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recently used.
  const entries = new Map<string, { stored: StoredResponse; expiresAt: number }>();
  let bytes = 0;
  const keyOf = (scope: string, responseId: string): string => `${scope}\u0000${responseId}`;
  const remove = (key: string): void => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    bytes -= entry.stored.bytes;
  };
  return {
    get(scope, responseId) {
      const key = keyOf(scope, responseId);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      remove(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      bytes += entry.stored.bytes;
      return entry.stored;
    },
    put(scope, responseId, stored) {
      const key = keyOf(scope, responseId);
      remove(key);
      // Expired entries otherwise stay until pushed out by size: a burst of
      // agent conversations would hold up to maxBytes for good once traffic
      // moves to other protocols. The least recently used come first, so the
      // sweep stops at the first live one (an entry read since keeps its
      // place further on and goes when it is read again or reached).
      const at = now();
      for (const [oldKey, entry] of entries) {
        if (entry.expiresAt > at) break;
        remove(oldKey);
      }
      if (stored.bytes > options.maxBytes) return;
      entries.set(key, { stored, expiresAt: at + options.ttlMs });
      bytes += stored.bytes;
      while (entries.size > options.maxEntries || bytes > options.maxBytes) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        remove(oldest.value);
      }
    },
    delete(scope, responseId) {
      const key = keyOf(scope, responseId);
      const found = entries.has(key);
      remove(key);
      return found;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
