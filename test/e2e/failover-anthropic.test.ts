import assert from 'node:assert/strict';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startRoutingGateway, type RoutingGateway } from '../helpers/routing-gateway.js';

/**
 * Faults and failover seen by an Anthropic client: the same mock faults on
 * an Anthropic upstream, failover across protocols (Anthropic → Chat
 * upstream through the codecs), the all-failed error and the mid-stream
 * error event in Anthropic's own shapes.
 */
function anthropicProvider(id: string, mock: { url: string }, fault?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, protocol: 'anthropic-messages', baseUrl: `${mock.url}${fault === undefined ? '' : `/fault/${fault}`}/v1`, apiKey: `sk-${id}`, models: ['claude-x'], ...extra };
}

function client(context: RoutingGateway): Anthropic {
  return new Anthropic({ apiKey: context.key, baseURL: context.gateway.url, maxRetries: 0 });
}

const message = { model: 'c', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };

test('an overloaded Anthropic upstream (503) falls over to the next Anthropic upstream', async () => {
  const context = await startRoutingGateway({
    mocks: { a: {}, b: {} },
    configure: (mocks) => ({
      providers: [anthropicProvider('a', mocks.a!, '503'), anthropicProvider('b', mocks.b!)],
      chains: { c: { steps: ['a/claude-x', 'b/claude-x'] } },
      routing: { retries: 0 },
    }),
  });
  try {
    const answer = await client(context).messages.create(message);
    assert.equal(answer.content[0]?.type === 'text' ? answer.content[0].text : '', 'You said: hello');
    assert.deepEqual([context.mocks.a!.requests.length, context.mocks.b!.requests.length], [1, 1]);
  } finally {
    await context.close();
  }
});

test('an Anthropic client fails over from a reset Anthropic upstream to a Chat Completions upstream, streamed', async () => {
  const context = await startRoutingGateway({
    mocks: { a: {}, b: {} },
    configure: (mocks) => ({
      providers: [anthropicProvider('a', mocks.a!, 'reset'), { id: 'chat', protocol: 'openai-chat', baseUrl: `${mocks.b!.url}/v1`, apiKey: 'sk-chat', models: ['gpt-x'] }],
      chains: { c: { steps: ['a/claude-x', 'chat/gpt-x'] } },
      routing: { retries: 0 },
    }),
  });
  try {
    const stream = client(context).messages.stream(message);
    const final = await stream.finalMessage();
    assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : '', 'You said: hello');
    assert.equal(context.mocks.b!.requests[0]?.url, '/v1/chat/completions', 'the fallback was asked in its own protocol');
  } finally {
    await context.close();
  }
});

test('every candidate failing gives an Anthropic client one Anthropic-shaped error listing the attempts', async () => {
  const context = await startRoutingGateway({
    mocks: { a: {}, b: {} },
    configure: (mocks) => ({
      providers: [anthropicProvider('a', mocks.a!, '500'), anthropicProvider('b', mocks.b!, '429=9')],
      chains: { c: { steps: ['a/claude-x', 'b/claude-x'] } },
      routing: { retries: 0, maxRetryAfterMs: 1000 },
    }),
  });
  try {
    const response = await fetch(`${context.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': context.key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '9');
    const body = (await response.json()) as { type: string; error: { type: string; message: string; attempts?: Array<{ provider: string }> } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'rate_limit_error');
    assert.deepEqual(body.error.attempts?.map((attempt) => attempt.provider), ['a', 'b']);
  } finally {
    await context.close();
  }
});

test('an Anthropic stream that stalls after its first events ends with an Anthropic error event', async () => {
  const context = await startRoutingGateway({
    mocks: { a: { chunkDelayMs: 1 }, b: {} },
    configure: (mocks) => ({
      providers: [anthropicProvider('a', mocks.a!, 'hang-stream=3', { timeouts: { bodyMs: 300 } }), anthropicProvider('b', mocks.b!)],
      chains: { c: { steps: ['a/claude-x', 'b/claude-x'] } },
      routing: { retries: 0 },
    }),
  });
  try {
    const response = await fetch(`${context.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': context.key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ ...message, stream: true }),
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /^event: message_start/);
    assert.match(text, /event: error\ndata: \{"type":"error","error":\{"type":"[a-z_]+","message":"upstream timed out/);
    assert.equal(context.mocks.b!.requests.length, 0, 'no failover after the first byte');
    await assert.rejects(client(context).messages.create({ ...message, stream: true }).then(async (stream) => {
      for await (const event of stream) void event;
    }));
  } finally {
    await context.close();
  }
});
