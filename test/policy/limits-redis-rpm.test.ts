import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { awayFromMinuteEdge } from './limits-helpers.js';
import { startRedisPair, type RedisPair } from './redis-pair.js';

let pair: RedisPair<'rpm'>;

before(async () => {
  pair = await startRedisPair({ rpm: { name: 'rpm', rpm: 50 } });
});
after(() => pair.close());

test('RPM across two gateways sharing Redis: exactly the limit is admitted in the minute', async () => {
  await awayFromMinuteEdge();
  const outcomes = await pair.splitBurst(pair.keys.rpm.key);
  assert.equal(outcomes.filter((outcome) => outcome.status === 200).length, 50);
  const refused = outcomes.filter((outcome) => outcome.status === 429);
  assert.equal(refused.length, 150);
  assert.ok(refused.every((outcome) => outcome.code === 'rate_limit_exceeded' && Number(outcome.retryAfter) >= 1));
});
