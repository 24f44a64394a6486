import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import pino from 'pino';
import { startGateway, type RunningGateway } from '../../src/server/start.js';
import { listUsage } from '../../src/store/repositories/usage.js';
import { mockAwsCredentials } from '../mock-upstream/bedrock-converse.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';
import { createLiveKey } from '../helpers/gateway.js';

/**
 * The official OpenAI and Anthropic SDKs talk to the gateway; the provider
 * is the 'bedrock' preset pointed at the mock Bedrock, which verifies each
 * SigV4 signature and answers ConverseStream in binary event-stream frames.
 * The gateway translates Chat / Messages → Converse and the event stream
 * back into each client's SSE.
 */
let mock: MockUpstream;
let gateway: RunningGateway;
let openai: OpenAI;
let anthropic: Anthropic;
let dataDir: string;
const model = 'aws/anthropic.claude-3-5-haiku-20241022-v1:0';
const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

before(async () => {
  mock = await startMockUpstream({ chunkDelayMs: 1 });
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bedrock-'));
  gateway = await startGateway({
    env: {},
    logger: pino({ level: 'silent' }),
    overrides: {
      dataDir,
      port: 0,
      usageFlushMs: 50,
      modelDiscoveryIntervalMs: 0,
      providers: [{ id: 'aws', preset: 'bedrock', baseUrl: mock.url, region: 'us-west-2', ...mockAwsCredentials }],
    },
  });
  const created = await createLiveKey(gateway, 'bedrock');
  openai = new OpenAI({ apiKey: created.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: created.key, baseURL: gateway.url, maxRetries: 0 });
});

after(async () => {
  await gateway.close();
  await mock.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('OpenAI SDK, streaming with a tool call, through Bedrock ConverseStream', async () => {
  const stream = await openai.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'weather please [tool:get_weather]' }],
    tools: [weatherTool],
    stream: true,
    stream_options: { include_usage: true },
  });
  let name = '';
  let argumentsText = '';
  let finish: string | null = null;
  let promptTokens = 0;
  for await (const chunk of stream) {
    const call = chunk.choices[0]?.delta.tool_calls?.[0];
    name += call?.function?.name ?? '';
    argumentsText += call?.function?.arguments ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
    promptTokens = chunk.usage?.prompt_tokens ?? promptTokens;
  }
  assert.equal(name, 'get_weather');
  assert.deepEqual(JSON.parse(argumentsText), { city: 'Paris' });
  assert.equal(finish, 'tool_calls');
  assert.ok(promptTokens > 0);
  const seen = mock.requests.at(-1);
  assert.equal(seen?.url, '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream');
  assert.match(String(seen?.headers.authorization), /\/us-west-2\/bedrock\/aws4_request/);

  await gateway.usage.flush();
  const row = (await listUsage(gateway.db, { limit: 10 })).find((candidate) => candidate.stream === 1);
  assert.equal(row?.upstream_protocol, 'bedrock-converse');
  assert.equal(row?.cost_micros, Math.round((row?.input_tokens ?? 0) * 0.8 + (row?.output_tokens ?? 0) * 4));
});

test('OpenAI SDK, non-streaming text through Converse', async () => {
  const completion = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello bedrock' }] });
  assert.equal(completion.choices[0]?.message.content, 'You said: hello bedrock');
  assert.equal(completion.choices[0]?.finish_reason, 'stop');
});

test('Anthropic SDK, streaming text through Bedrock', async () => {
  const stream = anthropic.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'stream from bedrock' }] });
  const message = await stream.finalMessage();
  const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  assert.equal(text, 'You said: stream from bedrock');
  assert.equal(message.stop_reason, 'end_turn');
  assert.ok(message.usage.output_tokens > 0);
});

test('a Bedrock throttle reaches the OpenAI client as a 429 with the upstream message', async () => {
  await assert.rejects(openai.chat.completions.create({ model, messages: [{ role: 'user', content: '[error:429]' }] }), (error: unknown) => {
    assert.equal((error as { status?: number }).status, 429);
    assert.match(String((error as Error).message), /mock error 429/);
    return true;
  });
});
