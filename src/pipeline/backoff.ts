import type { CancelSignal } from '../core/cancellation.js';

/**
 * When to try a candidate again. Exponential backoff with full jitter
 * (AWS Architecture Blog, "Exponential Backoff And Jitter"): a random delay
 * in [0, min(max, base × 2^try)], so clients that failed together do not
 * retry together. A Retry-After from upstream wins when it is within the
 * cap; a longer one means this candidate is out for now: fall over instead
 * of holding the client.
 */
export interface ResilienceOptions {
  /** Extra tries of the same candidate on a retryable failure. */
  retries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** The longest Retry-After worth sleeping for. */
  maxRetryAfterMs: number;
  /** Uniform in [0, 1); injected by tests. */
  random?: () => number;
}

/** The same defaults as the `routing:` configuration section. */
export const defaultResilience: ResilienceOptions = { retries: 1, retryBaseDelayMs: 200, retryMaxDelayMs: 5_000, maxRetryAfterMs: 5_000 };

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

export function retryDecision(options: ResilienceOptions, context: { tryIndex: number; retryAfterMs: number | undefined; sameCandidateRetryable: boolean }): RetryDecision {
  if (!context.sameCandidateRetryable) return { retry: false, reason: 'not worth retrying on the same candidate' };
  if (context.tryIndex >= options.retries) return { retry: false, reason: 'retries exhausted' };
  if (context.retryAfterMs !== undefined) {
    if (context.retryAfterMs > options.maxRetryAfterMs) return { retry: false, reason: `Retry-After ${context.retryAfterMs} ms is over the ${options.maxRetryAfterMs} ms cap` };
    return { retry: true, delayMs: context.retryAfterMs };
  }
  const ceiling = Math.min(options.retryMaxDelayMs, options.retryBaseDelayMs * 2 ** context.tryIndex);
  return { retry: true, delayMs: Math.floor((options.random ?? Math.random)() * ceiling) };
}

/** Sleeps, but wakes at once when the client goes away. */
export function sleep(ms: number, signal: CancelSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
