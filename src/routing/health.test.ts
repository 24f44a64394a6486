import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testProvider } from '../../test/helpers/routing-table.js';
import { createHealthRegistry } from './health.js';
import type { Candidate } from './resolve.js';

const provider = testProvider('a', { keys: 2 });
const first: Candidate = { provider, model: 'm', credential: provider.credentials[0] };
const second: Candidate = { provider, model: 'm', credential: provider.credentials[1] };

function clock(): { now: () => number; advance(ms: number): void } {
  let time = 1_000_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

test('the circuit opens after N consecutive failures, per credential', () => {
  const time = clock();
  const health = createHealthRegistry({ failureThreshold: 3, cooldownMs: 10_000, now: time.now });
  for (let index = 0; index < 2; index += 1) health.acquire(first)?.fail();
  assert.equal(health.breaker(first).state, 'closed');
  health.acquire(first)?.fail();
  assert.equal(health.breaker(first).state, 'open');
  assert.equal(health.acquire(first), undefined);
  assert.equal(health.breaker(first).retryInMs, 10_000);
  // The other key of the same provider is not affected.
  assert.ok(health.acquire(second));
});

test('a success resets the consecutive count', () => {
  const health = createHealthRegistry({ failureThreshold: 2, cooldownMs: 10_000 });
  health.acquire(first)?.fail();
  health.acquire(first)?.succeed();
  health.acquire(first)?.fail();
  assert.equal(health.breaker(first).state, 'closed');
});

test('a 429 with Retry-After opens the circuit at once, for that long', () => {
  const time = clock();
  const health = createHealthRegistry({ failureThreshold: 5, cooldownMs: 30_000, now: time.now });
  health.acquire(first)?.fail({ retryAfterMs: 2_000, rateLimited: true });
  assert.equal(health.breaker(first).state, 'open');
  assert.equal(health.breaker(first).retryInMs, 2_000);
  time.advance(2_000);
  assert.equal(health.breaker(first).state, 'half-open');
  assert.ok(health.stats(first).headroom < 0.1, 'a fresh 429 leaves almost no headroom');
});

test('after the cooldown exactly one probe is let through; its success closes the circuit', () => {
  const time = clock();
  const health = createHealthRegistry({ failureThreshold: 1, cooldownMs: 5_000, now: time.now });
  health.acquire(first)?.fail();
  time.advance(5_000);
  const probe = health.acquire(first);
  assert.ok(probe?.probe);
  // Concurrent requests while the probe is out are refused.
  assert.equal(health.acquire(first), undefined);
  assert.equal(health.acquire(first), undefined);
  probe.succeed({ ttftMs: 40 });
  assert.equal(health.breaker(first).state, 'closed');
  const after = health.acquire(first);
  assert.ok(after);
  assert.equal(after.probe, false);
});

test('a failed probe opens the circuit for another cooldown', () => {
  const time = clock();
  const health = createHealthRegistry({ failureThreshold: 1, cooldownMs: 5_000, now: time.now });
  health.acquire(first)?.fail();
  time.advance(5_000);
  health.acquire(first)?.fail();
  assert.equal(health.breaker(first).state, 'open');
  assert.equal(health.breaker(first).retryInMs, 5_000);
});

test('a probe that ends without a verdict frees the slot for the next request', () => {
  const time = clock();
  const health = createHealthRegistry({ failureThreshold: 1, cooldownMs: 5_000, now: time.now });
  health.acquire(first)?.fail();
  time.advance(5_000);
  health.acquire(first)?.finish();
  assert.ok(health.acquire(first)?.probe);
});

test('stats: TTFT is a moving average, in-flight counts open permits, errors raise the error rate', () => {
  const health = createHealthRegistry({ failureThreshold: 10, cooldownMs: 5_000 });
  for (const ttftMs of [100, 200]) {
    const permit = health.acquire(first);
    permit?.succeed({ ttftMs });
    permit?.finish();
  }
  assert.equal(health.stats(first).ttftMs, 130);
  const open = [health.acquire(first), health.acquire(first)];
  assert.equal(health.stats(first).inFlight, 2);
  open[0]?.finish();
  open[0]?.finish();
  assert.equal(health.stats(first).inFlight, 1);
  health.acquire(second)?.fail();
  assert.ok(health.stats(second).errorRate > 0);
  assert.equal(health.stats(first).errorRate, 0);
});

test('rate-limit headroom comes from the last reading', () => {
  const health = createHealthRegistry({ failureThreshold: 10, cooldownMs: 5_000 });
  health.acquire(first)?.succeed({ rateLimit: { remaining: 10, limit: 100 } });
  assert.equal(health.stats(first).headroom, 0.1);
  assert.equal(health.stats(second).headroom, 1);
});
