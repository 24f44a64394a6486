import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startGateway, type RunningGateway } from '../../src/server/start.js';
import { startMockUpstream, type MockOptions, type MockUpstream } from '../mock-upstream/server.js';
import { createLiveKey } from './gateway.js';

export interface RoutingGateway {
  gateway: RunningGateway;
  /** Mock upstreams by name, each its own server (own fault plan, own request log). */
  mocks: Record<string, MockUpstream>;
  key: string;
  /** POST /v1/chat/completions with the gateway key. */
  chat(body: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A real gateway on loopback in front of several mock upstreams (no keys
 * checked), for routing and fault tests: `configure` gets the mocks and
 * returns the configuration overrides (providers, chains, routing).
 */
export async function startRoutingGateway(options: {
  mocks: Record<string, MockOptions>;
  configure(mocks: Record<string, MockUpstream>): Record<string, unknown>;
}): Promise<RoutingGateway> {
  const mocks: Record<string, MockUpstream> = {};
  for (const [name, mockOptions] of Object.entries(options.mocks)) mocks[name] = await startMockUpstream(mockOptions);
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-routing-'));
  const gateway = await startGateway({
    env: {},
    logger: pino({ level: 'silent' }),
    overrides: { dataDir, port: 0, usageFlushMs: 50, shutdownGraceMs: 2000, ...options.configure(mocks) },
  });
  const created = await createLiveKey(gateway, 'routing-test');
  return {
    gateway,
    mocks,
    key: created.key,
    chat: (body, headers = {}) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    async close() {
      await gateway.close();
      await Promise.all(Object.values(mocks).map((mock) => mock.close()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A chat provider entry on a mock, optionally behind a fault path prefix. */
export function mockProvider(id: string, mock: MockUpstream, options: { fault?: string; models?: string[]; apiKeys?: string[]; timeouts?: Record<string, number>; prices?: Record<string, unknown> } = {}): Record<string, unknown> {
  const prefix = options.fault === undefined ? '' : `/fault/${options.fault}`;
  return {
    id,
    protocol: 'openai-chat',
    baseUrl: `${mock.url}${prefix}/v1`,
    ...(options.apiKeys === undefined ? { apiKey: `sk-${id}` } : { apiKeys: options.apiKeys }),
    models: options.models ?? ['m'],
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
    ...(options.prices === undefined ? {} : { prices: options.prices }),
  };
}
