import assert from 'node:assert/strict';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { mockApiKey, startTestGateway } from '../helpers/gateway.js';
import { keyOnPlan } from './limits-helpers.js';

test('Anthropic clients get the key\'s system prompt injected and limit errors in Anthropic shape', async () => {
  const context = await startTestGateway({
    overrides: {
      providers: [{ id: 'claude', protocol: 'anthropic-messages', baseUrl: 'http://127.0.0.1:1/v1', apiKey: mockApiKey, models: ['claude-sonnet-4-6'] }],
      aliases: {},
    },
  });
  try {
    context.gateway.config.providers[0]!.baseUrl = `${context.mock.url}/v1`;
    const { key } = await keyOnPlan(context.gateway.db, { name: 'one a day', requestsPerDay: 1, allowedModels: ['claude-*'] }, { systemPrompt: 'Be terse.' });
    await context.gateway.state.reload();
    const client = new Anthropic({ apiKey: key, baseURL: context.gateway.url, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, system: 'Use French.', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(message.type, 'message');
    const sent = context.mock.requests.at(-1)?.body as { system: string };
    assert.equal(sent.system, 'Be terse.\n\nUse French.');
    await assert.rejects(client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'again' }] }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.RateLimitError, String(error));
      assert.equal((error.error as { error: { type: string } }).error.type, 'rate_limit_error');
      assert.ok(Number(error.headers?.get('retry-after')) > 0);
      return true;
    });
  } finally {
    await context.close();
  }
});
