/**
 * Session affinity: conversation → the candidate (provider/model/credential)
 * that last served it, so the next turn lands where its prompt cache is warm.
 * In memory, bounded (oldest entries go first), entries expire after `ttlMs`
 * of silence. A pinned candidate that fails is simply failed over; the one
 * that then serves becomes the new pin.
 */
export interface AffinityStore {
  get(session: string): string | undefined;
  set(session: string, candidate: string): void;
}

export function createAffinityStore(options: { ttlMs: number; maxEntries?: number; now?: () => number }): AffinityStore {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, { candidate: string; expiresAt: number }>();
  return {
    get(session) {
      const entry = entries.get(session);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(session);
        return undefined;
      }
      return entry.candidate;
    },
    set(session, candidate) {
      // Delete first so the Map's insertion order is recency order.
      entries.delete(session);
      entries.set(session, { candidate, expiresAt: now() + options.ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
  };
}
