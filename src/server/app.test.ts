import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../../test/helpers/gateway.js';

let context: TestGateway;
before(async () => {
  context = await startTestGateway({ overrides: { bodyLimit: 4096 } });
});
after(() => context.close());

const chatBody = { model: 'mock/mock-small', messages: [{ role: 'user', content: 'hi' }] };

test('GET /healthz and /readyz answer', async () => {
  const health = await context.gateway.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(health.statusCode, 200);
  assert.deepEqual(health.json(), { status: 'ok' });
  const ready = await context.gateway.app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(ready.statusCode, 200);
  assert.equal(ready.json().status, 'ready');
});

test('HEAD / answers 200 (Claude Code preconnect)', async () => {
  const response = await context.gateway.app.inject({ method: 'HEAD', url: '/' });
  assert.equal(response.statusCode, 200);
});

test('a request without a key gets 401 in OpenAI error shape', async () => {
  const response = await context.gateway.app.inject({ method: 'POST', url: '/v1/chat/completions', payload: chatBody });
  assert.equal(response.statusCode, 401);
  const body = response.json();
  assert.equal(body.error.code, 'invalid_api_key');
  assert.equal(body.error.type, 'invalid_request_error');
  assert.equal(typeof body.error.message, 'string');
  assert.equal(body.error.param, null);
});

test('a wrong key gets 401', async () => {
  const response = await context.gateway.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: { authorization: 'Bearer sk-sy-not-a-real-key' },
    payload: chatBody,
  });
  assert.equal(response.statusCode, 401);
  assert.match(response.json().error.message, /Incorrect API key/);
});

test('invalid JSON gets 400 in OpenAI shape, never 500', async () => {
  const response = await context.gateway.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json' },
    payload: '{"model": ',
  });
  assert.equal(response.statusCode, 400);
  assert.equal(response.json().error.code, 'SY_INVALID_JSON');
});

test('a body over the limit gets 413 in OpenAI shape', async () => {
  const response = await context.gateway.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ ...chatBody, messages: [{ role: 'user', content: 'x'.repeat(10_000) }] }),
  });
  assert.equal(response.statusCode, 413);
  assert.equal(response.json().error.type, 'invalid_request_error');
});

test('missing model or messages gets 400 naming the parameter', async () => {
  const noModel = await context.gateway.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: { authorization: `Bearer ${context.key}` },
    payload: { messages: [] },
  });
  assert.equal(noModel.statusCode, 400);
  assert.equal(noModel.json().error.param, 'model');
  const noMessages = await context.gateway.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: { authorization: `Bearer ${context.key}` },
    payload: { model: 'fast' },
  });
  assert.equal(noMessages.statusCode, 400);
  assert.equal(noMessages.json().error.param, 'messages');
});

test('an unknown model gets 404 model_not_found', async () => {
  const response = await context.gateway.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: { authorization: `Bearer ${context.key}` },
    payload: { ...chatBody, model: 'nobody/nothing' },
  });
  assert.equal(response.statusCode, 404);
  assert.equal(response.json().error.code, 'model_not_found');
});

test('GET /v1/models lists aliases and provider models, with a key', async () => {
  const denied = await context.gateway.app.inject({ method: 'GET', url: '/v1/models' });
  assert.equal(denied.statusCode, 401);
  const response = await context.gateway.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: `Bearer ${context.key}` } });
  assert.equal(response.statusCode, 200);
  const ids = response.json().data.map((model: { id: string }) => model.id);
  assert.deepEqual(ids.sort(), ['fast', 'mock/mock-small']);
  assert.equal(response.json().object, 'list');
});

test('an unknown route gets 404 in OpenAI shape', async () => {
  const response = await context.gateway.app.inject({ method: 'GET', url: '/v1/nothing' });
  assert.equal(response.statusCode, 404);
  assert.equal(typeof response.json().error.message, 'string');
});

test('a base-path prefix before /v1/ is accepted', async () => {
  const response = await context.gateway.app.inject({
    method: 'GET',
    url: '/some/prefix/v1/models',
    headers: { authorization: `Bearer ${context.key}` },
  });
  assert.equal(response.statusCode, 200);
  assert.equal(response.json().object, 'list');
});
