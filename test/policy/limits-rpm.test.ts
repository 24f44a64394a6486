import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestGateway } from '../helpers/gateway.js';
import { awayFromMinuteEdge, burst, keyOnPlan } from './limits-helpers.js';

test('RPM: 200 simultaneous requests against 50 per minute admit exactly 50, the rest get 429 + Retry-After', async () => {
  const context = await startTestGateway();
  try {
    const { key } = await keyOnPlan(context.gateway.db, { name: 'rpm', rpm: 50 });
    await context.gateway.state.reload();
    await awayFromMinuteEdge();
    const outcomes = await burst({ url: context.gateway.url, key, count: 200 });
    assert.equal(outcomes.filter((outcome) => outcome.status === 200).length, 50);
    const refused = outcomes.filter((outcome) => outcome.status === 429);
    assert.equal(refused.length, 150);
    for (const outcome of refused) {
      assert.equal(outcome.code, 'rate_limit_exceeded');
      const seconds = Number(outcome.retryAfter);
      assert.ok(seconds >= 1 && seconds <= 60, `Retry-After ${outcome.retryAfter}`);
    }
  } finally {
    await context.close();
  }
});
