import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyUsage } from '../core/usage.js';
import { createUsageQueue } from './usage-queue.js';
import type { UsageRecord } from './usage-record.js';

function record(requestId: string): UsageRecord {
  return {
    requestId,
    at: 0,
    keyId: null,
    provider: 'p',
    model: 'm',
    requestedModel: 'm',
    credentialId: null,
    clientProtocol: 'openai-chat',
    upstreamProtocol: 'openai-chat',
    stream: false,
    usage: emptyUsage(),
    costMicros: 0,
    latencyMs: 1,
    ttftMs: null,
    status: 200,
    errorCode: null,
  };
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
  let fail = true;
  const written: string[] = [];
  const queue = createUsageQueue({
    write: async (records) => {
      if (fail) throw new Error('disk full');
      written.push(...records.map((r) => r.requestId));
    },
    flushIntervalMs: 60_000,
  });
  queue.record(record('a'));
  await assert.rejects(queue.flush(), /disk full/);
  assert.equal(queue.pending(), 1);
  queue.record(record('b'));
  fail = false;
  await queue.close();
  assert.deepEqual(written, ['a', 'b']);
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
  let fail = true;
  const written: string[] = [];
  const queue = createUsageQueue({
    write: async (records) => {
      if (fail) throw new Error('disk full');
      written.push(...records.map((r) => r.requestId));
    },
    flushIntervalMs: 60_000,
    maxBatch: 1000,
    maxPending: 3,
  });
  for (const id of ['a', 'b']) queue.record(record(id));
  assert.equal(queue.saturated(), false);
  queue.record(record('c'));
  assert.equal(queue.saturated(), true);
  await assert.rejects(queue.flush(), /disk full/);
  // A request already running still records.
  queue.record(record('d'));
  assert.equal(queue.pending(), 4);
  assert.equal(queue.saturated(), true);
  fail = false;
  await queue.flush();
  assert.equal(queue.saturated(), false);
  await queue.close();
  assert.deepEqual(written, ['a', 'b', 'c', 'd']);
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
