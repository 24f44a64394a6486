import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listUsage } from '../../src/store/repositories/usage.js';
import { mockApiKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * Gemini's REST surface through the gateway without the SDK: the forms
 * curl users and other clients send (JSON-array streaming, ?key=, encoded
 * or prefixed model names) and the errors they get.
 */
let context: TestGateway;

before(async () => {
  context = await startTestGateway({
    mock: { chunkDelayMs: 1 },
    extraProviders: (mockUrl) => [
      { id: 'gem', protocol: 'gemini', baseUrl: `${mockUrl}/v1beta`, apiKey: mockApiKey, models: ['gemini-mock-flash'] },
      // Nothing listens on port 1: a Gemini provider that is down.
      { id: 'down', protocol: 'gemini', baseUrl: 'http://127.0.0.1:1/v1beta', apiKey: 'x', models: ['gemini-down'] },
    ],
  });
});
after(() => context.close());

function post(path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': context.key }): Promise<Response> {
  return fetch(`${context.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

const hello = { contents: [{ role: 'user', parts: [{ text: 'hello rest' }] }] };

test('streamGenerateContent without alt=sse answers one JSON array of whole responses', async () => {
  const response = await post('/v1beta/models/gem/gemini-mock-flash:streamGenerateContent', { contents: [{ role: 'user', parts: [{ text: '[long]' }] }] });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  const chunks = (await response.json()) as Array<{ candidates: Array<{ content: { parts: Array<{ text: string }> }; finishReason?: string }>; usageMetadata: { candidatesTokenCount?: number } }>;
  assert.ok(Array.isArray(chunks));
  assert.equal(chunks.length, 60);
  assert.equal(chunks.map((chunk) => chunk.candidates[0]?.content.parts[0]?.text).join(''), Array.from({ length: 60 }, (_value, index) => `word${index + 1}`).join(' '));
  assert.equal(chunks.at(-1)?.candidates[0]?.finishReason, 'STOP');
  const unauthorized = await post('/v1beta/models/gem/gemini-mock-flash:streamGenerateContent', hello, { 'x-goog-api-key': 'wrong' });
  assert.equal(unauthorized.status, 401);
  assert.equal(((await unauthorized.json()) as { error: { status: string } }).error.status, 'UNAUTHENTICATED');
  // The gateway asked the upstream for SSE (and metered it) whatever framing the client wanted.
  assert.equal(context.mock.requests.at(-1)?.url, '/v1beta/models/gemini-mock-flash:streamGenerateContent?alt=sse');
  await context.gateway.usage.flush();
  const [row] = await listUsage(context.gateway.db, { limit: 1 });
  assert.equal(row?.stream, 1);
  assert.equal(row?.output_tokens, chunks.at(-1)?.usageMetadata.candidatesTokenCount);
});

test('alt=sse streams are passed through as Gemini sent them', async () => {
  const response = await post('/v1beta/models/gem/gemini-mock-flash:streamGenerateContent?alt=sse', hello);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const text = await response.text();
  const events = text.split('\r\n\r\n').filter((event) => event !== '');
  assert.ok(events.every((event) => event.startsWith('data: {')));
  assert.equal(events.map((event) => (JSON.parse(event.slice(6)) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }).candidates[0]?.content.parts[0]?.text).join(''), 'You said: hello rest');
});

test('model names: URL-encoded provider prefix, models/ repeated, ?key= auth, v1 surface', async () => {
  const encoded = await post(`/v1beta/models/${encodeURIComponent('gem/gemini-mock-flash')}:generateContent?key=${context.key}`, hello, {});
  assert.equal(encoded.status, 200);
  assert.equal(context.mock.requests.at(-1)?.url, '/v1beta/models/gemini-mock-flash:generateContent');
  const bare = await post('/v1beta/models/gemini-mock-flash:generateContent', hello);
  assert.equal(bare.status, 200);
  const v1 = await post('/v1/models/gem/gemini-mock-flash:generateContent', hello);
  assert.equal(v1.status, 200);
  const prefixed = await fetch(`${context.gateway.url}/some/base/v1beta/models/gem/gemini-mock-flash:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': context.key },
    body: JSON.stringify(hello),
  });
  assert.equal(prefixed.status, 200);
});

test('bad requests get Gemini-shaped errors', async () => {
  const missing = await post('/v1beta/models/gem/gemini-mock-flash:generateContent', { prompt: 'hi' });
  assert.equal(missing.status, 400);
  assert.deepEqual(await missing.json(), { error: { code: 400, message: '* GenerateContentRequest.contents: contents is not specified', status: 'INVALID_ARGUMENT' } });
  const unknownAction = await post('/v1beta/models/gem/gemini-mock-flash:embedContent', hello);
  assert.equal(unknownAction.status, 404);
  assert.equal(((await unknownAction.json()) as { error: { status: string } }).error.status, 'NOT_FOUND');
  const unknownRoute = await post('/v1beta/tunedModels/x:generateContent', hello);
  assert.equal(unknownRoute.status, 404);
  assert.equal(((await unknownRoute.json()) as { error: { status: string } }).error.status, 'NOT_FOUND');
  const notJson = await fetch(`${context.gateway.url}/v1beta/models/gem/gemini-mock-flash:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': context.key },
    body: '{nope',
  });
  assert.equal(notJson.status, 400);
  assert.equal(((await notJson.json()) as { error: { status: string } }).error.status, 'INVALID_ARGUMENT');
  const noKey = await post('/v1beta/models/gem/gemini-mock-flash:generateContent', hello, {});
  assert.equal(noKey.status, 401);
  assert.equal(((await noKey.json()) as { error: { status: string } }).error.status, 'UNAUTHENTICATED');
  // The upstream's own 400 comes back byte for byte on the passthrough path.
  const badSchema = await post('/v1beta/models/gem/gemini-mock-flash:generateContent', {
    ...hello,
    tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } }] }],
  });
  assert.equal(badSchema.status, 400);
  assert.match(((await badSchema.json()) as { error: { message: string } }).error.message, /Unknown name "additionalProperties"/);
});

test('countTokens for a model served by a non-Gemini provider is estimated locally', async () => {
  const before = context.mock.requests.length;
  const response = await post('/v1beta/models/mock/mock-small:countTokens', { contents: [{ role: 'user', parts: [{ text: 'one two three four five' }] }] });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { totalTokens: 5 });
  assert.equal(context.mock.requests.length, before);
  const nested = await post('/v1beta/models/gem/gemini-mock-flash:countTokens', {
    generateContentRequest: { model: 'models/gem/gemini-mock-flash', contents: [{ role: 'user', parts: [{ text: 'abcdefgh' }] }] },
  });
  assert.equal(nested.status, 200);
  const upstreamBody = context.mock.requests.at(-1)?.body as { generateContentRequest: { model: string } };
  assert.equal(upstreamBody.generateContentRequest.model, 'models/gemini-mock-flash');
  // A Gemini provider that cannot answer: the estimate, not an error.
  const down = await post('/v1beta/models/down/gemini-down:countTokens', { contents: [{ role: 'user', parts: [{ text: 'one two three four five' }] }] });
  assert.equal(down.status, 200);
  assert.deepEqual(await down.json(), { totalTokens: 5 });
});

test('GET a single model, and a 404 for one that is not routed', async () => {
  const found = await fetch(`${context.gateway.url}/v1beta/models/gem/gemini-mock-flash`, { headers: { 'x-goog-api-key': context.key } });
  assert.equal(found.status, 200);
  assert.equal(((await found.json()) as { name: string }).name, 'models/gem/gemini-mock-flash');
  const missing = await fetch(`${context.gateway.url}/v1beta/models/nobody-knows`, { headers: { 'x-goog-api-key': context.key } });
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { status: string } }).error.status, 'NOT_FOUND');
  const paged = await fetch(`${context.gateway.url}/v1beta/models?pageSize=1`, { headers: { 'x-goog-api-key': context.key } });
  const page = (await paged.json()) as { models: unknown[]; nextPageToken?: string };
  assert.equal(page.models.length, 1);
  assert.equal(page.nextPageToken, '1');
});
