import assert from 'node:assert/strict';
import { test } from 'node:test';
import { record } from '../../test/helpers/usage-record.js';
import { createUsageQueue } from '../pipeline/usage-queue.js';
import { openDatabase, sqliteConnectionOf } from '../store/database.js';
import { countUsage } from '../store/repositories/usage.js';
import { writeUsageRecords } from './usage-writer.js';

test('a usage batch that fails to write on SQLite is kept and lands on the next flush', async () => {
  const db = await openDatabase({ url: ':memory:', dataDir: '' });
  const connection = sqliteConnectionOf(db);
  assert.ok(connection !== undefined, 'the fast path is the one under test');
  const queue = createUsageQueue({ write: (records) => writeUsageRecords(db, records), flushIntervalMs: 60_000 });
  try {
    queue.record(record('r1'));
    queue.record(record('r2'));
    // Every write now fails (SQLITE_READONLY), as a full disk or a locked file would.
    connection.pragma('query_only = ON');
    await assert.rejects(queue.flush());
    assert.equal(queue.pending(), 2, 'the failed batch is back in the queue');
    assert.equal(await countUsage(db), 0);
    connection.pragma('query_only = OFF');
    queue.record(record('r3'));
    await queue.flush();
    assert.equal(queue.pending(), 0);
    assert.equal(await countUsage(db), 3);
  } finally {
    await queue.close();
    await db.destroy();
  }
});
