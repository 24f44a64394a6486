import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryDecision, type ResilienceOptions } from './backoff.js';

const options = (random: number): ResilienceOptions => ({ retries: 3, retryBaseDelayMs: 100, retryMaxDelayMs: 1000, maxRetryAfterMs: 2000, random: () => random });

test('full jitter: a random delay up to base × 2^try, capped', () => {
  const delays = [0, 1, 2].map((tryIndex) => retryDecision(options(0.5), { tryIndex, retryAfterMs: undefined, sameCandidateRetryable: true }));
  assert.deepEqual(delays, [
    { retry: true, delayMs: 50 },
    { retry: true, delayMs: 100 },
    { retry: true, delayMs: 200 },
  ]);
  assert.deepEqual(retryDecision({ ...options(0.999), retries: 10 }, { tryIndex: 8, retryAfterMs: undefined, sameCandidateRetryable: true }), { retry: true, delayMs: 999 });
});

test('Retry-After within the cap is the delay; over it, no retry here', () => {
  assert.deepEqual(retryDecision(options(0.5), { tryIndex: 0, retryAfterMs: 1500, sameCandidateRetryable: true }), { retry: true, delayMs: 1500 });
  const over = retryDecision(options(0.5), { tryIndex: 0, retryAfterMs: 2500, sameCandidateRetryable: true });
  assert.equal(over.retry, false);
});

test('no retry once retries are spent or when the failure is not worth it on the same candidate', () => {
  assert.equal(retryDecision(options(0.5), { tryIndex: 3, retryAfterMs: undefined, sameCandidateRetryable: true }).retry, false);
  assert.equal(retryDecision(options(0.5), { tryIndex: 0, retryAfterMs: undefined, sameCandidateRetryable: false }).retry, false);
});
