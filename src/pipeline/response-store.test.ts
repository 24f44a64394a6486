import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createResponseStore, type StoredResponse } from './response-store.js';

const stored = (tag: string, bytes = 10): StoredResponse => ({ input: [tag], response: { id: `resp_${tag}`, output: [`${tag}-out`] }, bytes });

test('entries are scoped: another scope does not see them', () => {
  const store = createResponseStore({ maxEntries: 10, maxBytes: 1000, ttlMs: 1000 });
  store.put('key-a', 'resp_1', stored('a'));
  assert.deepEqual(store.get('key-a', 'resp_1'), stored('a'));
  assert.equal(store.get('key-b', 'resp_1'), undefined);
  assert.equal(store.delete('key-b', 'resp_1'), false);
  assert.equal(store.delete('key-a', 'resp_1'), true);
  assert.equal(store.get('key-a', 'resp_1'), undefined);
  assert.equal(store.bytes, 0);
});

test('bounded: the least recently used entry goes first', () => {
  const store = createResponseStore({ maxEntries: 2, maxBytes: 1000, ttlMs: 1000 });
  store.put('k', 'resp_1', stored('1'));
  store.put('k', 'resp_2', stored('2'));
  assert.ok(store.get('k', 'resp_1'));
  store.put('k', 'resp_3', stored('3'));
  assert.equal(store.size, 2);
  assert.equal(store.get('k', 'resp_2'), undefined);
  assert.ok(store.get('k', 'resp_1'));
  assert.ok(store.get('k', 'resp_3'));
});

test('entries expire after the time to live', () => {
  let now = 0;
  const store = createResponseStore({ maxEntries: 10, maxBytes: 1000, ttlMs: 100, now: () => now });
  store.put('k', 'resp_1', stored('1'));
  now = 99;
  assert.ok(store.get('k', 'resp_1'));
  now = 100;
  assert.equal(store.get('k', 'resp_1'), undefined);
  assert.equal(store.size, 0);
});

test('bounded by bytes: big entries push old ones out, and one over the budget is not kept', () => {
  const store = createResponseStore({ maxEntries: 100, maxBytes: 100, ttlMs: 1000 });
  store.put('k', 'resp_1', stored('1', 40));
  store.put('k', 'resp_2', stored('2', 40));
  store.put('k', 'resp_3', stored('3', 40));
  assert.equal(store.get('k', 'resp_1'), undefined);
  assert.equal(store.bytes, 80);
  store.put('k', 'resp_4', stored('4', 101));
  assert.equal(store.get('k', 'resp_4'), undefined);
  assert.equal(store.bytes, 80);
});

test('expired entries are released by the next put, not kept until pushed out by size', () => {
  let clock = 0;
  const store = createResponseStore({ maxEntries: 100, maxBytes: 1000, ttlMs: 1000, now: () => clock });
  store.put('k', 'resp_1', stored('1', 100));
  store.put('k', 'resp_2', stored('2', 100));
  clock = 500;
  store.put('k', 'resp_3', stored('3', 100));
  clock = 1200;
  store.put('k', 'resp_4', stored('4', 100));
  assert.equal(store.size, 2);
  assert.equal(store.bytes, 200);
  assert.ok(store.get('k', 'resp_3'));
  assert.ok(store.get('k', 'resp_4'));
});
