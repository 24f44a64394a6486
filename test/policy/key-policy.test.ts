import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { mockApiKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';

async function admin(context: TestGateway, method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown): Promise<Record<string, unknown>> {
  const response = await context.gateway.app.inject({ method, url, headers: { authorization: `Bearer ${context.gateway.adminToken}` }, payload: payload as Record<string, unknown> });
  assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json();
}

async function newKey(context: TestGateway, settings: Record<string, unknown>): Promise<string> {
  return (await admin(context, 'POST', '/api/keys', settings)).secret as string;
}

const chat = (context: TestGateway, key: string, model: string, extra: Record<string, unknown> = {}) =>
  context.gateway.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: { authorization: `Bearer ${key}` }, payload: { model, messages: [{ role: 'user', content: 'hi' }], ...extra } });

test('group isolation: a key reaches its own group routes and global ones, never another group', async () => {
  const context = await startTestGateway();
  try {
    for (const group of ['red', 'blue']) {
      await admin(context, 'POST', '/api/groups', { id: group });
      await admin(context, 'POST', '/api/providers', { id: `mock-${group}`, baseUrl: `${context.mock.url}/v1`, models: ['team-model'], groupId: group });
      await admin(context, 'POST', `/api/providers/mock-${group}/credentials`, { secret: mockApiKey, groupId: group });
    }
    await admin(context, 'PUT', '/api/aliases/blue-only', { target: 'mock-blue/team-model', groupId: 'blue' });
    const red = await newKey(context, { groupId: 'red' });
    const blue = await newKey(context, { groupId: 'blue' });

    const redAnswer = await chat(context, red, 'team-model');
    assert.equal(redAnswer.statusCode, 200, redAnswer.body);
    assert.equal((await chat(context, red, 'mock-blue/team-model')).statusCode, 404);
    assert.equal((await chat(context, red, 'blue-only')).statusCode, 404);
    assert.equal((await chat(context, blue, 'blue-only')).statusCode, 200);
    // Global routes (the configuration's "mock" provider and "fast" alias) serve both.
    assert.equal((await chat(context, red, 'fast')).statusCode, 200);
    assert.equal((await chat(context, blue, 'mock/mock-small')).statusCode, 200);
    // A key without a group sees only global routes.
    assert.equal((await chat(context, context.key, 'team-model')).statusCode, 404);

    // Model listings show each key only what it may reach, in every API's listing.
    const listed = async (key: string, url: string, pick: (body: Record<string, unknown>) => string[]): Promise<string[]> => {
      const response = await context.gateway.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}`, 'x-goog-api-key': key } });
      assert.equal(response.statusCode, 200, response.body);
      return pick(response.json()).sort();
    };
    const openAIIds = (body: Record<string, unknown>) => (body.data as Array<{ id: string }>).map((model) => model.id);
    const geminiIds = (body: Record<string, unknown>) => (body.models as Array<{ baseModelId: string }>).map((model) => model.baseModelId);
    assert.deepEqual(await listed(red, '/v1/models', openAIIds), ['fast', 'mock-red/team-model', 'mock/mock-small']);
    assert.deepEqual(await listed(blue, '/v1/models', openAIIds), ['blue-only', 'fast', 'mock-blue/team-model', 'mock/mock-small']);
    assert.deepEqual(await listed(red, '/v1beta/models', geminiIds), ['fast', 'mock-red/team-model', 'mock/mock-small']);
    const redGet = await context.gateway.app.inject({ method: 'GET', url: '/v1/models/mock-blue/team-model', headers: { authorization: `Bearer ${red}` } });
    assert.equal(redGet.statusCode, 404);

    await context.gateway.usage.flush();
    const rows = await context.gateway.app.inject({ method: 'GET', url: '/api/usage?groupId=red&limit=50', headers: { authorization: `Bearer ${context.gateway.adminToken}` } });
    const served = rows.json<Array<{ provider: string; status: number }>>().filter((row) => row.status === 200);
    assert.deepEqual(served.map((row) => row.provider).sort(), ['mock', 'mock-red']);
  } finally {
    await context.close();
  }
});

test('model allow-lists with wildcards, on the key and on its plan', async () => {
  const context = await startTestGateway({
    overrides: {
      providers: [
        { id: 'mock', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:1/v1', apiKey: mockApiKey, models: ['mock-small', 'claude-haiku', 'gpt-4o'], prices: {} },
      ],
    },
  });
  try {
    context.gateway.config.providers[0]!.baseUrl = `${context.mock.url}/v1`;
    await context.gateway.state.reload();
    const onlyMock = await newKey(context, { allowedModels: ['mock-*'] });
    assert.equal((await chat(context, onlyMock, 'mock-small')).statusCode, 200);
    // An alias is allowed when what it resolves to is.
    assert.equal((await chat(context, onlyMock, 'fast')).statusCode, 200);
    const refused = await chat(context, onlyMock, 'gpt-4o');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.type, 'permission_error');
    assert.match(refused.json().error.message, /not allowed/);
    const listing = await context.gateway.app.inject({ method: 'GET', url: '/v1/models', headers: { authorization: `Bearer ${onlyMock}` } });
    assert.deepEqual(listing.json<{ data: Array<{ id: string }> }>().data.map((model) => model.id).sort(), ['fast', 'mock/mock-small']);

    const plan = await admin(context, 'POST', '/api/plans', { name: 'claude only', allowedModels: ['claude-*', 'mock/claude-*'] });
    const planned = await newKey(context, { planId: plan.id });
    assert.equal((await chat(context, planned, 'claude-haiku')).statusCode, 200);
    assert.equal((await chat(context, planned, 'mock/claude-haiku')).statusCode, 200);
    assert.equal((await chat(context, planned, 'mock-small')).statusCode, 403);
    // Key and plan lists both apply: the key narrows the plan.
    const both = await newKey(context, { planId: plan.id, allowedModels: ['gpt-*'] });
    assert.equal((await chat(context, both, 'gpt-4o')).statusCode, 403);
    assert.equal((await chat(context, both, 'claude-haiku')).statusCode, 403);
  } finally {
    await context.close();
  }
});

test('system prompt, default model and per-request token caps are applied to the body', async () => {
  const context = await startTestGateway();
  try {
    const plan = await admin(context, 'POST', '/api/plans', { name: 'capped', maxOutputTokens: 50, maxInputTokens: 20 });
    const key = await newKey(context, { planId: plan.id, defaultModel: 'fast', systemPrompt: 'Answer in French.' });
    const answer = await chat(context, key, 'default');
    assert.equal(answer.statusCode, 200, answer.body);
    const sent = context.mock.requests.at(-1)?.body as { model: string; max_tokens: number; messages: Array<{ role: string; content: string }> };
    assert.equal(sent.model, 'mock-small');
    assert.equal(sent.max_tokens, 50);
    assert.deepEqual(sent.messages[0], { role: 'system', content: 'Answer in French.' });
    assert.equal(sent.messages[1]?.content, 'hi');

    const tooMuch = await chat(context, key, 'fast', { max_tokens: 500 });
    assert.equal(tooMuch.statusCode, 400);
    assert.match(tooMuch.json().error.message, /at most 50/);
    const longPrompt = await context.gateway.app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { authorization: `Bearer ${key}` },
      payload: { model: 'fast', messages: [{ role: 'user', content: 'lorem ipsum dolor sit amet '.repeat(20) }] },
    });
    assert.equal(longPrompt.statusCode, 400);
    assert.match(longPrompt.json().error.message, /20 input tokens/);
  } finally {
    await context.close();
  }
});

test('disabled and expired keys are refused (expiry on an injected clock)', async () => {
  let now = Date.parse('2026-05-01T10:00:00Z');
  const context = await startTestGateway({ now: () => now });
  try {
    const key = await newKey(context, { expiresAt: '2026-05-01T11:00:00Z' });
    assert.equal((await chat(context, key, 'fast')).statusCode, 200);
    now = Date.parse('2026-05-01T11:00:00Z');
    const expired = await chat(context, key, 'fast');
    assert.equal(expired.statusCode, 401);
    assert.match(expired.json().error.message, /expired/);
    const other = await admin(context, 'POST', '/api/keys', { name: 'to disable' });
    await admin(context, 'PATCH', `/api/keys/${(other.key as { id: string }).id}`, { enabled: false });
    assert.equal((await chat(context, other.secret as string, 'fast')).statusCode, 401);
  } finally {
    await context.close();
  }
});

test('budget alerts reach the webhook once per threshold crossing, and again in the next period', async () => {
  const received: Array<{ metric: string; thresholdPercent: number; keyId: string }> = [];
  const hook = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      received.push(JSON.parse(text));
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  let now = Date.parse('2026-05-01T10:00:00Z');
  const context = await startTestGateway({ now: () => now, overrides: { alertWebhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts` } });
  try {
    // "userhi" = 2 input tokens, "You said: hi" = 3 output tokens: 8 µ$ a request.
    const plan = await admin(context, 'POST', '/api/plans', { name: 'alerting', spendLimitMicros: 80, alertThresholdPercent: 50, hardCutoff: false, resetPeriod: 'daily' });
    const key = await newKey(context, { planId: plan.id });
    const waitFor = async (count: number) => {
      for (let tries = 0; tries < 200 && received.length < count; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    for (let index = 0; index < 4; index += 1) assert.equal((await chat(context, key, 'fast', { max_tokens: 5 })).statusCode, 200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(received.length, 0, '32 µ$ of 80 is under 50 %');
    assert.equal((await chat(context, key, 'fast', { max_tokens: 5 })).statusCode, 200);
    await waitFor(1);
    assert.deepEqual(received.map((alert) => alert.thresholdPercent), [50]);
    // Hard cutoff off: past the limit requests still pass, and 100 % fires once.
    for (let index = 0; index < 8; index += 1) assert.equal((await chat(context, key, 'fast', { max_tokens: 5 })).statusCode, 200);
    await waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(received.map((alert) => alert.thresholdPercent), [50, 100]);
    assert.equal(received[0]?.metric, 'spend');
    now = Date.parse('2026-05-02T00:30:00Z');
    for (let index = 0; index < 5; index += 1) await chat(context, key, 'fast', { max_tokens: 5 });
    await waitFor(3);
    assert.deepEqual(received.map((alert) => alert.thresholdPercent), [50, 100, 50]);
  } finally {
    await context.close();
    hook.close();
  }
});
