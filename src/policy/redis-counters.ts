import { Redis } from 'ioredis';
import type { AdmitResult, Adjustment, Bucket, CounterBackend } from './counters.js';

/**
 * Check every bucket, then reserve all: one script, so Redis runs it with no
 * other command in between — the same atomicity across replicas that the
 * memory backend has in one process. ARGV per bucket: amount, limit (-1 for
 * none), ttl ms (0 for none, negative for a sliding expiry refreshed on every admission). Returns 0, or the 1-based index of the full bucket.
 */
const admitScript = `
for i = 1, #KEYS do
  local limit = tonumber(ARGV[(i - 1) * 3 + 2])
  if limit >= 0 then
    local current = tonumber(redis.call('GET', KEYS[i]) or '0')
    if current + tonumber(ARGV[(i - 1) * 3 + 1]) > limit then return i end
  end
end
for i = 1, #KEYS do
  redis.call('INCRBY', KEYS[i], ARGV[(i - 1) * 3 + 1])
  local ttl = tonumber(ARGV[(i - 1) * 3 + 3])
  if ttl < 0 then redis.call('PEXPIRE', KEYS[i], -ttl)
  elseif ttl > 0 and redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 0
`;

/** ARGV per key: delta, ttl ms. Never goes below zero. Returns the new values. */
const adjustScript = `
local values = {}
for i = 1, #KEYS do
  local value = redis.call('INCRBY', KEYS[i], ARGV[(i - 1) * 2 + 1])
  if value < 0 then
    redis.call('SET', KEYS[i], 0, 'KEEPTTL')
    value = 0
  end
  local ttl = tonumber(ARGV[(i - 1) * 2 + 2])
  if ttl > 0 and redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
  values[i] = value
end
return values
`;

declare module 'ioredis' {
  interface RedisCommander {
    syAdmit(numberOfKeys: number, ...args: Array<string | number>): Promise<number>;
    syAdjust(numberOfKeys: number, ...args: Array<string | number>): Promise<number[]>;
  }
}

export function createRedisCounters(options: { url: string; keyPrefix?: string }): CounterBackend {
  const redis = new Redis(options.url, { keyPrefix: options.keyPrefix ?? 'sy:', maxRetriesPerRequest: 2, enableAutoPipelining: true });
  redis.defineCommand('syAdmit', { lua: admitScript });
  redis.defineCommand('syAdjust', { lua: adjustScript });
  // Connection errors surface on the commands that fail; this keeps ioredis
  // from printing an unhandled 'error' event while it reconnects.
  redis.on('error', () => undefined);

  return {
    name: 'redis',
    async admit(buckets: readonly Bucket[]): Promise<AdmitResult> {
      if (buckets.length === 0) return { admitted: true };
      const args: Array<string | number> = buckets.map((bucket) => bucket.key);
      for (const bucket of buckets) args.push(Math.round(bucket.amount), bucket.limit === null ? -1 : Math.round(bucket.limit), Math.round(bucket.slidingTtl === true ? -bucket.ttlMs : bucket.ttlMs));
      const refused = await redis.syAdmit(buckets.length, ...args);
      return refused === 0 ? { admitted: true } : { admitted: false, refused: refused - 1 };
    },
    async adjust(adjustments: readonly Adjustment[]): Promise<number[]> {
      if (adjustments.length === 0) return [];
      const args: Array<string | number> = adjustments.map((adjustment) => adjustment.key);
      for (const adjustment of adjustments) args.push(Math.round(adjustment.delta), Math.round(adjustment.ttlMs));
      return redis.syAdjust(adjustments.length, ...args);
    },
    async claimOnce(key: string, ttlMs: number): Promise<boolean> {
      const result = ttlMs > 0 ? await redis.set(key, '1', 'PX', ttlMs, 'NX') : await redis.set(key, '1', 'NX');
      return result === 'OK';
    },
    async read(keys: readonly string[]): Promise<number[]> {
      if (keys.length === 0) return [];
      const values = await redis.mget(...keys);
      return values.map((value) => (value === null ? 0 : Number(value)));
    },
    async close(): Promise<void> {
      await redis.quit().catch(() => undefined);
    },
  };
}
