import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from './database.js';
import { openPinnedSqlite } from './pinned-sqlite.js';
import { insertUsageBatch, listUsage, type UsageRow } from './repositories/usage.js';

test('the store survives major GCs after using and closing databases (Node 24.19+ ObjectWrap abort)', () => {
  // In a child process: an abort there is a signal exit here, not a dead runner.
  const child = spawnSync(process.execPath, ['--max-old-space-size=96', '--import', 'tsx', 'test/fixtures/store-under-gc.ts'], { encoding: 'utf8', timeout: 50_000 });
  assert.equal(child.signal, null, `child died of ${child.signal}:\n${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  const majorGcs = Number(/major GCs: (\d+)/.exec(child.stdout)?.[1]);
  assert.ok(majorGcs >= 2, `the child must have run major GCs, saw: ${child.stdout}`);
});

test('one prepared statement per SQL text, reused', () => {
  const database = openPinnedSqlite(':memory:', 'PRAGMA foreign_keys = ON;').forKysely;
  try {
    const first = database.prepare('select ? as value');
    assert.equal(database.prepare('select ? as value'), first);
    assert.notEqual(database.prepare('select ? as other'), first);
    assert.deepEqual(first.all([1]), [{ value: 1 }]);
    assert.deepEqual(first.all([2]), [{ value: 2 }]);
    assert.deepEqual([...first.iterate([3])], [{ value: 3 }]);
    assert.deepEqual(database.prepare('pragma foreign_keys').all([]), [{ foreign_keys: 1 }]);
  } finally {
    database.close();
  }
});

test('a usage batch of any size lands whole (chunks of 128, 64, … rows)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-usage-batch-'));
  const db = await openDatabase({ dataDir });
  try {
    const row = (index: number): UsageRow => ({
      id: `row-${index}`,
      created_at: 1_700_000_000_000 + index,
      key_id: null,
      provider: 'mock',
      model: 'mock-small',
      requested_model: 'fast',
      credential_id: null,
      client_protocol: 'openai-chat',
      upstream_protocol: 'openai-chat',
      stream: 0,
      input_tokens: index,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      output_tokens: 1,
      reasoning_tokens: 0,
      cost_micros: 1,
      latency_ms: 1,
      ttft_ms: null,
      status: 200,
      error_code: null,
      group_id: null,
    });
    await insertUsageBatch(db, Array.from({ length: 301 }, (_, index) => row(index)));
    await insertUsageBatch(db, [row(301)]);
    const rows = await listUsage(db, { limit: 1000 });
    assert.equal(rows.length, 302);
    assert.deepEqual(new Set(rows.map((stored) => stored.input_tokens)), new Set(Array.from({ length: 302 }, (_, index) => index)));
  } finally {
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
