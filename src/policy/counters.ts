/**
 * Shared counters behind every limit. One admission checks and reserves a
 * set of buckets atomically: either every bucket has room and all are
 * incremented, or none is touched. That is what makes limits hold when 200
 * requests arrive at once, in one process (memory) or across replicas
 * (Redis, one Lua script).
 */
export const limitKinds = ['spend', 'tokens', 'rpm', 'tpm', 'concurrency', 'requests-per-hour', 'requests-per-day'] as const;
export type LimitKind = (typeof limitKinds)[number];

export interface Bucket {
  /** Counter name; all of one key's counters share a Redis hash slot. */
  key: string;
  amount: number;
  /** Refuse when current + amount would exceed it; null counts without limiting. */
  limit: number | null;
  /** Expiry of the counter (ms) once created; 0 keeps it for ever. */
  ttlMs: number;
  /** Refresh the expiry on every admission (concurrency: a crashed replica's slots clear once idle). */
  slidingTtl?: boolean;
}

export type AdmitResult = { admitted: true } | { admitted: false; /** index of the first full bucket */ refused: number };

export interface Adjustment {
  key: string;
  delta: number;
  ttlMs: number;
}

export interface CounterBackend {
  readonly name: 'memory' | 'redis';
  /** Checks every bucket, then reserves all of them, as one atomic step. */
  admit(buckets: readonly Bucket[]): Promise<AdmitResult>;
  /** Adds each delta (never below zero) and returns the new values. */
  adjust(adjustments: readonly Adjustment[]): Promise<number[]>;
  /** True for the first caller only (per key, until ttl): alerts fire once per crossing. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  /** Current values (tests, admin). */
  read(keys: readonly string[]): Promise<number[]>;
  close(): Promise<void>;
}
