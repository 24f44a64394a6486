import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openDatabase } from '../../src/store/database.js';
import { startChildGateway, type ChildGateway } from '../helpers/child-gateway.js';
import { mockApiKey } from '../helpers/gateway.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';
import { awayFromMinuteEdge, burst, keyOnPlan, settledTotals, type Outcome } from './limits-helpers.js';

// Two real gateway processes that share nothing but Redis and the database
// file: counters must hold across them exactly as they do in one process.
const costPerRequest = 11; // see limits-memory.test.ts
let redis: TestRedis;
let mock: MockUpstream;
let dataDir: string;
let gateways: ChildGateway[] = [];
let keys: Record<'budget' | 'rpm' | 'concurrency', { key: string; keyId: string }>;

before(
  async () => {
    redis = await startRedis();
    mock = await startMockUpstream({ apiKey: mockApiKey, delayMs: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-redis-test-'));
    const db = await openDatabase({ dataDir });
    keys = {
      budget: await keyOnPlan(db, { name: 'fifty', spendLimitMicros: 50 * costPerRequest, resetPeriod: 'daily' }),
      rpm: await keyOnPlan(db, { name: 'rpm', rpm: 50 }),
      concurrency: await keyOnPlan(db, { name: 'five', concurrency: 5 }),
    };
    await db.destroy();
    const config = {
      counterBackend: 'redis',
      redisUrl: redis.url,
      usageFlushMs: 100,
      adminToken: 'sy-admin-test-token-0123456789',
      providers: [{ id: 'mock', protocol: 'openai-chat', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['mock-small'], prices: { 'mock-small': { input: 1, output: 2 } } }],
      aliases: { fast: 'mock/mock-small' },
    };
    gateways = await Promise.all([startChildGateway({ dataDir, config, name: 'one' }), startChildGateway({ dataDir, config, name: 'two' })]);
  },
  { timeout: 120_000 },
);

after(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await mock.close();
  await redis.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** 200 requests at once, alternating between the two gateways. */
async function splitBurst(key: string): Promise<Outcome[]> {
  const [one, two] = gateways;
  if (one === undefined || two === undefined) throw new Error('gateways not started');
  const halves = await Promise.all([burst({ url: one.url, key, count: 100 }), burst({ url: two.url, key, count: 100 })]);
  return halves.flat();
}

async function totalsAfterFlush(keyId: string) {
  // Usage rows are written every 100 ms by each gateway; wait until two flushes passed.
  await new Promise((resolve) => setTimeout(resolve, 400));
  const db = await openDatabase({ dataDir });
  try {
    return await settledTotals(db, keyId);
  } finally {
    await db.destroy();
  }
}

test('budget across two gateways sharing Redis: settled spend never passes the limit', async () => {
  const servedBefore = mock.context.served;
  const outcomes = await splitBurst(keys.budget.key);
  const ok = outcomes.filter((outcome) => outcome.status === 200).length;
  assert.equal(outcomes.filter((outcome) => outcome.status === 429 && outcome.code === 'insufficient_quota').length, 200 - ok);
  const totals = await totalsAfterFlush(keys.budget.keyId);
  assert.equal(totals.ok, ok);
  assert.ok(totals.cost <= 50 * costPerRequest, `settled ${totals.cost} µ$`);
  assert.ok(ok <= 50 && ok >= 13, `${ok} admitted`);
  assert.equal(mock.context.served - servedBefore, ok);
});

test('RPM across two gateways: exactly the limit is admitted in the minute', async () => {
  await awayFromMinuteEdge();
  const outcomes = await splitBurst(keys.rpm.key);
  assert.equal(outcomes.filter((outcome) => outcome.status === 200).length, 50);
  const refused = outcomes.filter((outcome) => outcome.status === 429);
  assert.equal(refused.length, 150);
  assert.ok(refused.every((outcome) => outcome.code === 'rate_limit_exceeded' && Number(outcome.retryAfter) >= 1));
});

test('concurrency across two gateways: never more than the limit in flight upstream', async () => {
  mock.context.options.delayMs = 300;
  mock.context.maxInFlight = 0;
  try {
    const outcomes = await splitBurst(keys.concurrency.key);
    assert.ok(mock.context.maxInFlight <= 5, `max in flight ${mock.context.maxInFlight}`);
    assert.ok(outcomes.filter((outcome) => outcome.status === 200).length >= 5);
    // Every slot came back: five more at once all pass.
    const again = await burst({ url: gateways[0]!.url, key: keys.concurrency.key, count: 5 });
    assert.deepEqual(again.map((outcome) => outcome.status), [200, 200, 200, 200, 200]);
  } finally {
    mock.context.options.delayMs = 0;
  }
});
