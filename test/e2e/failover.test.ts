import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test, type TestContext } from 'node:test';
import OpenAI from 'openai';
import { listUsage } from '../../src/store/repositories/usage.js';
import { mockProvider, startRoutingGateway, type RoutingGateway } from '../helpers/routing-gateway.js';

/**
 * Each upstream fault of the mock (test/mock-upstream/faults.ts) driven
 * through the real gateway: what the client sees, which upstreams were
 * tried in which order, and how long a failover took (reported as test
 * diagnostics, never asserted as an upper bound).
 */
const hello = { model: 'c', messages: [{ role: 'user', content: 'hello' }] };
const routing = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({ retries: 0, retryBaseDelayMs: 10, ...overrides });

async function timed<T>(t: TestContext, label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  t.diagnostic(`${label}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
}

async function served(response: Response): Promise<string> {
  assert.equal(response.status, 200, await response.clone().text());
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0]?.message.content ?? '';
}

function twoProviderChain(faultA: string | undefined, extra: { timeouts?: Record<string, number>; routing?: Record<string, unknown> } = {}) {
  return (mocks: RoutingGateway['mocks']) => ({
    providers: [
      mockProvider('a', mocks.a!, { ...(faultA === undefined ? {} : { fault: faultA }), ...(extra.timeouts === undefined ? {} : { timeouts: extra.timeouts }) }),
      mockProvider('b', mocks.b!),
    ],
    chains: { c: { strategy: 'priority', steps: ['a/m', 'b/m'] } },
    routing: routing(extra.routing),
  });
}

test('warm-up: the first request of a process pays for JIT compilation; keep it out of the figures', async (t) => {
  const context = await startRoutingGateway({ mocks: { a: {}, b: {} }, configure: twoProviderChain('500') });
  try {
    assert.equal((await context.chat(hello)).status, 200);
    assert.equal((await context.chat({ ...hello, stream: true })).status, 200);
    // The baseline the failover figures compare with: a warm request that needs no failover.
    const baseline = await timed(t, 'baseline: warm request to a healthy upstream, no failover', () => context.chat({ ...hello, model: 'b/m' }));
    assert.equal(baseline.status, 200);
    await baseline.text();
  } finally {
    await context.close();
  }
});

for (const fault of ['500', '503', 'reset', 'malformed-sse', '429=30']) {
  test(`fault ${fault} on the first candidate falls over to the second before any byte reaches the client`, async (t) => {
    const context = await startRoutingGateway({ mocks: { a: {}, b: {} }, configure: twoProviderChain(fault) });
    try {
      const stream = fault === 'malformed-sse';
      const response = await timed(t, `failover on ${fault}`, () => context.chat({ ...hello, stream }));
      assert.equal(response.status, 200);
      const text = await response.text();
      assert.match(text, /hello/);
      assert.equal(context.mocks.a!.requests.length, 1, 'a tried once');
      assert.equal(context.mocks.b!.requests.length, 1, 'then b');
      assert.doesNotMatch(text, /unterminated/, 'nothing of the failed attempt leaked');
      // Again on warm connections (a 429 has opened a's circuit by now: then a is skipped without a call).
      const again = await timed(t, `warm failover on ${fault}`, () => context.chat({ ...hello, stream }));
      assert.equal(again.status, 200);
      await again.text();
    } finally {
      await context.close();
    }
  });
}

test('an upstream that never sends headers is abandoned at the provider headers timeout, then the next serves', async (t) => {
  const context = await startRoutingGateway({ mocks: { a: {}, b: {} }, configure: twoProviderChain('hang-headers', { timeouts: { headersMs: 300 } }) });
  try {
    const started = performance.now();
    const content = await timed(t, 'failover on hang-headers (headers timeout 300 ms)', async () => served(await context.chat(hello)));
    assert.equal(content, 'You said: hello');
    // The provider's own timeout applied, not the 300 s default.
    assert.ok(performance.now() - started >= 290);
  } finally {
    await context.close();
  }
});

test('a stream that stalls before its first event falls over at the body timeout', async (t) => {
  // hang-stream=0 sends headers and nothing else.
  const context = await startRoutingGateway({
    mocks: { a: {}, b: {} },
    configure: (mocks) => ({
      providers: [mockProvider('a', mocks.a!, { timeouts: { bodyMs: 300 } }), mockProvider('b', mocks.b!)],
      chains: { c: { strategy: 'priority', steps: ['a/m', 'b/m'] } },
      routing: routing(),
    }),
  });
  try {
    context.mocks.a!.context.faults.push({ kind: 'hang-stream', value: 0 });
    const response = await timed(t, 'failover on a stream stalled before its first event (body timeout 300 ms)', () => context.chat({ ...hello, stream: true }));
    assert.match(await response.text(), /"hello"[\s\S]*\[DONE\]/);
  } finally {
    await context.close();
  }
});

test('a stream that stalls after its first event ends with the protocol error event (no hidden failover)', async (t) => {
  const context = await startRoutingGateway({
    mocks: { a: { chunkDelayMs: 1 }, b: {} },
    configure: (mocks) => ({
      providers: [mockProvider('a', mocks.a!, { fault: 'hang-stream=2', timeouts: { bodyMs: 300 } }), mockProvider('b', mocks.b!)],
      chains: { c: { strategy: 'priority', steps: ['a/m', 'b/m'] } },
      routing: routing(),
    }),
  });
  try {
    const client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'c', stream: true, messages: [{ role: 'user', content: 'one two three four' }] });
    let text = '';
    const started = performance.now();
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError, String(error));
        assert.match(error.message, /timed out/);
        return true;
      },
    );
    t.diagnostic(`mid-stream stall reported to the client after ${(performance.now() - started).toFixed(1)} ms (body timeout 300 ms)`);
    assert.equal(text, 'You ', 'the word before the stall arrived');
    assert.equal(context.mocks.b!.requests.length, 0, 'no failover after the first byte');
    await context.gateway.usage.flush();
    const [row] = await listUsage(context.gateway.db);
    assert.equal(row?.error_code, 'SY_UPSTREAM_TIMEOUT');
    assert.equal(row?.status, 504);
    assert.equal(row?.provider, 'a');
  } finally {
    await context.close();
  }
});

test('a Retry-After within the cap is honoured: the same candidate is retried after it', async (t) => {
  const context = await startRoutingGateway({
    mocks: { a: {} },
    configure: (mocks) => ({ providers: [mockProvider('a', mocks.a!)], routing: routing({ retries: 2, maxRetryAfterMs: 2000 }) }),
  });
  try {
    context.mocks.a!.context.faults.push({ kind: '429', value: 1 });
    const started = performance.now();
    const content = await timed(t, 'served after a 429 with Retry-After: 1', async () => served(await context.chat({ ...hello, model: 'a/m' })));
    assert.equal(content, 'You said: hello');
    assert.ok(performance.now() - started >= 950, 'waited for Retry-After');
    assert.equal(context.mocks.a!.requests.length, 2);
  } finally {
    await context.close();
  }
});

test('a Retry-After over the cap is not slept: the request moves to the next candidate at once', async (t) => {
  const context = await startRoutingGateway({ mocks: { a: {}, b: {} }, configure: twoProviderChain('429=10', { routing: { retries: 3, maxRetryAfterMs: 2000 } }) });
  try {
    const content = await timed(t, 'failover on a 429 with Retry-After: 10 (cap 2 s)', async () => served(await context.chat(hello)));
    assert.equal(content, 'You said: hello');
    assert.equal(context.mocks.a!.requests.length, 1, 'not retried');
    // The 429 opened a's circuit for its Retry-After: the next request skips a without calling it.
    await served(await context.chat(hello));
    assert.equal(context.mocks.a!.requests.length, 1);
    assert.equal(context.gateway.router.health.breaker({ provider: context.gateway.state.current().providers.get('a')!, model: 'm', credential: context.gateway.state.current().providers.get('a')!.credentials[0] }).state, 'open');
  } finally {
    await context.close();
  }
});

test('a reset is retried on the same candidate with backoff, and served', async () => {
  const context = await startRoutingGateway({
    mocks: { a: {} },
    configure: (mocks) => ({ providers: [mockProvider('a', mocks.a!)], routing: routing({ retries: 2, retryBaseDelayMs: 20 }) }),
  });
  try {
    context.mocks.a!.context.faults.push({ kind: 'reset' }, { kind: '503' });
    assert.equal(await served(await context.chat({ ...hello, model: 'a/m' })), 'You said: hello');
    assert.equal(context.mocks.a!.requests.length, 3);
  } finally {
    await context.close();
  }
});

test('every candidate failing gives one OpenAI-shaped error listing each attempt, in order', async () => {
  const context = await startRoutingGateway({
    mocks: { a: {}, b: {}, d: {} },
    configure: (mocks) => ({
      providers: [mockProvider('a', mocks.a!, { fault: '500' }), mockProvider('b', mocks.b!, { fault: 'reset' }), mockProvider('d', mocks.d!, { fault: '503=7' })],
      chains: { c: { strategy: 'priority', steps: ['a/m', 'b/m', 'd/m'] } },
      routing: routing(),
    }),
  });
  try {
    const response = await context.chat(hello);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '7');
    const body = (await response.json()) as { error: { code: string; type: string; message: string; attempts: Array<{ provider: string; status?: number; code: string }> } };
    assert.equal(body.error.code, 'SY_ALL_CANDIDATES_FAILED');
    assert.equal(body.error.type, 'server_error');
    assert.deepEqual(
      body.error.attempts.map((attempt) => [attempt.provider, attempt.code]),
      [
        ['a', 'SY_UPSTREAM_ERROR'],
        ['b', 'SY_UPSTREAM_UNREACHABLE'],
        ['d', 'SY_UPSTREAM_ERROR'],
      ],
    );
    assert.match(body.error.message, /a\/m .*500.*b\/m .*d\/m/);
  } finally {
    await context.close();
  }
});
