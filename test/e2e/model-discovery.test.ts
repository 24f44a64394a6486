import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { request } from 'undici';
import type { Provider } from '../../src/providers/provider.js';
import { listProviderModels } from '../../src/providers/discovery/list-models.js';
import { Secret } from '../../src/core/secret.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const adminToken = 'admin-token-for-discovery-tests';
let context: TestGateway;

before(async () => {
  context = await startTestGateway({ overrides: { adminToken, modelDiscoveryIntervalMs: 0 } });
});
after(() => context.close());

test('a model the provider lists becomes routable without a restart (on-demand refresh)', async () => {
  const client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
  // The configured provider knows only mock-small: a bare "mock-large" is not routed.
  await assert.rejects(client.chat.completions.create({ model: 'mock-large', messages: [{ role: 'user', content: 'hi' }] }), /does not exist or is not routed/);

  const results = await context.gateway.discovery.refresh();
  assert.deepEqual(results, [{ provider: 'mock', models: ['mock-small', 'mock-large'] }]);
  const listing = context.mock.requests.at(-1);
  assert.equal(listing?.method, 'GET');
  assert.equal(listing?.url, '/v1/models');
  assert.equal(listing?.headers.authorization, 'Bearer sk-mock-upstream-key');

  const completion = await client.chat.completions.create({ model: 'mock-large', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(completion.choices[0]?.message.content, 'You said: hi');
  // A reload from the store keeps what discovery found.
  await context.gateway.state.reload();
  assert.deepEqual(context.gateway.state.current().providers.get('mock')?.models, ['mock-small', 'mock-large']);
});

test('the admin API refreshes one provider and shows its models; it wants the admin token', async () => {
  const refused = await request(`${context.gateway.url}/api/providers/mock/models/refresh`, { method: 'POST' });
  assert.equal(refused.statusCode, 401);
  await refused.body.dump();
  const refreshed = await request(`${context.gateway.url}/api/providers/mock/models/refresh`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
  assert.equal(refreshed.statusCode, 200);
  assert.deepEqual(await refreshed.body.json(), { provider: 'mock', discovered: ['mock-small', 'mock-large'], models: ['mock-small', 'mock-large'] });
  const missing = await request(`${context.gateway.url}/api/providers/nope/models`, { headers: { authorization: `Bearer ${adminToken}` } });
  assert.equal(missing.statusCode, 404);
  await missing.body.dump();
});

/**
 * The other listing shapes, served on loopback as each API reference shows
 * them: Anthropic GET /v1/models (paged by after_id), Gemini GET
 * /v1beta/models (paged by pageToken, only generateContent models count),
 * Ollama GET /api/tags.
 */
let listings: Server;
let listingsUrl = '';
const seen: Array<{ url: string; headers: Record<string, unknown> }> = [];

before(async () => {
  listings = createServer((incoming, response) => {
    seen.push({ url: incoming.url ?? '', headers: incoming.headers });
    const url = new URL(incoming.url ?? '/', 'http://local');
    let body: unknown = null;
    if (url.pathname === '/anthropic/v1/models') {
      body =
        url.searchParams.get('after_id') === null
          ? { data: [{ type: 'model', id: 'claude-sonnet-4-20250514', display_name: 'Claude Sonnet 4' }], has_more: true, first_id: 'claude-sonnet-4-20250514', last_id: 'claude-sonnet-4-20250514' }
          : { data: [{ type: 'model', id: 'claude-3-5-haiku-20241022', display_name: 'Claude Haiku 3.5' }], has_more: false, first_id: 'claude-3-5-haiku-20241022', last_id: 'claude-3-5-haiku-20241022' };
    } else if (url.pathname === '/gemini/v1beta/models') {
      body =
        url.searchParams.get('pageToken') === null
          ? { models: [{ name: 'models/gemini-2.5-flash', supportedGenerationMethods: ['generateContent', 'countTokens'] }, { name: 'models/text-embedding-004', supportedGenerationMethods: ['embedContent'] }], nextPageToken: 'page-2' }
          : { models: [{ name: 'models/gemini-2.5-pro', supportedGenerationMethods: ['generateContent'] }] };
    } else if (url.pathname === '/api/tags') {
      body = { models: [{ name: 'llama3.2:latest', model: 'llama3.2:latest', size: 2019393189 }, { name: 'qwen2.5-coder:7b', model: 'qwen2.5-coder:7b' }] };
    }
    response.writeHead(body === null ? 404 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { error: { message: 'not found' } }));
  });
  await new Promise<void>((resolve) => listings.listen(0, '127.0.0.1', resolve));
  listingsUrl = `http://127.0.0.1:${(listings.address() as AddressInfo).port}`;
});
after(() => listings.close());

function provider(fields: Partial<Provider>): Provider {
  return { id: 'p', name: 'p', protocol: 'openai-chat', baseUrl: '', headers: {}, models: [], enabled: true, credentials: [{ id: 'c', secret: new Secret('k-1') }], prices: {}, groupId: null, ...fields };
}

test('Anthropic, Gemini and Ollama listings are read in their own shapes, across pages', async () => {
  const anthropic = await listProviderModels(
    provider({ protocol: 'anthropic-messages', auth: 'x-api-key', discovery: 'anthropic', baseUrl: `${listingsUrl}/anthropic/v1` }),
  );
  assert.deepEqual(anthropic, ['claude-sonnet-4-20250514', 'claude-3-5-haiku-20241022']);
  const anthropicCall = seen.find((call) => call.url.startsWith('/anthropic/v1/models?') && call.url.includes('after_id='));
  assert.equal(anthropicCall?.headers['x-api-key'], 'k-1');
  assert.equal(anthropicCall?.headers['anthropic-version'], '2023-06-01');

  const gemini = await listProviderModels(provider({ protocol: 'gemini', auth: 'x-goog-api-key', discovery: 'gemini', baseUrl: `${listingsUrl}/gemini/v1beta` }));
  assert.deepEqual(gemini, ['gemini-2.5-flash', 'gemini-2.5-pro']);
  assert.equal(seen.find((call) => call.url.startsWith('/gemini/'))?.headers['x-goog-api-key'], 'k-1');

  const ollama = await listProviderModels(provider({ auth: 'none', discovery: 'ollama', baseUrl: `${listingsUrl}/v1`, credentials: [] }));
  assert.deepEqual(ollama, ['llama3.2:latest', 'qwen2.5-coder:7b']);
});

test('a listing that fails, or answers without its list, is an error, never an empty list', async () => {
  await assert.rejects(listProviderModels(provider({ discovery: 'gemini', baseUrl: `${listingsUrl}/anthropic/v1` })), /no models array/);
  await assert.rejects(listProviderModels(provider({ discovery: 'openai', baseUrl: `${listingsUrl}/missing` })), /listing models at http:\/\/127\.0\.0\.1:\d+\/missing\/models answered 404/);
});
