import type { UsageRecord, UsageSink } from './usage-record.js';

export interface UsageQueueOptions {
  /** Writes one batch; a batch lands whole or not at all. */
  write(records: UsageRecord[]): Promise<void>;
  flushIntervalMs: number;
  /** Flush early when this many records wait. */
  maxBatch?: number;
  /**
   * How many records may wait while the store cannot take them (default
   * 100,000, ~60 MB) before the queue says it is saturated: the data plane
   * then refuses new requests (503, retryable) rather than serve them
   * unmetered or drop records. Requests already running still record.
   */
  maxPending?: number;
  onError?(error: unknown, records: UsageRecord[]): void;
}

export interface UsageQueue extends UsageSink {
  /** Writes everything queued; resolves when it has landed. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
  pending(): number;
  /** True while maxPending records wait: new requests must be refused until the store catches up. */
  saturated(): boolean;
}

/**
 * Batches usage records off the hot path: `record` only pushes to an array.
 * A timer writes the batch every flushIntervalMs (and sooner when maxBatch
 * wait), so a crash loses at most one interval of records. A failed batch is
 * put back at the front and retried on the next tick, never dropped; a store
 * down long enough to queue maxPending records saturates the queue, and the
 * gateway stops taking requests (memory stays bounded, no record is lost).
 */
export function createUsageQueue(options: UsageQueueOptions): UsageQueue {
  // A batch is written in one synchronous SQLite transaction, during which
  // the event loop serves nobody: small batches keep that pause short (a
  // 1000-row batch under load was a visible step in the p99 latency).
  const maxBatch = options.maxBatch ?? 256;
  const maxPending = options.maxPending ?? 100_000;
  let queue: UsageRecord[] = [];

  async function writeOnce(): Promise<void> {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    try {
      await options.write(batch);
    } catch (error) {
      queue = batch.concat(queue);
      options.onError?.(error, batch);
      throw error;
    }
  }

  // Flushes run one after another; `tail` never rejects, so a failed write
  // only rejects the flush() call that asked for it.
  // A flush asked for while one is still waiting its turn joins it (it will
  // write everything queued by then): with a slow store every record() past
  // maxBatch used to chain one more flush, a promise per request.
  let tail: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | undefined;
  function flush(): Promise<void> {
    if (waiting !== undefined) return waiting;
    const next = tail.then(() => {
      waiting = undefined;
      return writeOnce();
    });
    waiting = next;
    tail = next.catch(() => undefined);
    return next;
  }

  const timer = setInterval(() => {
    flush().catch(() => undefined);
  }, options.flushIntervalMs);
  timer.unref();

  return {
    record(record) {
      queue.push(record);
      if (queue.length >= maxBatch) flush().catch(() => undefined);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
    pending: () => queue.length,
    saturated: () => queue.length >= maxPending,
  };
}
