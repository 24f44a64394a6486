import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { listUsage } from '../../src/store/repositories/usage.js';
import { startTestGateway } from '../helpers/gateway.js';

const chat = async (url: string, key: string): Promise<{ status: number; retryAfter: string | null; body: string }> => {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
};

test('a store that keeps failing makes the gateway refuse new requests (retryable 503), never drop usage; it recovers when the store does', async () => {
  const context = await startTestGateway({ overrides: { usageMaxPending: 3 } });
  try {
    const { db, url } = context.gateway;
    // The store starts refusing writes: every usage batch fails and is kept.
    await sql`alter table usage rename to usage_away`.execute(db);
    for (let index = 0; index < 3; index += 1) assert.equal((await chat(url, context.key)).status, 200);
    await assert.rejects(context.gateway.usage.flush());
    assert.equal(context.gateway.usage.saturated(), true);

    const refused = await chat(url, context.key);
    assert.equal(refused.status, 503, refused.body);
    assert.equal(refused.retryAfter, '5');
    const error = (JSON.parse(refused.body) as { error: { message: string } }).error;
    assert.match(error.message, /cannot record usage/);

    // The store is back: the queue drains, nothing was lost, requests are served again.
    await sql`alter table usage_away rename to usage`.execute(db);
    await context.gateway.usage.flush();
    assert.equal(context.gateway.usage.saturated(), false);
    assert.equal((await chat(url, context.key)).status, 200);
    await context.gateway.usage.flush();
    const rows = await listUsage(db, { keyId: context.keyId });
    assert.equal(rows.filter((row) => row.status === 200).length, 4);
  } finally {
    await context.close();
  }
});
