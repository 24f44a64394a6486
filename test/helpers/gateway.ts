import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startGateway, type RunningGateway } from '../../src/server/start.js';
import { announceStateChange } from '../../src/server/state.js';
import { createGatewayKey } from '../../src/store/repositories/gateway-keys.js';
import { startMockUpstream, type MockOptions, type MockUpstream } from '../mock-upstream/server.js';

export interface TestGateway {
  gateway: RunningGateway;
  mock: MockUpstream;
  /** A valid gateway key. */
  key: string;
  keyId: string;
  dataDir: string;
  close(): Promise<void>;
}

export const mockApiKey = 'sk-mock-upstream-key';

/**
 * A real gateway on loopback with a fresh data directory, routed to a mock
 * upstream that checks its own key, and one gateway key created.
 */
export async function startTestGateway(
  options: {
    mock?: MockOptions;
    overrides?: Record<string, unknown>;
    /** More providers on the same mock (other protocols), given the mock's URL. */
    extraProviders?: (mockUrl: string) => Array<Record<string, unknown>>;
    /** The gateway's clock (budgets, rate windows, key expiry). */
    now?: () => number;
  } = {},
): Promise<TestGateway> {
  const mock = await startMockUpstream({ apiKey: mockApiKey, ...options.mock });
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const gateway = await startGateway({
    env: {},
    logger: pino({ level: 'silent' }),
    ...(options.now === undefined ? {} : { now: options.now }),
    overrides: {
      dataDir,
      port: 0,
      usageFlushMs: 50,
      shutdownGraceMs: 5000,
      providers: [
        { id: 'mock', protocol: 'openai-chat', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['mock-small'], prices: { 'mock-small': { input: 1, output: 2 } } },
        ...(options.extraProviders?.(mock.url) ?? []),
      ],
      aliases: { fast: 'mock/mock-small' },
      ...options.overrides,
    },
  });
  const created = await createGatewayKey(gateway.db, { name: 'test' });
  await announceStateChange(gateway.db);
  await gateway.state.reload();
  return {
    gateway,
    mock,
    key: created.key,
    keyId: created.id,
    dataDir,
    async close() {
      await gateway.close();
      await mock.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
