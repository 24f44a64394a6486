import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { ProtocolId } from '../../src/core/protocol.js';
import { startGateway, type RunningGateway } from '../../src/server/start.js';
import { announceStateChange } from '../../src/server/state.js';
import { createGatewayKey } from '../../src/store/repositories/gateway-keys.js';
import { listUsage, type UsageRow } from '../../src/store/repositories/usage.js';
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

/** A gateway key, created in the store and already in the gateway's snapshot. */
export async function createLiveKey(gateway: RunningGateway, name: string): Promise<{ key: string; id: string }> {
  const created = await createGatewayKey(gateway.db, { name });
  await announceStateChange(gateway.db);
  await gateway.state.reload();
  return created;
}

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
    /** The protocol of the `mock` provider (default openai-chat). */
    protocol?: ProtocolId;
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
        { id: 'mock', protocol: options.protocol ?? 'openai-chat', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['mock-small'], prices: { 'mock-small': { input: 1, output: 2 } } },
        ...(options.extraProviders?.(mock.url) ?? []),
      ],
      aliases: { fast: 'mock/mock-small' },
      ...options.overrides,
    },
  });
  const created = await createLiveKey(gateway, 'test');
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

/**
 * The usage row of one request. A client may have read the last byte of a
 * stream a moment before the gateway records it, so this flushes and looks
 * again for up to two seconds.
 */
export async function waitForUsageRow(gateway: RunningGateway, requestId: string): Promise<UsageRow | undefined> {
  const deadline = Date.now() + 2000;
  for (;;) {
    await gateway.usage.flush();
    const row = (await listUsage(gateway.db, { limit: 1000 })).find((candidate) => candidate.id === requestId);
    if (row !== undefined || Date.now() > deadline) return row;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
