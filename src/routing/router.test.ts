import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../core/errors.js';
import { testChain, testProvider, testTable } from '../../test/helpers/routing-table.js';
import { createRouter, type RouterOptions } from './router.js';
import type { Provider } from '../providers/provider.js';
import { resolveRoute, type RoutedCandidate } from './resolve.js';

function router(options: Partial<RouterOptions> = {}): ReturnType<typeof createRouter> {
  return createRouter({ breakerFailureThreshold: 3, breakerCooldownMs: 10_000, credentialPool: 'round-robin', affinityTtlMs: 60_000, ...options });
}

const names = (candidates: RoutedCandidate[]): string[] => candidates.map((candidate) => `${candidate.provider.id}:${candidate.credential?.id ?? '-'}`);
const providersOf = (candidates: RoutedCandidate[]): string[] => candidates.map((candidate) => candidate.provider.id);

/** A seeded generator (mulberry32): the same sequence every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

test('a chain resolves by "chain:NAME" and by plain NAME; an alias of the same name wins over the plain name', () => {
  const table = testTable([testProvider('a'), testProvider('b')], [testChain('coding', 'priority', ['b/m', 'a/m'])], { fast: 'a/m' });
  const routing = router();
  assert.deepEqual(providersOf(routing.plan(table, { requested: 'chain:coding' }).candidates), ['b', 'a']);
  assert.deepEqual(providersOf(routing.plan(table, { requested: 'coding' }).candidates), ['b', 'a']);
  const shadowed = testTable([testProvider('a'), testProvider('b')], [testChain('fast', 'priority', ['b/m'])], { fast: 'a/m' });
  assert.deepEqual(providersOf(routing.plan(shadowed, { requested: 'fast' }).candidates), ['a']);
  assert.deepEqual(providersOf(routing.plan(shadowed, { requested: 'chain:fast' }).candidates), ['b']);
});

test('chain steps may be aliases; disabled providers are skipped; an unknown chain is a 404', () => {
  const table = testTable([testProvider('a'), testProvider('b', { enabled: false }), testProvider('c')], [testChain('x', 'priority', ['b/m', 'cheap', 'a/m'])], { cheap: 'c/m' });
  assert.deepEqual(providersOf(router().plan(table, { requested: 'x' }).candidates), ['c', 'a']);
  assert.throws(() => router().plan(table, { requested: 'chain:nope' }), (error: unknown) => error instanceof GatewayError && error.status === 404);
});

test('tiers: tier 0 comes first whatever the strategy says within tiers', () => {
  const table = testTable(
    [
      testProvider('sub', { prices: { m: { input: 9, output: 9 } } }),
      testProvider('cheap', { prices: { m: { input: 1, output: 1 } } }),
      testProvider('free', { prices: { m: { input: 0, output: 0 } } }),
    ],
    [testChain('c', 'cheapest', [{ target: 'free/m', tier: 2 }, { target: 'cheap/m', tier: 1 }, { target: 'sub/m', tier: 0 }])],
  );
  assert.deepEqual(providersOf(router().plan(table, { requested: 'c' }).candidates), ['sub', 'cheap', 'free']);
});

test('priority keeps the written order', () => {
  const table = testTable([testProvider('a'), testProvider('b'), testProvider('c')], [testChain('p', 'priority', ['c/m', 'a/m', 'b/m'])]);
  assert.deepEqual(providersOf(router().plan(table, { requested: 'p' }).candidates), ['c', 'a', 'b']);
});

test('cheapest orders by catalog price, unknown prices last', () => {
  const table = testTable(
    [
      testProvider('unknown'),
      testProvider('dear', { prices: { m: { input: 3, output: 15 } } }),
      testProvider('cheap', { prices: { m: { input: 0.1, output: 0.4 } } }),
    ],
    [testChain('c', 'cheapest', ['unknown/m', 'dear/m', 'cheap/m'])],
  );
  assert.deepEqual(providersOf(router().plan(table, { requested: 'c' }).candidates), ['cheap', 'dear', 'unknown']);
});

test('fastest orders by live TTFT; an unmeasured candidate is tried first to get measured', () => {
  const providers = [testProvider('slow'), testProvider('quick'), testProvider('new')];
  const table = testTable(providers, [testChain('f', 'fastest', ['slow/m', 'quick/m', 'new/m'])]);
  const routing = router();
  const [slow, quick] = routing.plan(table, { requested: 'f' }).candidates;
  routing.health.acquire(slow!)?.succeed({ ttftMs: 900 });
  routing.health.acquire(quick!)?.succeed({ ttftMs: 80 });
  assert.deepEqual(providersOf(routing.plan(table, { requested: 'f' }).candidates), ['new', 'quick', 'slow']);
});

test('least busy orders by requests in flight', () => {
  const table = testTable([testProvider('a'), testProvider('b'), testProvider('c')], [testChain('l', 'least-busy', ['a/m', 'b/m', 'c/m'])]);
  const routing = router();
  const [a, b] = routing.plan(table, { requested: 'l' }).candidates;
  routing.health.acquire(a!);
  routing.health.acquire(a!);
  routing.health.acquire(b!);
  assert.deepEqual(providersOf(routing.plan(table, { requested: 'l' }).candidates), ['c', 'b', 'a']);
});

test('weighted follows the weights over many draws and is deterministic under a seeded source', () => {
  const table = testTable([testProvider('heavy'), testProvider('light')], [testChain('w', 'weighted', [{ target: 'light/m', weight: 1 }, { target: 'heavy/m', weight: 3 }])]);
  const run = (): string[] => {
    const routing = router({ random: seeded(42) });
    return Array.from({ length: 4000 }, () => routing.plan(table, { requested: 'w' }).candidates[0]!.provider.id);
  };
  const firsts = run();
  assert.deepEqual(firsts, run());
  const heavyShare = firsts.filter((id) => id === 'heavy').length / firsts.length;
  // P(heavy first) = 3 / (3 + 1) for weighted sampling without replacement.
  assert.ok(heavyShare > 0.7 && heavyShare < 0.8, `heavy first in ${heavyShare}`);
  assert.equal(router({ random: seeded(42) }).plan(table, { requested: 'w' }).candidates.length, 2);
});

test('score prefers a fast, reliable candidate with quota left', () => {
  const table = testTable([testProvider('limited'), testProvider('flaky'), testProvider('good')], [testChain('s', 'score', ['limited/m', 'flaky/m', 'good/m'])]);
  const routing = router();
  const [limited, flaky, good] = routing.plan(table, { requested: 's' }).candidates;
  routing.health.acquire(limited!)?.succeed({ ttftMs: 100, rateLimit: { remaining: 1, limit: 100 } });
  routing.health.acquire(flaky!)?.succeed({ ttftMs: 100 });
  routing.health.acquire(flaky!)?.fail();
  routing.health.acquire(flaky!)?.fail();
  routing.health.acquire(good!)?.succeed({ ttftMs: 150 });
  assert.deepEqual(providersOf(routing.plan(table, { requested: 's' }).candidates), ['good', 'flaky', 'limited']);
});

test('a credential pool rotates the starting key per request, the others follow as failover', () => {
  const table = testTable([testProvider('a', { keys: 3 })]);
  const routing = router();
  const starts = Array.from({ length: 6 }, () => names(routing.plan(table, { requested: 'a/m' }).candidates));
  assert.deepEqual(starts.map((order) => order[0]), ['a:a-key1', 'a:a-key2', 'a:a-key3', 'a:a-key1', 'a:a-key2', 'a:a-key3']);
  assert.deepEqual(starts[1], ['a:a-key2', 'a:a-key3', 'a:a-key1']);
});

test('a least-busy pool starts with the key with fewest requests in flight', () => {
  const table = testTable([testProvider('a', { keys: 2 })]);
  const routing = router({ credentialPool: 'least-busy' });
  const [firstKey] = routing.plan(table, { requested: 'a/m' }).candidates;
  routing.health.acquire(firstKey!);
  for (let index = 0; index < 3; index += 1) assert.equal(names(routing.plan(table, { requested: 'a/m' }).candidates)[0], 'a:a-key2');
});

test('session affinity: a conversation sticks to the key that served it, and a new pin follows a failover', () => {
  const table = testTable([testProvider('a', { keys: 3 })], [testChain('sticky', 'priority', ['a/m'], true)]);
  const routing = router();
  const session = (): string => 'conversation-1';
  const first = routing.plan(table, { requested: 'sticky', session });
  routing.remember(first, first.candidates[1]!);
  for (let index = 0; index < 5; index += 1) {
    const plan = routing.plan(table, { requested: 'sticky', session });
    assert.equal(names(plan.candidates)[0], 'a:a-key2');
    assert.equal(plan.candidates.length, 3, 'the other keys stay as failover');
  }
  // key2 failed and key3 served: the conversation now sticks to key3.
  const plan = routing.plan(table, { requested: 'sticky', session });
  routing.remember(plan, plan.candidates.find((candidate) => candidate.credential?.id === 'a-key3')!);
  assert.equal(names(routing.plan(table, { requested: 'sticky', session }).candidates)[0], 'a:a-key3');
  // Another conversation is not pinned: it follows the pool rotation.
  assert.equal(routing.plan(table, { requested: 'sticky', session: () => 'other' }).pinned, undefined);
});

test('affinity is off unless the chain asks for it', () => {
  const table = testTable([testProvider('a', { keys: 2 })], [testChain('loose', 'priority', ['a/m'])]);
  const routing = router();
  let computed = false;
  const plan = routing.plan(table, { requested: 'loose', session: () => ((computed = true), 'x') });
  assert.equal(plan.sessionKey, undefined);
  assert.equal(computed, false);
});

test('routes are resolved once per snapshot: plans share it, a new snapshot re-resolves, and reordering a plan does not leak', () => {
  const providers = [testProvider('a'), testProvider('b', { keys: 2 })];
  const table = testTable(providers, [testChain('p', 'priority', ['a/m', 'b/m'])]);
  assert.equal(resolveRoute(table, 'p'), resolveRoute(table, 'p'), 'the same route object for the same snapshot and name');
  assert.notEqual(resolveRoute(table, 'p', { groupId: 'g' }), resolveRoute(table, 'p'), 'per group');
  assert.throws(() => (resolveRoute(table, 'p').candidates as RoutedCandidate[]).reverse(), TypeError, 'the shared route is frozen');

  const routing = router();
  const first = routing.plan(table, { requested: 'a/m' });
  first.candidates.reverse();
  first.candidates.push(first.candidates[0] as RoutedCandidate);
  assert.deepEqual(names(routing.plan(table, { requested: 'a/m' }).candidates), ['a:a-key1'], 'a plan is the caller’s own array');
  // The pool still rotates per request although the route is cached.
  assert.deepEqual(names(routing.plan(table, { requested: 'p' }).candidates), ['a:a-key1', 'b:b-key1', 'b:b-key2']);
  assert.deepEqual(names(routing.plan(table, { requested: 'p' }).candidates), ['a:a-key1', 'b:b-key2', 'b:b-key1']);

  // An admin write swaps the snapshot: a provider disabled there is gone from the next plan at once.
  const swapped = testTable([testProvider('a', { enabled: false }), providers[1] as Provider], [testChain('p', 'priority', ['a/m', 'b/m'])]);
  assert.deepEqual(providersOf(routing.plan(swapped, { requested: 'p' }).candidates), ['b', 'b']);
  assert.deepEqual(providersOf(routing.plan(table, { requested: 'p' }).candidates), ['a', 'b', 'b'], 'the old snapshot still routes as it did');
});
