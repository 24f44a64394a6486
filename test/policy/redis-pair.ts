import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.js';
import type { PlanInput } from '../../src/store/repositories/plans.js';
import { startChildGateway, type ChildGateway } from '../helpers/child-gateway.js';
import { mockApiKey } from '../helpers/gateway.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';
import { burst, keyOnPlan, settledTotals, type Outcome } from './limits-helpers.js';

/**
 * Two real gateway processes that share nothing but Redis and the database
 * file, with one key per plan given, created before they start.
 */
export interface RedisPair<Name extends string> {
  gateways: ChildGateway[];
  mock: MockUpstream;
  keys: Record<Name, { key: string; keyId: string }>;
  /** `count` requests at once, half to each gateway. */
  splitBurst(key: string, count?: number): Promise<Outcome[]>;
  totalsAfterFlush(keyId: string): Promise<{ rows: number; ok: number; cost: number; tokens: number }>;
  close(): Promise<void>;
}

export async function startRedisPair<Name extends string>(plans: Record<Name, PlanInput>): Promise<RedisPair<Name>> {
  const redis: TestRedis = await startRedis();
  const mock = await startMockUpstream({ apiKey: mockApiKey });
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-redis-test-'));
  const db = await openDatabase({ dataDir });
  const keys = {} as Record<Name, { key: string; keyId: string }>;
  for (const [name, plan] of Object.entries(plans) as Array<[Name, PlanInput]>) keys[name] = await keyOnPlan(db, plan);
  await db.destroy();
  const config = {
    counterBackend: 'redis',
    redisUrl: redis.url,
    usageFlushMs: 100,
    adminToken: 'sy-admin-test-token-0123456789',
    providers: [{ id: 'mock', protocol: 'openai-chat', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['mock-small'], prices: { 'mock-small': { input: 1, output: 2 } } }],
    aliases: { fast: 'mock/mock-small' },
  };
  const gateways = await Promise.all([startChildGateway({ dataDir, config, name: 'one' }), startChildGateway({ dataDir, config, name: 'two' })]);
  return {
    gateways,
    mock,
    keys,
    async splitBurst(key, count = 200) {
      const [one, two] = gateways;
      if (one === undefined || two === undefined) throw new Error('gateways not started');
      const halves = await Promise.all([burst({ url: one.url, key, count: count / 2 }), burst({ url: two.url, key, count: count / 2 })]);
      return halves.flat();
    },
    async totalsAfterFlush(keyId) {
      // Each gateway writes usage every 100 ms; wait for a few flushes.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const reader = await openDatabase({ dataDir });
      try {
        return await settledTotals(reader, keyId);
      } finally {
        await reader.destroy();
      }
    },
    async close() {
      await Promise.all(gateways.map((gateway) => gateway.stop()));
      await mock.close();
      await redis.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
