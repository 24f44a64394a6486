import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { burst } from './limits-helpers.js';
import { startRedisPair, type RedisPair } from './redis-pair.js';

// Two gateway processes sharing Redis: counters must hold across them exactly
// as they do in one process. 11 µ$ a request (see limits-memory.test.ts).
const costPerRequest = 11;
let pair: RedisPair<'budget' | 'concurrency'>;

before(async () => {
  pair = await startRedisPair({ budget: { name: 'fifty', spendLimitMicros: 50 * costPerRequest, resetPeriod: 'daily' }, concurrency: { name: 'five', concurrency: 5 } });
});
after(() => pair.close());

test('budget across two gateways sharing Redis: settled spend never passes the limit', async () => {
  const servedBefore = pair.mock.context.served;
  const outcomes = await pair.splitBurst(pair.keys.budget.key);
  const ok = outcomes.filter((outcome) => outcome.status === 200).length;
  assert.equal(outcomes.filter((outcome) => outcome.status === 429 && outcome.code === 'insufficient_quota').length, 200 - ok);
  const totals = await pair.totalsAfterFlush(pair.keys.budget.keyId);
  assert.equal(totals.ok, ok);
  assert.ok(totals.cost <= 50 * costPerRequest, `settled ${totals.cost} µ$`);
  assert.ok(ok <= 50 && ok >= 13, `${ok} admitted`);
  assert.equal(pair.mock.context.served - servedBefore, ok);
});

test('concurrency across two gateways: never more than the limit in flight upstream', async () => {
  pair.mock.context.options.delayMs = 300;
  pair.mock.context.maxInFlight = 0;
  try {
    const outcomes = await pair.splitBurst(pair.keys.concurrency.key);
    assert.ok(pair.mock.context.maxInFlight <= 5, `max in flight ${pair.mock.context.maxInFlight}`);
    assert.ok(outcomes.filter((outcome) => outcome.status === 200).length >= 5);
    // Every slot came back: five more at once all pass.
    const again = await burst({ url: pair.gateways[0]!.url, key: pair.keys.concurrency.key, count: 5 });
    assert.deepEqual(again.map((outcome) => outcome.status), [200, 200, 200, 200, 200]);
  } finally {
    pair.mock.context.options.delayMs = 0;
  }
});
