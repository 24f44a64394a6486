import assert from 'node:assert/strict';
import { test } from 'node:test';
import { record } from '../../test/helpers/usage-record.js';
import { createUsageQueue } from './usage-queue.js';
import type { UsageRecord } from './usage-record.js';


/** A store that refuses every batch while `fail` is set, and keeps what it took. */
function failingStore(): { fail: boolean; written: string[]; write: (records: UsageRecord[]) => Promise<void> } {
  const store = {
    fail: true,
    written: [] as string[],
    write: async (records: UsageRecord[]): Promise<void> => {
      if (store.fail) throw new Error('disk full');
      store.written.push(...records.map((entry) => entry.requestId));
    },
  };
  return store;
}

test('records are written in one batch on flush, not one by one', async () => {
  const batches: string[][] = [];
  const queue = createUsageQueue({ write: async (records) => void batches.push(records.map((r) => r.requestId)), flushIntervalMs: 60_000 });
  queue.record(record('a'));
  queue.record(record('b'));
  assert.equal(batches.length, 0);
  await queue.close();
  assert.deepEqual(batches, [['a', 'b']]);
});

test('a failed batch is kept and written by the next flush', async () => {
  const store = failingStore();
  const queue = createUsageQueue({ write: store.write, flushIntervalMs: 60_000 });
  queue.record(record('a'));
  await assert.rejects(queue.flush(), /disk full/);
  assert.equal(queue.pending(), 1);
  queue.record(record('b'));
  store.fail = false;
  await queue.close();
  assert.deepEqual(store.written, ['a', 'b']);
});

test('a full batch flushes without waiting for the timer', async () => {
  const batches: number[] = [];
  const queue = createUsageQueue({ write: async (records) => void batches.push(records.length), flushIntervalMs: 60_000, maxBatch: 3 });
  for (const id of ['a', 'b', 'c']) queue.record(record(id));
  await queue.flush();
  assert.deepEqual(batches, [3]);
  await queue.close();
});

test('a store that stays down saturates the queue at maxPending; nothing is dropped, and it drains when the store is back', async () => {
  const store = failingStore();
  const queue = createUsageQueue({ write: store.write, flushIntervalMs: 60_000, maxBatch: 1000, maxPending: 3 });
  for (const id of ['a', 'b']) queue.record(record(id));
  assert.equal(queue.saturated(), false);
  queue.record(record('c'));
  assert.equal(queue.saturated(), true);
  await assert.rejects(queue.flush(), /disk full/);
  // A request already running still records.
  queue.record(record('d'));
  assert.equal(queue.pending(), 4);
  assert.equal(queue.saturated(), true);
  store.fail = false;
  await queue.flush();
  assert.equal(queue.saturated(), false);
  await queue.close();
  assert.deepEqual(store.written, ['a', 'b', 'c', 'd']);
});

test('flushes asked for while a write is under way are joined into the next batch', async () => {
  const batches: string[][] = [];
  let release: () => void = () => undefined;
  const queue = createUsageQueue({
    write: async (records) => {
      batches.push(records.map((r) => r.requestId));
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
    },
    flushIntervalMs: 60_000,
    maxBatch: 2,
  });
  queue.record(record('a'));
  queue.record(record('b'));
  // The first batch is being written; each record now asks for a flush.
  await new Promise((resolve) => setImmediate(resolve));
  const asked = ['c', 'd', 'e'].map((id) => {
    queue.record(record(id));
    return queue.flush();
  });
  assert.equal(new Set(asked).size, 1, 'one waiting flush, joined by every caller');
  release();
  await Promise.all(asked);
  assert.deepEqual(batches, [['a', 'b'], ['c', 'd', 'e']]);
  await queue.close();
});
