import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startMockUpstream } from '../../test/mock-upstream/server.js';
import { Cancellation } from '../core/cancellation.js';
import { createUpstreamClient } from './upstream-client.js';

const body = JSON.stringify({ model: 'mock-small', messages: [{ role: 'user', content: 'hi' }] });
const timeouts = { connectMs: 1000, headersMs: 5000, bodyMs: 5000 };

test('a request abort cancels the upstream call waiting for headers, and marks the signal aborted', async () => {
  const mock = await startMockUpstream({ delayMs: 2000, record: false });
  const client = createUpstreamClient(timeouts);
  try {
    const abort = new Cancellation();
    const pending = client.request({ url: `${mock.url}/v1/chat/completions`, headers: { 'content-type': 'application/json' }, body, signal: abort });
    setTimeout(() => abort.abort(), 50);
    const startedAt = performance.now();
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError' || /abort/i.test(error.message));
    assert.ok(performance.now() - startedAt < 1500, 'the call ended when aborted, not when the upstream answered');
    assert.equal(abort.aborted, true);
  } finally {
    await client.close();
    await mock.close();
  }
});

test('an aborted request abort cancels a call before it starts; plain AbortSignals still work', async () => {
  const mock = await startMockUpstream({ delayMs: 2000, record: false });
  const client = createUpstreamClient(timeouts);
  try {
    const abort = new Cancellation();
    abort.abort();
    await assert.rejects(client.request({ url: `${mock.url}/v1/chat/completions`, headers: { 'content-type': 'application/json' }, body, signal: abort }));
    const controller = new AbortController();
    const pending = client.request({ url: `${mock.url}/v1/chat/completions`, headers: { 'content-type': 'application/json' }, body, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending);
  } finally {
    await client.close();
    await mock.close();
  }
});

test('requests to the same and to different base URLs reach the right path', async () => {
  const mock = await startMockUpstream({});
  const client = createUpstreamClient(timeouts);
  try {
    for (const url of [`${mock.url}/v1/chat/completions`, `${mock.url}/chat/completions`, `${mock.url}/v1/chat/completions`]) {
      const response = await client.request({ url, headers: { 'content-type': 'application/json' }, body });
      assert.equal(response.statusCode, 200);
      await response.body.text();
    }
    assert.deepEqual(mock.requests.map((request) => request.url), ['/v1/chat/completions', '/chat/completions', '/v1/chat/completions']);
  } finally {
    await client.close();
    await mock.close();
  }
});
