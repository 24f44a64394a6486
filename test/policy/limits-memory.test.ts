import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { spendCounterKey } from '../../src/policy/enforcer.js';
import { periodWindow } from '../../src/policy/period.js';
import { startGateway } from '../../src/server/start.js';
import { startTestGateway } from '../helpers/gateway.js';
import { burst, keyOnPlan, settledTotals } from './limits-helpers.js';

// The mock prices mock-small at 1 µ$ per input token and 2 µ$ per output
// token. "hello" costs 3 input tokens ("user" + "hello" = 9 characters / 4)
// and 4 output tokens ("You said: hello") = 11 µ$ a request.
const costPerRequest = 11;

test('200 simultaneous requests against a budget for 50: settled spend never passes the limit', async () => {
  const context = await startTestGateway();
  try {
    const limit = 50 * costPerRequest;
    const { key, keyId } = await keyOnPlan(context.gateway.db, { name: 'fifty', spendLimitMicros: limit, resetPeriod: 'monthly' });
    await context.gateway.state.reload();
    const outcomes = await burst({ url: context.gateway.url, key, count: 200 });
    const ok = outcomes.filter((outcome) => outcome.status === 200).length;
    const refused = outcomes.filter((outcome) => outcome.status === 429);
    assert.equal(ok + refused.length, 200, `unexpected statuses: ${JSON.stringify(outcomes.filter((o) => o.status !== 200 && o.status !== 429))}`);
    assert.ok(refused.every((outcome) => outcome.code === 'insufficient_quota'));
    await context.gateway.usage.flush();
    const totals = await settledTotals(context.gateway.db, keyId);
    assert.equal(totals.ok, ok);
    assert.equal(totals.cost, ok * costPerRequest);
    assert.ok(totals.cost <= limit, `settled ${totals.cost} µ$ > limit ${limit}`);
    assert.ok(ok <= 50, `${ok} admitted`);
    // Reservations (about 40 µ$ each) let at least limit / reservation through at once.
    assert.ok(ok >= 13, `only ${ok} admitted`);
    assert.equal(context.mock.context.served, ok);
    // Every reservation settled: the counter holds exactly the real spend.
    const counters = await context.gateway.enforcer.backend.read([spendCounterKey(keyId, periodWindow('monthly', Date.now()).start)]);
    assert.deepEqual(counters, [totals.cost]);
  } finally {
    await context.close();
  }
});

test('in-memory budgets survive a restart: spend is reloaded from the usage table', async () => {
  const context = await startTestGateway();
  const { key } = await keyOnPlan(context.gateway.db, { name: 'ten', spendLimitMicros: 10 * costPerRequest, resetPeriod: 'daily' });
  await context.gateway.state.reload();
  let served = 0;
  while ((await burst({ url: context.gateway.url, key, count: 1 }))[0]?.status === 200) served += 1;
  // The last requests' reservations (about 40 µ$) no longer fit under the limit.
  assert.ok(served >= 7 && served <= 10, `${served} served`);
  await context.gateway.close();
  const again = await startGateway({ env: {}, logger: pino({ level: 'silent' }), overrides: { dataDir: context.dataDir, port: 0, providers: context.gateway.config.providers, aliases: context.gateway.config.aliases } });
  try {
    const [outcome] = await burst({ url: again.url, key, count: 1 });
    assert.equal(outcome?.status, 429);
    assert.equal(outcome?.code, 'insufficient_quota');
  } finally {
    await again.close();
    await context.close().catch(() => undefined);
  }
});
