import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * A same-protocol request reaches the upstream as the client's own bytes
 * with only the members the gateway changes re-encoded: number formatting,
 * unicode escapes, key order and unknown fields arrive exactly as sent.
 */
let context: TestGateway;
before(async () => {
  context = await startTestGateway({ extraProviders: (url) => [{ id: 'claude', protocol: 'anthropic-messages', baseUrl: `${url}/v1`, apiKey: 'sk-mock-upstream-key', models: ['claude-small'] }] });
});
after(() => context.close());

async function send(path: string, text: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const response = await request(`${context.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${context.key}`, ...headers },
    body: text,
  });
  return { status: response.statusCode, body: await response.body.text() };
}

const messages = '[ {"role": "user", "content": "caf\\u00e9 \\"quoted\\" } ]"} ]';

test('a Chat request is forwarded byte for byte except its model', async () => {
  const text = `{"vendor_first": {"nested": [1.0, 2e3]}, "model": "fast", "messages": ${messages}, "temperature": 1.0}`;
  const answer = await send('/v1/chat/completions', text);
  assert.equal(answer.status, 200, answer.body);
  assert.equal(context.mock.requests.at(-1)?.raw, `{"vendor_first": {"nested": [1.0, 2e3]},"model":"mock-small","messages": ${messages},"temperature": 1.0}`);
});

test('a streamed Chat request gains only stream_options, so the gateway can meter it', async () => {
  const text = `{"model":"mock/mock-small","stream":true,"messages":${messages}}`;
  const answer = await send('/v1/chat/completions', text);
  assert.equal(answer.status, 200, answer.body);
  assert.match(answer.body, /data: \[DONE\]/);
  assert.equal(context.mock.requests.at(-1)?.raw, `{"model":"mock-small","stream":true,"messages":${messages},"stream_options":{"include_usage":true}}`);
});

test('an Anthropic request is forwarded byte for byte except its model', async () => {
  const text = `{ "model" : "claude/claude-small", "max_tokens": 64, "messages": ${messages}, "metadata": {"user_id": "u-1"} }`;
  const answer = await send('/v1/messages', text, { 'anthropic-version': '2023-06-01' });
  assert.equal(answer.status, 200, answer.body);
  assert.equal(context.mock.requests.at(-1)?.raw, `{"model":"claude-small","max_tokens": 64,"messages": ${messages},"metadata": {"user_id": "u-1"}}`);
});

test('a body the gateway rewrites (a key with a system prompt) is re-encoded whole and still correct', async () => {
  const created = await context.gateway.app.inject({
    method: 'POST',
    url: '/api/keys',
    headers: { authorization: `Bearer ${context.gateway.adminToken ?? ''}` },
    payload: { name: 'prompted', systemPrompt: 'Answer briefly.' },
  });
  assert.equal(created.statusCode, 201, created.body);
  const key = created.json<{ secret: string }>().secret;
  const text = `{"model":"fast","messages":${messages},"temperature":1.0}`;
  const answer = await send('/v1/chat/completions', text, { authorization: `Bearer ${key}` });
  assert.equal(answer.status, 200, answer.body);
  const sent = context.mock.requests.at(-1);
  assert.deepEqual(sent?.body, { model: 'mock-small', messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: 'café "quoted" } ]' }], temperature: 1 });
});

const longFile = 'export const line = "value";\n'.repeat(4000);
const largeMessages = JSON.stringify([
  { role: 'user', content: 'read it' },
  { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }] },
  { role: 'tool', tool_call_id: 'call_1', content: longFile },
]);

test('a large coding-agent request is forwarded as the client sent it, model aside', async () => {
  const text = `{"model": "fast", "messages": ${largeMessages}, "max_tokens": 100}`;
  assert.ok(text.length > 100_000);
  const answer = await send('/v1/chat/completions', text);
  assert.equal(answer.status, 200, answer.body);
  assert.equal(context.mock.requests.at(-1)?.raw, `{"model":"mock-small","messages": ${largeMessages},"max_tokens": 100}`);
});

test('a large body malformed inside its messages: refused by the gateway when it must read them, by the same-protocol upstream otherwise', async () => {
  const broken = `${largeMessages.slice(0, -1)},,]`;
  // Translated (Anthropic client, Chat upstream): the gateway reads the messages and answers 400 in Anthropic's shape.
  const translated = await send('/v1/messages', `{"model":"fast","max_tokens":10,"messages":${broken}}`, { 'anthropic-version': '2023-06-01' });
  assert.equal(translated.status, 400, translated.body);
  const error = JSON.parse(translated.body) as { type: string; error: { type: string; message: string } };
  assert.equal(error.type, 'error');
  assert.equal(error.error.type, 'invalid_request_error');
  assert.match(error.error.message, /not valid JSON \(in "messages"\)/);
  // Same protocol: forwarded; the upstream refuses it in the client's own shape.
  const requestsBefore = context.mock.requests.length;
  const passthrough = await send('/v1/chat/completions', `{"model":"fast","messages":${broken}}`);
  assert.equal(passthrough.status, 400, passthrough.body);
  assert.match((JSON.parse(passthrough.body) as { error: { message: string } }).error.message, /could not parse the JSON body/);
  assert.equal(context.mock.requests.length, requestsBefore, 'the mock refused it before recording');
});
