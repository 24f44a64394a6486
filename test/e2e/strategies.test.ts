import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRoutingGateway } from '../helpers/routing-gateway.js';

/**
 * Strategies fed by live traffic: the gateway's own measurements (time to
 * first token, requests in flight) decide the order. Ordering rules
 * themselves are unit-tested in src/routing/router.test.ts.
 */
const ask = { messages: [{ role: 'user', content: 'hi' }] };

function chainOf(strategy: string) {
  return (mocks: Record<string, { url: string }>) => ({
    providers: [
      { id: 'slow', protocol: 'openai-chat', baseUrl: `${mocks.slow!.url}/v1`, apiKey: 'sk-s', models: ['m'], prices: { m: { input: 0.1, output: 0.2 } } },
      { id: 'quick', protocol: 'openai-chat', baseUrl: `${mocks.quick!.url}/v1`, apiKey: 'sk-q', models: ['m'], prices: { m: { input: 5, output: 10 } } },
    ],
    chains: { c: { strategy, steps: ['slow/m', 'quick/m'] } },
  });
}

test('fastest learns time to first token from traffic and sends the rest to the quicker upstream', async () => {
  const context = await startRoutingGateway({ mocks: { slow: { delayMs: 150 }, quick: {} }, configure: chainOf('fastest') });
  try {
    // Both unmeasured: the first request goes to the first step, the second to the still-unmeasured one.
    for (let index = 0; index < 2; index += 1) assert.equal((await context.chat({ model: 'c', ...ask })).status, 200);
    assert.deepEqual([context.mocks.slow!.requests.length, context.mocks.quick!.requests.length], [1, 1]);
    for (let index = 0; index < 5; index += 1) assert.equal((await context.chat({ model: 'c', ...ask })).status, 200);
    assert.deepEqual([context.mocks.slow!.requests.length, context.mocks.quick!.requests.length], [1, 6]);
  } finally {
    await context.close();
  }
});

test('cheapest sends traffic to the lower catalog price', async () => {
  const context = await startRoutingGateway({ mocks: { slow: {}, quick: {} }, configure: chainOf('cheapest') });
  try {
    for (let index = 0; index < 3; index += 1) assert.equal((await context.chat({ model: 'c', ...ask })).status, 200);
    assert.deepEqual([context.mocks.slow!.requests.length, context.mocks.quick!.requests.length], [3, 0]);
    // Clients discover the chain by name in the model list.
    const list = (await (await fetch(`${context.gateway.url}/v1/models`, { headers: { authorization: `Bearer ${context.key}` } })).json()) as { data: Array<{ id: string }> };
    assert.ok(list.data.some((model) => model.id === 'c'), JSON.stringify(list.data));
  } finally {
    await context.close();
  }
});

test('least busy spreads concurrent requests by requests in flight', async () => {
  const context = await startRoutingGateway({ mocks: { slow: { delayMs: 200 }, quick: { delayMs: 200 } }, configure: chainOf('least-busy') });
  try {
    const responses = await Promise.all(Array.from({ length: 6 }, () => context.chat({ model: 'c', ...ask })));
    for (const response of responses) assert.equal(response.status, 200);
    assert.deepEqual([context.mocks.slow!.requests.length, context.mocks.quick!.requests.length], [3, 3]);
  } finally {
    await context.close();
  }
});

test('score reads quota headroom from rate-limit headers and moves traffic off a nearly exhausted key', async () => {
  const limits = (remaining: number) => ({ 'x-ratelimit-limit-requests': '100', 'x-ratelimit-remaining-requests': String(remaining) });
  const context = await startRoutingGateway({
    mocks: { slow: { delayMs: 30, headers: limits(1) }, quick: { delayMs: 30, headers: limits(90) } },
    configure: chainOf('score'),
  });
  try {
    // Nothing measured: written order. The answer says 1 % of the quota is left.
    assert.equal((await context.chat({ model: 'c', ...ask })).status, 200);
    for (let index = 0; index < 4; index += 1) assert.equal((await context.chat({ model: 'c', ...ask })).status, 200);
    assert.deepEqual([context.mocks.slow!.requests.length, context.mocks.quick!.requests.length], [1, 4]);
  } finally {
    await context.close();
  }
});
