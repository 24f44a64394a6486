import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let context: TestGateway;
let auth: Record<string, string>;
before(async () => {
  context = await startTestGateway();
  assert.ok(context.gateway.adminToken);
  auth = { authorization: `Bearer ${context.gateway.adminToken}` };
});
after(() => context.close());

const chat = (key: string, model = 'fast') =>
  context.gateway.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: { authorization: `Bearer ${key}` }, payload: { model, messages: [{ role: 'user', content: 'hi' }] } });

test('the admin API refuses requests without a valid admin token', async () => {
  const none = await context.gateway.app.inject({ method: 'GET', url: '/api/keys' });
  assert.equal(none.statusCode, 401);
  const wrong = await context.gateway.app.inject({ method: 'GET', url: '/api/keys', headers: { authorization: 'Bearer sy-admin-wrong' }, remoteAddress: '127.0.0.9' });
  assert.equal(wrong.statusCode, 401);
  // A gateway key is not an admin token.
  const gatewayKey = await context.gateway.app.inject({ method: 'GET', url: '/api/keys', headers: { authorization: `Bearer ${context.key}` }, remoteAddress: '127.0.0.9' });
  assert.equal(gatewayKey.statusCode, 401);
});

test('the admin API answers loopback clients only by default', async () => {
  const remote = await context.gateway.app.inject({ method: 'GET', url: '/api/keys', headers: auth, remoteAddress: '10.1.2.3' });
  assert.equal(remote.statusCode, 403);
  assert.match(remote.json().error.message, /loopback/);
});

test('keys: create (secret shown once), list, disable, enable, rotate, expire, delete', async () => {
  const created = await context.gateway.app.inject({ method: 'POST', url: '/api/keys', headers: auth, payload: { name: 'alice', tags: ['team-a'], metadata: { owner: 'alice' } } });
  assert.equal(created.statusCode, 201, created.body);
  const { key, secret } = created.json<{ key: { id: string; prefix: string }; secret: string }>();
  assert.match(secret, /^sk-sy-/);
  assert.ok(secret.startsWith(key.prefix));
  const listed = await context.gateway.app.inject({ method: 'GET', url: '/api/keys', headers: auth });
  assert.ok(!listed.body.includes(secret), 'a listing must not contain the secret');
  assert.deepEqual(listed.json().find((row: { id: string }) => row.id === key.id).tags, ['team-a']);

  assert.equal((await chat(secret)).statusCode, 200);
  const disabled = await context.gateway.app.inject({ method: 'PATCH', url: `/api/keys/${key.id}`, headers: auth, payload: { enabled: false } });
  assert.equal(disabled.json().enabled, false);
  const refused = await chat(secret);
  assert.equal(refused.statusCode, 401);
  assert.match(refused.json().error.message, /disabled/);
  await context.gateway.app.inject({ method: 'PATCH', url: `/api/keys/${key.id}`, headers: auth, payload: { enabled: true } });
  assert.equal((await chat(secret)).statusCode, 200);

  const rotated = await context.gateway.app.inject({ method: 'POST', url: `/api/keys/${key.id}/rotate`, headers: auth });
  const newSecret = rotated.json().secret as string;
  assert.notEqual(newSecret, secret);
  assert.equal((await chat(secret)).statusCode, 401);
  assert.equal((await chat(newSecret)).statusCode, 200);

  await context.gateway.app.inject({ method: 'PATCH', url: `/api/keys/${key.id}`, headers: auth, payload: { expiresAt: new Date(Date.now() - 1000).toISOString() } });
  const expired = await chat(newSecret);
  assert.equal(expired.statusCode, 401);
  assert.match(expired.json().error.message, /expired/);

  assert.equal((await context.gateway.app.inject({ method: 'DELETE', url: `/api/keys/${key.id}`, headers: auth })).statusCode, 204);
  assert.equal((await chat(newSecret)).statusCode, 401);
  assert.equal((await context.gateway.app.inject({ method: 'GET', url: `/api/keys/${key.id}`, headers: auth })).statusCode, 404);
});

test('bad input gets 400 with the field named; unknown references are refused', async () => {
  const badPlan = await context.gateway.app.inject({ method: 'POST', url: '/api/plans', headers: auth, payload: { name: 'x', rpm: -1 } });
  assert.equal(badPlan.statusCode, 400);
  assert.match(badPlan.json().error.message, /rpm/);
  const badKey = await context.gateway.app.inject({ method: 'POST', url: '/api/keys', headers: auth, payload: { planId: 'plan_missing' } });
  assert.equal(badKey.statusCode, 400);
  assert.match(badKey.json().error.message, /No plan/);
  const extra = await context.gateway.app.inject({ method: 'POST', url: '/api/keys', headers: auth, payload: { nmae: 'typo' } });
  assert.equal(extra.statusCode, 400);
});

test('plans: USD limits are stored as micro-dollars; a plan in use cannot be deleted', async () => {
  const plan = await context.gateway.app.inject({ method: 'POST', url: '/api/plans', headers: auth, payload: { name: 'team', spendLimitUsd: 12.5, rpm: 60, resetPeriod: 'weekly', allowedModels: ['mock-*'], alertThresholdPercent: 80 } });
  assert.equal(plan.statusCode, 201, plan.body);
  const body = plan.json();
  assert.equal(body.spendLimitMicros, 12_500_000);
  assert.equal(body.resetPeriod, 'weekly');
  const key = await context.gateway.app.inject({ method: 'POST', url: '/api/keys', headers: auth, payload: { planId: body.id } });
  assert.equal(key.statusCode, 201);
  assert.equal((await context.gateway.app.inject({ method: 'DELETE', url: `/api/plans/${body.id}`, headers: auth })).statusCode, 400);
  const replaced = await context.gateway.app.inject({ method: 'PUT', url: `/api/plans/${body.id}`, headers: auth, payload: { name: 'team', rpm: 10 } });
  assert.equal(replaced.json().rpm, 10);
  assert.equal(replaced.json().spendLimitMicros, null);
});

test('credentials are write-only: reads show a masked hint', async () => {
  const provider = await context.gateway.app.inject({ method: 'POST', url: '/api/providers', headers: auth, payload: { id: 'stored', baseUrl: `${context.mock.url}/v1`, models: ['mock-small'] } });
  assert.equal(provider.statusCode, 201, provider.body);
  const secret = 'sk-very-secret-upstream-key-1234';
  const credential = await context.gateway.app.inject({ method: 'POST', url: '/api/providers/stored/credentials', headers: auth, payload: { secret, label: 'main' } });
  assert.equal(credential.statusCode, 201);
  assert.equal(credential.json().hint, '…1234');
  for (const url of ['/api/providers', '/api/providers/stored', '/api/credentials']) {
    const read = await context.gateway.app.inject({ method: 'GET', url, headers: auth });
    assert.ok(!read.body.includes(secret), `${url} leaks the secret`);
    assert.ok(read.body.includes('…1234'));
  }
});

test('usage: request log with filters and aggregates per key, model, provider and day', async () => {
  for (let index = 0; index < 3; index += 1) assert.equal((await chat(context.key)).statusCode, 200);
  assert.equal((await chat(context.key, 'no-such-model')).statusCode, 404);
  await context.gateway.usage.flush();
  const log = await context.gateway.app.inject({ method: 'GET', url: `/api/usage?keyId=${context.keyId}&limit=2`, headers: auth });
  assert.equal(log.json().length, 2);
  const errors = await context.gateway.app.inject({ method: 'GET', url: `/api/usage?keyId=${context.keyId}&errors=true`, headers: auth });
  assert.deepEqual(errors.json().map((row: { error_code: string }) => row.error_code), ['SY_MODEL_NOT_FOUND']);
  const byModel = await context.gateway.app.inject({ method: 'GET', url: `/api/usage/aggregate?by=model&keyId=${context.keyId}`, headers: auth });
  const small = byModel.json().find((row: { bucket: string }) => row.bucket === 'mock-small');
  assert.equal(small.requests, 3);
  assert.equal(small.costMicros, 3 * (2 * 1 + 3 * 2)); // "userhi" = 2 tokens in, "You said: hi" = 3 out
  const byDay = await context.gateway.app.inject({ method: 'GET', url: `/api/usage/aggregate?by=day&keyId=${context.keyId}`, headers: auth });
  assert.deepEqual(byDay.json().map((row: { bucket: string }) => row.bucket), [new Date().toISOString().slice(0, 10)]);
  assert.equal(byDay.json()[0].errors, 1);
  const byKey = await context.gateway.app.inject({ method: 'GET', url: '/api/usage/aggregate?by=key', headers: auth });
  assert.ok(byKey.json().some((row: { bucket: string }) => row.bucket === context.keyId));
  const bad = await context.gateway.app.inject({ method: 'GET', url: '/api/usage/aggregate?by=color', headers: auth });
  assert.equal(bad.statusCode, 400);
});

test('the OpenAPI document lists every admin route and needs no token', async () => {
  const response = await context.gateway.app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(response.statusCode, 200);
  const document = response.json();
  assert.equal(document.openapi, '3.1.0');
  for (const path of ['/api/keys', '/api/keys/{id}/rotate', '/api/plans', '/api/groups', '/api/providers/{id}/credentials', '/api/aliases/{name}', '/api/chains/{name}', '/api/usage/aggregate', '/api/session']) {
    assert.ok(document.paths[path], `missing ${path}`);
  }
  assert.equal(document.paths['/api/plans'].post.requestBody.content['application/json'].schema.properties.resetPeriod.enum.length, 4);
});

test('dashboard session: scrypt password, HttpOnly cookie, CSRF on writes, lockout after failed sign-ins', async () => {
  const set = await context.gateway.app.inject({ method: 'PUT', url: '/api/admin/password', headers: auth, payload: { password: 'correct horse battery staple' } });
  assert.equal(set.statusCode, 204);
  const wrong = await context.gateway.app.inject({ method: 'POST', url: '/api/session', payload: { password: 'nope' }, remoteAddress: '127.0.0.2' });
  assert.equal(wrong.statusCode, 401);
  const login = await context.gateway.app.inject({ method: 'POST', url: '/api/session', payload: { password: 'correct horse battery staple' }, remoteAddress: '127.0.0.3' });
  assert.equal(login.statusCode, 200, login.body);
  const setCookie = String(login.headers['set-cookie']);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const cookie = setCookie.split(';')[0] ?? '';
  const { csrfToken } = login.json<{ csrfToken: string }>();

  assert.equal((await context.gateway.app.inject({ method: 'GET', url: '/api/keys', headers: { cookie } })).statusCode, 200);
  const noCsrf = await context.gateway.app.inject({ method: 'POST', url: '/api/groups', headers: { cookie }, payload: { id: 'session-made' } });
  assert.equal(noCsrf.statusCode, 403);
  const badCsrf = await context.gateway.app.inject({ method: 'POST', url: '/api/groups', headers: { cookie, 'x-csrf-token': 'x'.repeat(csrfToken.length) }, payload: { id: 'session-made' } });
  assert.equal(badCsrf.statusCode, 403);
  const withCsrf = await context.gateway.app.inject({ method: 'POST', url: '/api/groups', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { id: 'session-made' } });
  assert.equal(withCsrf.statusCode, 201);
  // A tampered cookie is not a session.
  const tampered = cookie.replace(/\.(\d+)\./, (_match, expiry: string) => `.${Number(expiry) + 1000}.`);
  assert.equal((await context.gateway.app.inject({ method: 'GET', url: '/api/keys', headers: { cookie: tampered } })).statusCode, 401);

  for (let attempt = 0; attempt < 5; attempt += 1) {
    await context.gateway.app.inject({ method: 'POST', url: '/api/session', payload: { password: `guess-${attempt}` }, remoteAddress: '127.0.0.4' });
  }
  const locked = await context.gateway.app.inject({ method: 'POST', url: '/api/session', payload: { password: 'correct horse battery staple' }, remoteAddress: '127.0.0.4' });
  assert.equal(locked.statusCode, 429);
  assert.ok(Number(locked.headers['retry-after']) > 0);
  // Another address is not affected.
  const other = await context.gateway.app.inject({ method: 'POST', url: '/api/session', payload: { password: 'correct horse battery staple' }, remoteAddress: '127.0.0.5' });
  assert.equal(other.statusCode, 200);
});
