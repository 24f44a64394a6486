import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { test } from 'node:test';
import OpenAI from 'openai';
import { listUsage } from '../../src/store/repositories/usage.js';
import { mockApiKey, startTestGateway } from '../helpers/gateway.js';

test('graceful shutdown lets an in-flight stream finish and flushes its usage', async () => {
  const context = await startTestGateway({ mock: { chunkDelayMs: 40 }, overrides: { usageFlushMs: 60_000 } });
  try {
    const client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'fast',
      stream: true,
      messages: [{ role: 'user', content: 'one two three four five six' }],
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    // Shut down while the stream is still going (the whole reply takes ~350 ms).
    const closing = context.gateway.close();
    let text = '';
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      text += next.value.choices[0]?.delta.content ?? '';
    }
    await closing;
    assert.equal(text, 'You said: one two three four five six');
    // The flush interval is a minute: only the shutdown flush can have written it.
    const { openDatabase } = await import('../../src/store/database.js');
    const db = await openDatabase({ dataDir: context.dataDir });
    const rows = await listUsage(db);
    await db.destroy();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, 200);
    assert.ok((rows[0]?.output_tokens ?? 0) > 0);
  } finally {
    await context.mock.close();
  }
});

test('a client that disconnects mid-stream cancels the upstream call', async () => {
  const context = await startTestGateway({ mock: { chunkDelayMs: 100 } });
  try {
    const url = new URL(`${context.gateway.url}/v1/chat/completions`);
    const body = JSON.stringify({ model: 'fast', stream: true, messages: [{ role: 'user', content: 'a b c d e f g h i j k l' }] });
    const request = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json' } });
    request.end(body);
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    await once(response, 'data');
    request.destroy();
    // Give the gateway a moment to see the close and abort upstream.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await context.gateway.usage.flush();
    const rows = await listUsage(context.gateway.db);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, 499);
  } finally {
    await context.close();
  }
});

test('an unreachable provider falls over to the next candidate', async () => {
  const context = await startTestGateway({
    overrides: {
      providers: [
        { id: 'down', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'x', models: ['shared-model'] },
        { id: 'mock', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:0/v1', apiKey: mockApiKey, models: [] },
      ],
    },
  });
  try {
    // Re-point "mock" at the real mock port, which is only known now.
    const providers = context.gateway.config.providers;
    providers[1]!.baseUrl = `${context.mock.url}/v1`;
    providers[1]!.models = ['shared-model'];
    await context.gateway.state.reload();
    const client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'shared-model', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(completion.choices[0]?.message.content, 'You said: x');
  } finally {
    await context.close();
  }
});

test('an upstream error is passed through in its own shape and status', async () => {
  const context = await startTestGateway();
  try {
    context.gateway.config.providers[0]!.apiKey = 'sk-wrong';
    await context.gateway.state.reload();
    const client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
    await assert.rejects(client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.AuthenticationError);
      assert.equal(error.code, 'invalid_api_key');
      return true;
    });
  } finally {
    await context.close();
  }
});

test('every candidate failing gives one error listing each attempt', async () => {
  const context = await startTestGateway({
    overrides: {
      providers: [
        { id: 'down1', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'x', models: ['m'] },
        { id: 'down2', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:9/v2', apiKey: 'x', models: ['m'] },
      ],
    },
  });
  try {
    const response = await fetch(`${context.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(response.status, 502);
    const body = (await response.json()) as { error: { code: string; attempts: Array<{ provider: string }> } };
    assert.equal(body.error.code, 'SY_ALL_CANDIDATES_FAILED');
    assert.deepEqual(body.error.attempts.map((attempt) => attempt.provider), ['down1', 'down2']);
  } finally {
    await context.close();
  }
});

test('a key made with the CLI works against a running gateway without a restart', async () => {
  const context = await startTestGateway();
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'keys', 'create', '--name', 'cli-made', '--data-dir', context.dataDir], {
      encoding: 'utf8',
      env: { ...process.env, SWITCHYARD_CONFIG: '' },
    });
    assert.equal(result.status, 0, result.stderr);
    const key = /^(sk-sy-\S+)$/m.exec(result.stdout)?.[1];
    assert.ok(key, result.stdout);
    // The running gateway polls the store's state version once a second.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const client = new OpenAI({ apiKey: key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'cli' }] });
    assert.equal(completion.choices[0]?.message.content, 'You said: cli');
  } finally {
    await context.close();
  }
});
