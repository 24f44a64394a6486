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
  /** The response's output items. */
  output: unknown[];
}

export interface ResponseStore {
  /** A stored response, only within the scope (gateway key) that made it. */
  get(scope: string, responseId: string): StoredResponse | undefined;
  put(scope: string, responseId: string, stored: StoredResponse): void;
  readonly size: number;
}

export function createResponseStore(options: { maxEntries: number; ttlMs: number; now?: () => number }): ResponseStore {
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recently used.
  const entries = new Map<string, { stored: StoredResponse; expiresAt: number }>();
  const keyOf = (scope: string, responseId: string): string => `${scope}\u0000${responseId}`;
  return {
    get(scope, responseId) {
      const key = keyOf(scope, responseId);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.stored;
    },
    put(scope, responseId, stored) {
      const key = keyOf(scope, responseId);
      entries.delete(key);
      entries.set(key, { stored, expiresAt: now() + options.ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
