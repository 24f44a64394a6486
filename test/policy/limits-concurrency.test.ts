import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestGateway } from '../helpers/gateway.js';
import { burst, keyOnPlan } from './limits-helpers.js';

test('concurrency: no more than the limit reach the upstream at once', async () => {
  const context = await startTestGateway({ mock: { delayMs: 300 } });
  try {
    const { key } = await keyOnPlan(context.gateway.db, { name: 'five at once', concurrency: 5 });
    await context.gateway.state.reload();
    const outcomes = await burst({ url: context.gateway.url, key, count: 200 });
    const ok = outcomes.filter((outcome) => outcome.status === 200).length;
    assert.ok(context.mock.context.maxInFlight <= 5, `max in flight ${context.mock.context.maxInFlight}`);
    assert.ok(ok >= 5, `${ok} served`);
    assert.ok(outcomes.filter((outcome) => outcome.status === 429).every((outcome) => outcome.code === 'rate_limit_exceeded'));
    // Slots come back when requests end: a request after the burst is served.
    const after = await burst({ url: context.gateway.url, key, count: 5 });
    assert.deepEqual(after.map((outcome) => outcome.status), [200, 200, 200, 200, 200]);
  } finally {
    await context.close();
  }
});

