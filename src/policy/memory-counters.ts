import type { AdmitResult, Adjustment, Bucket, CounterBackend } from './counters.js';

interface Entry {
  value: number;
  /** Epoch ms, or 0 for never. */
  expiresAt: number;
}

/**
 * Counters for a single gateway process. JavaScript runs one thing at a
 * time, so check-then-increment with no await in between is atomic.
 */
export function createMemoryCounters(options: { now?: () => number } = {}): CounterBackend {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let sweptAt = 0;

  function live(key: string, at: number): Entry | undefined {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== 0 && entry.expiresAt <= at) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function add(key: string, delta: number, ttlMs: number, at: number): number {
    const entry = live(key, at);
    if (entry === undefined) {
      const value = Math.max(0, delta);
      entries.set(key, { value, expiresAt: ttlMs > 0 ? at + ttlMs : 0 });
      return value;
    }
    entry.value = Math.max(0, entry.value + delta);
    return entry.value;
  }

  function sweep(at: number): void {
    // Expired windows are dropped lazily; a full pass at most once a minute.
    if (at - sweptAt < 60_000) return;
    sweptAt = at;
    for (const key of entries.keys()) live(key, at);
  }

  return {
    name: 'memory',
    admit(buckets: readonly Bucket[]): Promise<AdmitResult> {
      const at = now();
      sweep(at);
      for (const [index, bucket] of buckets.entries()) {
        if (bucket.limit === null) continue;
        const current = live(bucket.key, at)?.value ?? 0;
        if (current + bucket.amount > bucket.limit) return Promise.resolve({ admitted: false, refused: index });
      }
      for (const bucket of buckets) {
        add(bucket.key, bucket.amount, bucket.ttlMs, at);
        const entry = bucket.slidingTtl === true ? entries.get(bucket.key) : undefined;
        if (entry !== undefined) entry.expiresAt = at + bucket.ttlMs;
      }
      return Promise.resolve({ admitted: true });
    },
    adjust(adjustments: readonly Adjustment[]): Promise<number[]> {
      const at = now();
      return Promise.resolve(adjustments.map((adjustment) => add(adjustment.key, adjustment.delta, adjustment.ttlMs, at)));
    },
    claimOnce(key: string, ttlMs: number): Promise<boolean> {
      const at = now();
      if (live(key, at) !== undefined) return Promise.resolve(false);
      entries.set(key, { value: 1, expiresAt: ttlMs > 0 ? at + ttlMs : 0 });
      return Promise.resolve(true);
    },
    read(keys: readonly string[]): Promise<number[]> {
      const at = now();
      return Promise.resolve(keys.map((key) => live(key, at)?.value ?? 0));
    },
    close: () => Promise.resolve(),
  };
}
