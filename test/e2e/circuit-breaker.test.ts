import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { startRoutingGateway } from '../helpers/routing-gateway.js';

/**
 * The circuit breaker end to end: a failing upstream is taken out after N
 * consecutive failures, skipped without a call while open, probed by exactly
 * one request after the cooldown (however many arrive at once), and back in
 * service when that probe passes.
 */
const hello = { model: 'c', messages: [{ role: 'user', content: 'hello' }] };
/**
 * Long enough that a loaded machine cannot stall the steps that expect an
 * open circuit past it (300-400 ms was, on a CI machine running the suite).
 */
const cooldownMs = 1500;

function chainOverA(mocks: Record<string, { url: string }>, cooldownMs: number): Record<string, unknown> {
  return {
    providers: [
      { id: 'a', protocol: 'openai-chat', baseUrl: `${mocks.a!.url}/v1`, apiKey: 'sk-a', models: ['m'] },
      { id: 'b', protocol: 'openai-chat', baseUrl: `${mocks.b!.url}/v1`, apiKey: 'sk-b', models: ['m'] },
    ],
    chains: { c: { strategy: 'priority', steps: ['a/m', 'b/m'] } },
    routing: { retries: 0, breakerFailureThreshold: 2, breakerCooldownMs: cooldownMs },
  };
}

async function servedBy(response: Response): Promise<number> {
  assert.equal(response.status, 200, await response.clone().text());
  await response.text();
  return response.status;
}

test('open after N failures, skipped while open, one probe after the cooldown, closed when it passes', async () => {
  const context = await startRoutingGateway({ mocks: { a: {}, b: {} }, configure: (mocks) => chainOverA(mocks, cooldownMs) });
  try {
    const a = context.mocks.a!;
    const b = context.mocks.b!;
    a.context.faults.push({ kind: '500' }, { kind: '503' });
    await servedBy(await context.chat(hello));
    await servedBy(await context.chat(hello));
    assert.deepEqual([a.requests.length, b.requests.length], [2, 2], 'a failed twice, b served both');
    // Open: a is not even called.
    await servedBy(await context.chat(hello));
    await servedBy(await context.chat(hello));
    assert.deepEqual([a.requests.length, b.requests.length], [2, 4]);
    // After the cooldown a gets one probe; a has recovered (its fault plan is empty), so it serves.
    await delay(cooldownMs + 100);
    await servedBy(await context.chat(hello));
    assert.deepEqual([a.requests.length, b.requests.length], [3, 4]);
    await servedBy(await context.chat(hello));
    assert.deepEqual([a.requests.length, b.requests.length], [4, 4], 'closed again: a serves');
  } finally {
    await context.close();
  }
});

test('a failed probe re-opens the circuit for another cooldown', async () => {
  const context = await startRoutingGateway({ mocks: { a: {}, b: {} }, configure: (mocks) => chainOverA(mocks, cooldownMs) });
  try {
    const a = context.mocks.a!;
    a.context.faults.push({ kind: '500' }, { kind: '500' }, { kind: '500' });
    await servedBy(await context.chat(hello));
    await servedBy(await context.chat(hello));
    await delay(cooldownMs + 100);
    await servedBy(await context.chat(hello));
    assert.equal(a.requests.length, 3, 'the probe went to a and failed');
    await servedBy(await context.chat(hello));
    assert.equal(a.requests.length, 3, 'open again: skipped');
  } finally {
    await context.close();
  }
});

test('under concurrent requests exactly one half-open trial reaches the recovering upstream', async () => {
  // a answers slowly, so the probe is still in flight when the others arrive.
  const context = await startRoutingGateway({ mocks: { a: { delayMs: 300 }, b: {} }, configure: (mocks) => chainOverA(mocks, cooldownMs) });
  try {
    const a = context.mocks.a!;
    const b = context.mocks.b!;
    a.context.faults.push({ kind: '500' }, { kind: '500' });
    await servedBy(await context.chat(hello));
    await servedBy(await context.chat(hello));
    await delay(cooldownMs + 100);
    const before = { a: a.requests.length, b: b.requests.length };
    const responses = await Promise.all(Array.from({ length: 8 }, () => context.chat(hello)));
    for (const response of responses) await servedBy(response);
    assert.equal(a.requests.length - before.a, 1, 'one trial request');
    assert.equal(b.requests.length - before.b, 7, 'the rest fell over to b');
    // The trial passed: a is closed and takes the next request.
    await servedBy(await context.chat(hello));
    assert.equal(a.requests.length - before.a, 2);
  } finally {
    await context.close();
  }
});

test('with every circuit open, one last-resort trial at a time reaches the upstream; the rest fail fast with Retry-After', async () => {
  const context = await startRoutingGateway({
    mocks: { a: { delayMs: 200 } },
    configure: (mocks) => ({
      providers: [{ id: 'a', protocol: 'openai-chat', baseUrl: `${mocks.a!.url}/v1`, apiKey: 'sk-a', models: ['m'] }],
      routing: { retries: 0, breakerFailureThreshold: 1, breakerCooldownMs: 60_000 },
    }),
  });
  try {
    const a = context.mocks.a!;
    a.context.faults.push({ kind: '500' });
    const failed = await context.chat({ ...hello, model: 'a/m' });
    assert.equal(failed.status, 500, 'the upstream error itself, passed through');
    // Open for a minute. Five requests at once: one trial goes through (and succeeds: a has recovered)…
    const responses = await Promise.all(Array.from({ length: 5 }, () => context.chat({ ...hello, model: 'a/m' })));
    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [200, 503, 503, 503, 503]);
    assert.equal(a.requests.length, 2);
    const refused = responses.find((response) => response.status === 503)!;
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /circuit/);
    // …and its success closed the circuit.
    assert.equal((await context.chat({ ...hello, model: 'a/m' })).status, 200);
    assert.equal(a.requests.length, 3);
  } finally {
    await context.close();
  }
});
