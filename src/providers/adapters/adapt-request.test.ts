import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret } from '../../core/secret.js';
import { authHeaders } from '../auth.js';
import type { Provider } from '../provider.js';
import { adaptUpstreamRequest } from './adapt-request.js';
import type { OutgoingRequest } from './outgoing-request.js';

function provider(fields: Partial<Provider>): Provider {
  return { id: 'p', name: 'p', protocol: 'openai-chat', baseUrl: 'https://example.test/v1', headers: {}, models: [], enabled: true, credentials: [], prices: {}, groupId: null, ...fields };
}

const credential = { id: 'c1', secret: new Secret('key-123') };

function outgoing(url: string): OutgoingRequest {
  return { url, headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o"}' };
}

test('a plain provider passes through untouched and synchronously', () => {
  const request = outgoing('https://example.test/v1/chat/completions');
  const adapted = adaptUpstreamRequest(request, { provider: provider({ auth: 'bearer' }), credential, model: 'gpt-4o', stream: false });
  assert.equal(adapted, request);
});

test('Azure with a dated api-version: deployment URL, api-version query, api-key header', async () => {
  const azure = provider({ baseUrl: 'https://my-res.openai.azure.com', auth: 'api-key', adapter: { kind: 'azure', apiVersion: '2024-10-21', deployment: 'prod-4o' } });
  const adapted = await adaptUpstreamRequest(outgoing('https://my-res.openai.azure.com/chat/completions'), { provider: azure, credential, model: 'gpt-4o', stream: true });
  assert.equal(adapted.url, 'https://my-res.openai.azure.com/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21');
  assert.deepEqual(authHeaders('api-key', credential), { 'api-key': 'key-123' });
  // Without a deployment the model name is the deployment; Responses is not deployment-scoped.
  const byModel = provider({ ...azure, adapter: { kind: 'azure', apiVersion: '2025-04-01-preview' } });
  const chat = await adaptUpstreamRequest(outgoing('https://my-res.openai.azure.com/chat/completions'), { provider: byModel, credential, model: 'gpt-4.1', stream: false });
  assert.equal(chat.url, 'https://my-res.openai.azure.com/openai/deployments/gpt-4.1/chat/completions?api-version=2025-04-01-preview');
  const responses = await adaptUpstreamRequest(outgoing('https://my-res.openai.azure.com/responses'), { provider: byModel, credential, model: 'gpt-4.1', stream: false });
  assert.equal(responses.url, 'https://my-res.openai.azure.com/openai/responses?api-version=2025-04-01-preview');
});

test('Azure v1 API: /openai/v1 and no api-version', async () => {
  const azure = provider({ baseUrl: 'https://my-res.openai.azure.com', auth: 'api-key', adapter: { kind: 'azure', apiVersion: 'v1' } });
  const adapted = await adaptUpstreamRequest(outgoing('https://my-res.openai.azure.com/chat/completions'), { provider: azure, credential, model: 'gpt-4o', stream: false });
  assert.equal(adapted.url, 'https://my-res.openai.azure.com/openai/v1/chat/completions');
});

test('Vertex: Gemini paths move under the project and location, the query is kept, global has no host prefix', async () => {
  const tokens = { token: () => Promise.resolve('ya29.token') };
  const vertex = provider({ protocol: 'gemini', baseUrl: 'https://us-central1-aiplatform.googleapis.com/v1', auth: 'google-service-account', adapter: { kind: 'vertex', project: 'proj-1', location: 'us-central1' } });
  const serviceAccount = { id: 'sa', secret: new Secret(JSON.stringify({ client_email: 'sa@x', private_key: 'unused', token_uri: 'http://127.0.0.1:1/token' })) };
  const adapted = await adaptUpstreamRequest(
    outgoing('https://us-central1-aiplatform.googleapis.com/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse'),
    { provider: vertex, credential: serviceAccount, model: 'gemini-2.5-flash', stream: true },
    { tokens },
  );
  assert.equal(adapted.url, 'https://us-central1-aiplatform.googleapis.com/v1/projects/proj-1/locations/us-central1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  assert.equal(adapted.headers.authorization, 'Bearer ya29.token');
  const global = provider({ ...vertex, baseUrl: 'https://global-aiplatform.googleapis.com/v1', adapter: { kind: 'vertex', project: 'proj-1', location: 'global' } });
  const globalAdapted = await adaptUpstreamRequest(outgoing('https://global-aiplatform.googleapis.com/v1/models/gemini-2.5-pro:generateContent'), { provider: global, credential: serviceAccount, model: 'm', stream: false }, { tokens });
  assert.equal(globalAdapted.url, 'https://aiplatform.googleapis.com/v1/projects/proj-1/locations/global/publishers/google/models/gemini-2.5-pro:generateContent');
});

test('a query-key provider gets ?key= and no auth header', async () => {
  const gemini = provider({ protocol: 'gemini', auth: 'query-key' });
  const adapted = await adaptUpstreamRequest(outgoing('https://example.test/v1/models/g:generateContent?alt=sse'), { provider: gemini, credential, model: 'g', stream: true });
  assert.equal(adapted.url, 'https://example.test/v1/models/g:generateContent?alt=sse&key=key-123');
  assert.deepEqual(authHeaders('query-key', credential), {});
});

test('Bedrock: SigV4 headers over the final URL and body, with the configured region', async () => {
  const aws = provider({
    protocol: 'bedrock-converse',
    baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
    auth: 'sigv4',
    adapter: { kind: 'bedrock', region: 'eu-west-1' },
  });
  const keys = { id: 'aws', secret: new Secret(JSON.stringify({ accessKeyId: 'AKID', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' })) };
  const adapted = await adaptUpstreamRequest(
    outgoing('https://bedrock-runtime.eu-west-1.amazonaws.com/model/amazon.nova-lite-v1%3A0/converse'),
    { provider: aws, credential: keys, model: 'amazon.nova-lite-v1:0', stream: false },
    { now: () => new Date('2025-07-15T10:00:00Z') },
  );
  assert.equal(adapted.headers['x-amz-date'], '20250715T100000Z');
  assert.equal(adapted.headers['x-amz-security-token'], 'TOKEN');
  assert.match(adapted.headers.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKID\/20250715\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
  const broken = { id: 'aws', secret: new Secret('not json') };
  assert.throws(() => adaptUpstreamRequest(outgoing('https://bedrock-runtime.eu-west-1.amazonaws.com/model/m/converse'), { provider: aws, credential: broken, model: 'm', stream: false }), /is not AWS keys/);
});
