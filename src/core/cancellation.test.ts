import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cancellation, follow } from './cancellation.js';

test('abort calls each listener once, in order, with the reason set; later listeners and removed ones are not called', () => {
  const cancellation = new Cancellation();
  const calls: string[] = [];
  const first = (): void => void calls.push(`first:${String(cancellation.reason)}`);
  const removed = (): void => void calls.push('removed');
  cancellation.addEventListener('abort', first);
  cancellation.addEventListener('abort', removed);
  cancellation.addEventListener('abort', () => calls.push('third'));
  cancellation.removeEventListener('abort', removed);
  cancellation.abort('why');
  cancellation.abort('again');
  cancellation.addEventListener('abort', () => calls.push('late'));
  assert.deepEqual(calls, ['first:why', 'third']);
  assert.equal(cancellation.aborted, true);
  assert.equal(cancellation.reason, 'why');
});

test('without a reason it aborts with the same AbortError an AbortController gives', () => {
  const cancellation = new Cancellation();
  cancellation.abort();
  assert.ok(cancellation.reason instanceof DOMException);
  assert.equal(cancellation.reason.name, 'AbortError');
});

test('a child aborts with its parent, on its own without the parent, and not at all once detached', () => {
  const parent = new Cancellation();
  const followed = follow(parent);
  const own = follow(parent);
  const detached = follow(parent);
  own.cancellation.abort('deadline');
  assert.equal(parent.aborted, false, 'a child never aborts its parent');
  detached.detach();
  parent.abort('client gone');
  assert.equal(followed.cancellation.aborted, true);
  assert.equal(followed.cancellation.reason, 'client gone');
  assert.equal(own.cancellation.reason, 'deadline');
  assert.equal(detached.cancellation.aborted, false);
});

test('a child of an already aborted signal, or of a real AbortSignal, follows it', () => {
  const aborted = new Cancellation();
  aborted.abort('gone');
  assert.equal(follow(aborted).cancellation.reason, 'gone');
  const controller = new AbortController();
  const child = follow(controller.signal);
  controller.abort('bye');
  assert.equal(child.cancellation.reason, 'bye');
});
