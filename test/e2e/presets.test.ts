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
import { createLiveKey, mockApiKey } from '../helpers/gateway.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';

/**
 * Presets through the real gateway, driven by the OpenAI SDK: Azure OpenAI
 * in both URL schemes against the mock's Azure routes (which insist on
 * api-version and take the key in `api-key`), and a custom
 * OpenAI-compatible endpoint; costs come from the price catalog unless the
 * configuration says otherwise.
 */
let mock: MockUpstream;
let gateway: RunningGateway;
let client: OpenAI;
let anthropic: Anthropic;
let dataDir: string;

before(async () => {
  mock = await startMockUpstream({ apiKey: mockApiKey, chunkDelayMs: 1 });
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-presets-'));
  gateway = await startGateway({
    env: {},
    logger: pino({ level: 'silent' }),
    overrides: {
      dataDir,
      port: 0,
      usageFlushMs: 50,
      modelDiscoveryIntervalMs: 0,
      providers: [
        // The preset's https://{resource}.openai.azure.com, pointed at the mock instead.
        { id: 'azure', preset: 'azure-openai', baseUrl: mock.url, deployment: 'prod-4o', apiVersion: '2024-10-21', apiKey: mockApiKey },
        { id: 'azure-v1', preset: 'azure-openai', baseUrl: mock.url, apiVersion: 'v1', apiKey: mockApiKey },
        { id: 'claude', preset: 'anthropic-compatible', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['claude-sonnet-4-20250514'] },
        { id: 'custom', preset: 'openai-compatible', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['mock-small'], prices: { 'mock-small': { input: 1000, output: 2000 } } },
      ],
    },
  });
  const created = await createLiveKey(gateway, 'presets');
  client = new OpenAI({ apiKey: created.key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  anthropic = new Anthropic({ apiKey: created.key, baseURL: gateway.url, maxRetries: 0 });
});

after(async () => {
  await gateway.close();
  await mock.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function costOf(requestId: string | null): Promise<{ cost: number; input: number; output: number }> {
  await gateway.usage.flush();
  const row = (await listUsage(gateway.db, { limit: 100 })).find((candidate) => candidate.id === requestId);
  assert.ok(row, `usage row ${requestId}`);
  return { cost: row.cost_micros, input: row.input_tokens, output: row.output_tokens };
}

test('Azure OpenAI (dated api-version): deployment URL, api-version, api-key header; priced from the catalog', async () => {
  const { data, response } = await client.chat.completions.create({ model: 'azure/gpt-4o', messages: [{ role: 'user', content: 'hello azure' }] }).withResponse();
  assert.equal(data.choices[0]?.message.content, 'You said: hello azure');
  const seen = mock.requests.at(-1);
  assert.equal(seen?.url, '/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21');
  assert.equal(seen?.headers['api-key'], mockApiKey);
  assert.equal(seen?.headers.authorization, undefined);
  // gpt-4o in the price catalog: $2.50 in, $10 out per million tokens.
  const { cost, input, output } = await costOf(response.headers.get('x-request-id'));
  assert.equal(cost, Math.round(input * 2.5 + output * 10));
  assert.ok(cost > 0);
});

test('Azure OpenAI v1 API, streaming: /openai/v1 and no api-version', async () => {
  const stream = await client.chat.completions.create({ model: 'azure-v1/gpt-4.1-mini', messages: [{ role: 'user', content: 'stream azure' }], stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  assert.equal(text, 'You said: stream azure');
  assert.equal(mock.requests.at(-1)?.url, '/openai/v1/chat/completions');
});

test('a custom OpenAI-compatible endpoint is one entry; its configured price wins', async () => {
  const { response } = await client.chat.completions.create({ model: 'mock-small', messages: [{ role: 'user', content: 'custom' }] }).withResponse();
  assert.equal(mock.requests.at(-1)?.url, '/v1/chat/completions');
  assert.equal(mock.requests.at(-1)?.headers.authorization, `Bearer ${mockApiKey}`);
  const { cost, input, output } = await costOf(response.headers.get('x-request-id'));
  assert.equal(cost, input * 1000 + output * 2000);
});

test('an Anthropic-compatible preset: x-api-key, the client\'s anthropic-version kept, Messages passed through', async () => {
  const message = await anthropic.messages.create({ model: 'claude/claude-sonnet-4-20250514', max_tokens: 64, messages: [{ role: 'user', content: 'hello claude' }] });
  assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'You said: hello claude');
  const seen = mock.requests.at(-1);
  assert.equal(seen?.url, '/v1/messages');
  assert.equal(seen?.headers['x-api-key'], mockApiKey);
  assert.equal(seen?.headers.authorization, undefined);
  assert.ok(typeof seen?.headers['anthropic-version'] === 'string' && seen.headers['anthropic-version'] !== '');
});
