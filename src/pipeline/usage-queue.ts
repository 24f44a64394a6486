import type { UsageRecord, UsageSink } from './usage-record.js';

export interface UsageQueueOptions {
  /** Writes one batch; a batch lands whole or not at all. */
  write(records: UsageRecord[]): Promise<void>;
  flushIntervalMs: number;
  /** Flush early when this many records wait. */
  maxBatch?: number;
  /**
   * The most records kept while the store cannot take them (default
   * 100,000, ~60 MB): past it the oldest are dropped, so a store that stays
   * down costs bounded memory instead of growing until the process dies.
   */
  maxPending?: number;
  onError?(error: unknown, records: UsageRecord[]): void;
  /** Records dropped because maxPending was reached (logged by the caller). */
  onDrop?(count: number): void;
}

export interface UsageQueue extends UsageSink {
  /** Writes everything queued; resolves when it has landed. */
  flush(): Promise<void>;
  /** Flushes and stops the timer. */
  close(): Promise<void>;
  pending(): number;
}

/**
 * Batches usage records off the hot path: `record` only pushes to an array.
 * A timer writes the batch every flushIntervalMs (and sooner when maxBatch
 * wait), so a crash loses at most one interval of records. A failed batch is
 * put back at the front and retried on the next tick; only a store down
 * for long enough to queue maxPending records loses the oldest ones.
 */
export function createUsageQueue(options: UsageQueueOptions): UsageQueue {
  const maxBatch = options.maxBatch ?? 1000;
  const maxPending = options.maxPending ?? 100_000;
  let queue: UsageRecord[] = [];

  function bound(): void {
    const excess = queue.length - maxPending;
    if (excess <= 0) return;
    queue.splice(0, excess);
    options.onDrop?.(excess);
  }

  async function writeOnce(): Promise<void> {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    try {
      await options.write(batch);
    } catch (error) {
      queue = batch.concat(queue);
      bound();
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
      if (queue.length > maxPending) bound();
      if (queue.length >= maxBatch) flush().catch(() => undefined);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
    pending: () => queue.length,
  };
}
