import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase, sqliteConnectionOf } from '../database.js';
import { countUsage, insertUsageBatch, listUsage, type UsageRow } from './usage.js';

function row(id: string, overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    id,
    created_at: 1_700_000_000_000,
    key_id: null,
    provider: 'mock',
    model: 'mock-small',
    requested_model: 'mock/mock-small',
    credential_id: 'cred-1',
    client_protocol: 'openai-chat',
    upstream_protocol: 'anthropic-messages',
    stream: 1,
    input_tokens: 11,
    cache_read_tokens: 2,
    cache_write_tokens: 3,
    output_tokens: 5,
    reasoning_tokens: 1,
    cost_micros: 42,
    latency_ms: 7,
    ttft_ms: null,
    status: 200,
    error_code: null,
    group_id: 'g1',
    ...overrides,
  };
}

test('the SQLite fast path stores every column of every row, batch after batch', async () => {
  const db = await openDatabase({ url: ':memory:', dataDir: '' });
  try {
    assert.ok(sqliteConnectionOf(db) !== undefined, 'a SQLite database exposes its connection');
    await insertUsageBatch(db, [row('a'), row('b', { ttft_ms: 3, error_code: 'SY_X', status: 502, key_id: 'k1' })]);
    await insertUsageBatch(db, [row('c', { stream: 0, group_id: null })]);
    const rows = await listUsage(db, { limit: 10 });
    assert.equal(rows.length, 3);
    const byId = new Map(rows.map((stored) => [stored.id, stored]));
    assert.deepEqual(byId.get('a'), row('a'));
    assert.deepEqual(byId.get('b'), row('b', { ttft_ms: 3, error_code: 'SY_X', status: 502, key_id: 'k1' }));
    assert.deepEqual(byId.get('c'), row('c', { stream: 0, group_id: null }));
  } finally {
    await db.destroy();
  }
});

test('a batch lands whole or not at all on the fast path', async () => {
  const db = await openDatabase({ url: ':memory:', dataDir: '' });
  try {
    await insertUsageBatch(db, [row('first')]);
    // The second row repeats a primary key: the whole batch must roll back.
    await assert.rejects(insertUsageBatch(db, [row('second'), row('first')]));
    assert.equal(await countUsage(db), 1);
  } finally {
    await db.destroy();
  }
});

test('while a Kysely transaction is open, a batch waits for it instead of joining it', async () => {
  const db = await openDatabase({ url: ':memory:', dataDir: '' });
  try {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let opened: () => void = () => undefined;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const rolledBack = db
      .transaction()
      .execute(async (transaction) => {
        await transaction.insertInto('settings').values({ name: 'x', value: 'y' }).execute();
        opened();
        await held;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await isOpen;
    const written = insertUsageBatch(db, [row('during')]);
    release();
    await rolledBack;
    await written;
    // The batch survived the other transaction's rollback.
    assert.equal(await countUsage(db), 1);
  } finally {
    await db.destroy();
  }
});
