import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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
  // Each answer waits 1.5 s before its headers, so all requests are in flight together.
  context = await startTestGateway({ mock: { delayMs: 1500 } });
});
after(async () => {
  await client.close();
  await context.close();
});

test('300 concurrent requests are all in flight at the upstream together', async () => {
  const concurrent = 300;
  const answers = await Promise.all(
    Array.from({ length: concurrent }, async () => {
      const response = await request(`${context.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        dispatcher: client,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${context.key}` },
        body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
      });
      await response.body.text();
      return response.statusCode;
    }),
  );
  assert.deepEqual(new Set(answers), new Set([200]));
  assert.equal(context.mock.context.maxInFlight, concurrent);
});
