import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { listUsage } from '../../src/store/repositories/usage.js';
import { startRoutingGateway } from '../helpers/routing-gateway.js';

/**
 * The request's Cancellation (core/cancellation.ts) reaches undici through
 * the attempt's child deadline: a client that goes away while the gateway
 * still waits for the upstream's headers closes the upstream connection.
 * Without that the upstream below never answers and the test times out.
 */
test('a client that disconnects before the upstream answered (non-streaming) cancels the upstream call', async () => {
  let received: () => void = () => undefined;
  const upstreamReceived = new Promise<void>((resolve) => (received = resolve));
  let closed: () => void = () => undefined;
  const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
  const held: ServerResponse[] = [];
  const upstream = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    held.push(response);
    response.on('close', () => closed());
    received();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const context = await startRoutingGateway({
    mocks: {},
    configure: () => ({
      providers: [{ id: 'slow', protocol: 'openai-chat', baseUrl: `${upstreamUrl}/v1`, apiKey: 'sk-slow', models: ['m'], timeouts: { headersMs: 60_000, bodyMs: 60_000 } }],
      routing: { retries: 0 },
    }),
  });
  try {
    const client = httpRequest(new URL(`${context.gateway.url}/v1/chat/completions`), {
      method: 'POST',
      headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json' },
    });
    client.on('error', () => undefined);
    client.end(JSON.stringify({ model: 'slow/m', messages: [{ role: 'user', content: 'hi' }] }));
    await upstreamReceived;
    client.destroy();
    await upstreamClosed;
    // The gateway recorded the request as closed by the client.
    for (;;) {
      await context.gateway.usage.flush();
      const [row] = await listUsage(context.gateway.db);
      if (row !== undefined) {
        assert.equal(row.status, 499);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    for (const response of held) response.destroy();
    await context.close();
    await new Promise((resolve) => upstream.close(resolve));
  }
});
