import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * A same-protocol request reaches the upstream as the client's own bytes
 * with only the members the gateway changes re-encoded: number formatting,
 * unicode escapes, whitespace, key order and unknown fields arrive exactly
 * as sent.
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
  assert.equal(context.mock.requests.at(-1)?.raw, text.replace('"fast"', '"mock-small"'));
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
  assert.equal(context.mock.requests.at(-1)?.raw, text.replace('"claude/claude-small"', '"claude-small"'));
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
  assert.equal(context.mock.requests.at(-1)?.raw, text.replace('"fast"', '"mock-small"'));
});

test('a model named after the messages, or named twice, is still the one rewritten', async () => {
  const late = `{"messages": ${messages}, "model": "fast"}`;
  assert.equal((await send('/v1/chat/completions', late)).status, 200);
  assert.equal(context.mock.requests.at(-1)?.raw, late.replace('"fast"', '"mock-small"'));
  // JSON.parse keeps the last of a repeated key, so that is the one routed and rewritten.
  const twice = `{"model": "ignored", "messages": ${messages}, "metadata": {"model": "nested"}, "model": "fast"}`;
  assert.equal((await send('/v1/chat/completions', twice)).status, 200);
  assert.equal(context.mock.requests.at(-1)?.raw, twice.replace('"fast"', '"mock-small"'));
});
