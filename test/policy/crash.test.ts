import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../src/store/database.js';
import { createGatewayKey } from '../../src/store/repositories/gateway-keys.js';
import { countUsage } from '../../src/store/repositories/usage.js';
import { startChildGateway } from '../helpers/child-gateway.js';
import { mockApiKey } from '../helpers/gateway.js';
import { startMockUpstream } from '../mock-upstream/server.js';

const usageFlushMs = 1000; // the default batch window
const schedulingMarginMs = 500;

test('kill -9 during load loses at most the last batch window of usage rows', { timeout: 180_000 }, async (context) => {
  const mock = await startMockUpstream({ apiKey: mockApiKey, delayMs: 5, record: false });
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-crash-'));
  try {
    const db = await openDatabase({ dataDir });
    const { key } = await createGatewayKey(db, { name: 'load' });
    await db.destroy();
    const config = {
      usageFlushMs,
      adminToken: 'sy-admin-test-token-0123456789',
      providers: [{ id: 'mock', protocol: 'openai-chat', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['mock-small'] }],
    };
    const gateway = await startChildGateway({ dataDir, config });

    // Eight clients in a loop until the kill; a timeline of what the mock served.
    let running = true;
    const timeline: Array<{ at: number; served: number }> = [];
    const sampler = setInterval(() => timeline.push({ at: Date.now(), served: mock.context.served }), 20);
    const worker = async (): Promise<void> => {
      while (running) {
        try {
          const response = await fetch(`${gateway.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'mock/mock-small', messages: [{ role: 'user', content: 'load' }] }),
          });
          await response.arrayBuffer();
        } catch {
          // The gateway was killed under this request.
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    // Kill once real load has gone through: at least 150 served and two batch windows passed.
    const loadStart = Date.now();
    while (mock.context.served < 150 || Date.now() - loadStart < 2 * usageFlushMs) await new Promise((resolve) => setTimeout(resolve, 20));
    const killedAt = Date.now();
    await gateway.stop('SIGKILL');
    running = false;
    await Promise.all(workers);
    clearInterval(sampler);
    const served = mock.context.served;

    // Restart on the same data directory: it starts cleanly, and serves.
    const restarted = await startChildGateway({ dataDir, config, name: 'restarted' });
    try {
      const check = await fetch(`${restarted.url}/healthz`);
      assert.equal(check.status, 200);
    } finally {
      await restarted.stop();
    }
    const reopened = await openDatabase({ dataDir });
    const rows = await countUsage(reopened);
    await reopened.destroy();

    // The restarted gateway served nothing: every row is from the killed one.
    const lost = served - rows;
    // The window is the flush interval plus the time a due flush can wait behind
    // other work on a loaded machine (the timer fires late, the write takes its turn).
    const windowStart = killedAt - usageFlushMs - schedulingMarginMs;
    const servedBeforeWindow = [...timeline].reverse().find((sample) => sample.at <= windowStart)?.served ?? 0;
    const servedInLastWindow = served - servedBeforeWindow;
    context.diagnostic(`served ${served}, usage rows ${rows}, lost ${lost}; served in the last ${usageFlushMs} ms (+${schedulingMarginMs} ms margin) before the kill: ${servedInLastWindow}`);
    assert.ok(rows > 0, 'earlier batches must have landed');
    assert.ok(lost >= 0, `more rows (${rows}) than served requests (${served})`);
    assert.ok(lost <= servedInLastWindow, `lost ${lost} > ${servedInLastWindow} served in the last batch window`);
  } finally {
    await mock.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
