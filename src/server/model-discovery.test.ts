import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Secret } from '../core/secret.js';
import type { Snapshot } from '../pipeline/snapshot.js';
import type { Provider } from '../providers/provider.js';
import { startMockUpstream, type MockUpstream } from '../../test/mock-upstream/server.js';
import { createModelDiscovery } from './model-discovery.js';
import type { StateHolder } from './state.js';

let mock: MockUpstream;
before(async () => {
  mock = await startMockUpstream({ apiKey: 'k' });
});
after(() => mock.close());

function holder(providers: Provider[]): StateHolder & { merged: Array<[string, readonly string[]]> } {
  const snapshot: Snapshot = { providers: new Map(providers.map((provider) => [provider.id, provider])), aliases: new Map(), chains: new Map(), keysByHash: new Map() };
  const merged: Array<[string, readonly string[]]> = [];
  return { merged, current: () => snapshot, reload: () => Promise.resolve(), close: () => undefined, setDiscoveredModels: (id, models) => merged.push([id, models]) };
}

function provider(fields: Partial<Provider>): Provider {
  return { id: 'mock', name: 'mock', protocol: 'openai-chat', baseUrl: `${mock.url}/v1`, headers: {}, models: [], enabled: true, credentials: [{ id: 'c', secret: new Secret('k') }], prices: {}, groupId: null, discovery: 'openai', ...fields };
}

test('the schedule refreshes every discoverable provider, skips the others, and reports failures', async () => {
  const failures: string[] = [];
  const state = holder([
    provider({}),
    provider({ id: 'unlisted', discovery: 'none' }),
    provider({ id: 'disabled', enabled: false }),
    provider({ id: 'wrong-key', credentials: [{ id: 'c', secret: new Secret('bad') }] }),
  ]);
  const discovery = createModelDiscovery({ state, intervalMs: 5, onError: (result) => failures.push(result.provider) });
  try {
    // Wait for the first scheduled run, however long the machine takes.
    while (state.merged.length === 0 || failures.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  } finally {
    discovery.close();
  }
  assert.deepEqual(state.merged[0], ['mock', ['mock-small', 'mock-large']]);
  assert.ok(state.merged.every(([id]) => id === 'mock'));
  assert.ok(failures.every((id) => id === 'wrong-key'));
});
