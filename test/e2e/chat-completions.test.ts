import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import type { UsageRow } from '../../src/store/repositories/usage.js';
import { startTestGateway, waitForUsageRow, type TestGateway } from '../helpers/gateway.js';

let context: TestGateway;
let client: OpenAI;
before(async () => {
  context = await startTestGateway({ mock: { chunkDelayMs: 1 } });
  client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
});
after(() => context.close());

async function usageRowFor(requestId: string): Promise<UsageRow> {
  const row = await waitForUsageRow(context.gateway, requestId);
  assert.ok(row, `usage row for ${requestId}`);
  return row;
}

test('the OpenAI SDK gets a completion through the gateway, metered', async () => {
  const { data: completion, response } = await client.chat.completions
    .create({ model: 'mock/mock-small', messages: [{ role: 'user', content: 'ping the gateway' }] })
    .withResponse();
  assert.equal(completion.choices[0]?.message.content, 'You said: ping the gateway');
  assert.equal(completion.object, 'chat.completion');
  // The mock counts one token per four characters of all message text ("user" + prompt).
  assert.deepEqual([completion.usage?.prompt_tokens, completion.usage?.completion_tokens], [5, 7]);
  const requestId = response.headers.get('x-request-id');
  assert.ok(requestId);
  const row = await usageRowFor(requestId);
  assert.equal(row.key_id, context.keyId);
  assert.equal(row.provider, 'mock');
  assert.equal(row.model, 'mock-small');
  assert.equal(row.input_tokens, 5);
  assert.equal(row.output_tokens, 7);
  assert.equal(row.status, 200);
  assert.equal(row.stream, 0);
  // Priced in the test configuration at $1 / $2 per million tokens: 5×1 + 7×2 micro-dollars.
  assert.equal(Number(row.cost_micros), 19);
  // The upstream got its own key, not the gateway key, and the upstream model id.
  const upstreamCall = context.mock.requests.at(-1);
  assert.equal(upstreamCall?.headers.authorization, 'Bearer sk-mock-upstream-key');
  assert.equal((upstreamCall?.body as { model: string }).model, 'mock-small');
});

test('a streamed completion arrives piece by piece and its usage is recorded', async () => {
  const { data: stream, response } = await client.chat.completions
    .create({ model: 'fast', stream: true, messages: [{ role: 'user', content: 'stream three words' }] })
    .withResponse();
  let text = '';
  let chunks = 0;
  let sawUsageChunk = false;
  for await (const chunk of stream) {
    chunks += 1;
    if (chunk.usage) sawUsageChunk = true;
    text += chunk.choices[0]?.delta.content ?? '';
  }
  assert.equal(text, 'You said: stream three words');
  assert.ok(chunks >= 6, `expected one chunk per word, got ${chunks}`);
  // The client did not ask for usage, so the chunk the gateway asked for is not forwarded…
  assert.equal(sawUsageChunk, false);
  // …but the gateway asked the upstream for it, and metered it.
  const upstreamBody = context.mock.requests.at(-1)?.body as { stream_options?: { include_usage?: boolean } };
  assert.equal(upstreamBody.stream_options?.include_usage, true);
  const row = await usageRowFor(response.headers.get('x-request-id') ?? '');
  assert.equal(row.stream, 1);
  // "user" + "stream three words": 22 characters, 6 mock tokens; the reply is 28, 7.
  assert.equal(row.input_tokens, 6);
  assert.equal(row.output_tokens, 7);
  assert.equal(row.requested_model, 'fast');
  assert.ok(row.ttft_ms !== null && row.ttft_ms >= 0);
});

test('a client that asks for stream usage gets the usage chunk', async () => {
  const stream = await client.chat.completions.create({
    model: 'mock/mock-small',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'count me' }],
  });
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
  assert.equal(usage?.prompt_tokens, 3);
  assert.equal(usage?.completion_tokens, 5);
});

test('unknown request fields survive the passthrough', async () => {
  await client.chat.completions.create({
    model: 'mock/mock-small',
    messages: [{ role: 'user', content: 'hi' }],
    // @ts-expect-error a field the SDK does not know
    vendor_extension: { keep: ['me', 1] },
  });
  const body = context.mock.requests.at(-1)?.body as Record<string, unknown>;
  assert.deepEqual(body.vendor_extension, { keep: ['me', 1] });
});

test('an upstream error reaches an OpenAI client in OpenAI shape with its status', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'mock/mock-small', messages: 'not an array' as never }),
    (error: unknown) => {
      // Caught by the gateway's own validation before any upstream call.
      assert.ok(error instanceof OpenAI.BadRequestError);
      return true;
    },
  );
});

test('raw curl-style request without the SDK', async () => {
  const response = await fetch(`${context.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'raw' }] }),
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json');
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  assert.equal(body.choices[0]?.message.content, 'You said: raw');
});
