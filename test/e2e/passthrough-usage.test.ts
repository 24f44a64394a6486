import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { listUsage } from '../../src/store/repositories/usage.js';
import { mockProvider, startRoutingGateway } from '../helpers/routing-gateway.js';

/**
 * A same-protocol (passthrough) answer is sent on as text and only its
 * usage member is parsed (core/json-member.ts). These bodies check that the
 * shortcut neither misreads usage nor lets a broken body through: a 200
 * whose body is not JSON is still a failed attempt that falls over.
 */
const tricky = JSON.stringify({
  id: 'chatcmpl-tricky',
  object: 'chat.completion',
  created: 1,
  model: 'raw',
  choices: [{ index: 0, message: { role: 'assistant', content: 'not this: "usage": {"prompt_tokens": 999, "completion_tokens": 999}' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 21, completion_tokens: 4, total_tokens: 25, prompt_tokens_details: { cached_tokens: 5 } },
  system_fingerprint: 'fp_{"usage":{}}',
});
const bodies: Record<string, string> = {
  tricky,
  truncated: tricky.slice(0, tricky.length - 30),
  html: '<html><body>upstream proxy error</body></html>',
};

async function rawUpstream(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const model = (JSON.parse(text) as { model: string }).model;
      const body = bodies[model] ?? '{}';
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('passthrough usage is read from the top-level member only; a 200 that is not JSON fails over', async () => {
  const raw = await rawUpstream();
  const context = await startRoutingGateway({
    mocks: { b: {} },
    configure: (mocks) => ({
      providers: [{ id: 'raw', protocol: 'openai-chat', baseUrl: `${raw.url}/v1`, apiKey: 'sk-raw', models: ['tricky', 'truncated', 'html'] }, mockProvider('b', mocks.b!)],
      chains: {
        truncated: { strategy: 'priority', steps: ['raw/truncated', 'b/m'] },
        html: { strategy: 'priority', steps: ['raw/html', 'b/m'] },
      },
      routing: { retries: 0 },
    }),
  });
  try {
    const answer = await context.chat({ model: 'raw/tricky', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), tricky, 'the body reaches the client byte for byte');

    for (const model of ['truncated', 'html']) {
      const failedOver = await context.chat({ model, messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(failedOver.status, 200, model);
      const body = (await failedOver.json()) as { model: string };
      assert.ok(typeof body.model === 'string');
    }
    assert.equal(context.mocks.b!.requests.length, 2, 'both broken answers fell over to b');

    await context.gateway.usage.flush();
    const rows = await listUsage(context.gateway.db);
    const trickyRow = rows.find((row) => row.requested_model === 'raw/tricky');
    assert.equal(trickyRow?.input_tokens, 21);
    assert.equal(trickyRow?.output_tokens, 4);
    assert.equal(trickyRow?.cache_read_tokens, 5);
    for (const model of ['truncated', 'html']) {
      const row = rows.find((entry) => entry.requested_model === model);
      assert.equal(row?.provider, 'b', `${model} was served by b`);
      assert.equal(row?.status, 200);
    }
  } finally {
    await context.close();
    await new Promise((resolve) => raw.server.close(resolve));
  }
});
