import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { request } from 'undici';
import { anthropicMessagesProtocol } from '../protocols/anthropic-messages/definition.js';
import { createSseDecoder } from '../protocols/sse/decode.js';
import { pipeTranslatedStream } from './pipe-stream.js';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('an upstream cut mid-stream ends a translated stream with exactly one error event', async () => {
  // An upstream that sends the start of an Anthropic stream, then drops the connection.
  const upstream = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write('event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","model":"c","usage":{"input_tokens":3}}}\n\n');
    response.write('event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n');
    response.write('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"par"}}\n\n', () => {
      setTimeout(() => response.socket?.destroy(), 20);
    });
  });
  const upstreamUrl = await listen(upstream);
  const gateway = createServer((_request, response) => {
    void (async () => {
      const upstreamResponse = await request(`${upstreamUrl}/v1/messages`, { method: 'POST', body: '{}' });
      const controller = new AbortController();
      const outcome = await pipeTranslatedStream({
        upstream: upstreamResponse,
        upstreamDefinition: anthropicMessagesProtocol,
        client: anthropicMessagesProtocol,
        input: { requestId: 'r', response, signal: controller.signal, startedAt: performance.now() },
        provider: 'claude',
        context: { model: 'client-model' },
      });
      assert.ok(outcome.error !== undefined, 'the outcome records the failure');
      assert.equal(outcome.usage?.inputTokens, 3);
    })();
  });
  const gatewayUrl = await listen(gateway);
  try {
    const text = await (await fetch(gatewayUrl)).text();
    const events = createSseDecoder().push(text);
    const names = events.map((event) => event.event);
    assert.deepEqual(names.slice(0, 4), ['message_start', 'ping', 'content_block_start', 'content_block_delta']);
    assert.equal(names.filter((name) => name === 'error').length, 1, names.join(','));
    assert.equal(names.at(-1), 'error');
    assert.equal(names.includes('message_stop'), false, 'a cut stream is never reported as complete');
  } finally {
    gateway.close();
    upstream.close();
  }
});
