import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * The gateway does not cap connections per upstream: every concurrent
 * request reaches the provider at once instead of queueing behind a pool
 * limit (a cap of 256 made the 257th stream wait for one to finish).
 */
let context: TestGateway;
const client = new Agent({ connections: null });
before(async () => {
  context = await startTestGateway();
});
after(async () => {
  await client.close();
  await context.close();
});

test('300 concurrent requests are all in flight at the upstream together', async () => {
  const concurrent = 300;
  // The upstream holds every request without answering, so they can only pile up there.
  for (let index = 0; index < concurrent; index += 1) context.mock.context.faults.push({ kind: 'hang-headers' });
  const before = context.mock.requests.length;
  const arrived = (): number => context.mock.requests.length - before;
  const controller = new AbortController();
  const requests = Array.from({ length: concurrent }, () =>
    request(`${context.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      dispatcher: client,
      signal: controller.signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${context.key}` },
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
    }).catch(() => undefined),
  );
  // Wait for the count to reach its end, not for a fixed time: with a cap it stops below it (each held request keeps its connection).
  let seen = 0;
  for (let waited = 0; waited < 20_000 && seen < concurrent; waited += 50) {
    await sleep(50);
    seen = arrived();
  }
  assert.equal(seen, concurrent);
  controller.abort();
  await Promise.all(requests);
});
