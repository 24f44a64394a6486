import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { protocols } from '../protocols/registry.js';
import type { UpstreamClient } from '../providers/upstream-client.js';
import { createApp } from './app.js';
import type { StateHolder } from './state.js';

test('the per-request logger is only built when a request logs, and keeps the request id binding', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  let children = 0;
  const child = logger.child.bind(logger);
  logger.child = ((...args: Parameters<typeof logger.child>) => {
    children += 1;
    return child(...args);
  }) as typeof logger.child;
  const state: StateHolder = {
    current: () => ({ providers: new Map(), aliases: new Map(), chains: new Map(), keysByHash: new Map() }),
    reload: () => Promise.resolve(),
    close: () => undefined,
  };
  const upstream: UpstreamClient = { request: () => Promise.reject(new Error('no upstream in this test')), close: () => Promise.resolve() };
  const app = createApp({ state, protocols, upstream, usage: { record: () => undefined }, logger, bodyLimit: 1024, isDraining: () => false });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  try {
    await app.ready();
    children = 0;
    const quiet = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(quiet.statusCode, 200);
    assert.equal(children, 0, 'no child logger for a request that logs nothing');

    const failing = await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'req-logged-1' } });
    assert.equal(failing.statusCode, 500);
    assert.equal(children, 1);
    await new Promise((resolve) => setImmediate(resolve));
    const logged = lines.find((line) => line.msg === 'request failed');
    assert.ok(logged, 'the failure is logged');
    assert.equal(logged.reqId, 'req-logged-1');
    assert.equal(logged.requestId, 'req-logged-1');
  } finally {
    await app.close();
  }
});
