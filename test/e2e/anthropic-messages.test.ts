import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { listUsage } from '../../src/store/repositories/usage.js';
import { claudeCodeBetas, claudeCodeRequest } from '../fixtures/anthropic-messages.js';
import { mockApiKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { mockSignature } from '../mock-upstream/scenario.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';
import { mockTokenCount } from '../mock-upstream/tokens.js';

// Anthropic SDK → gateway → Anthropic mock (same protocol: passthrough).
let mock: MockUpstream;
let context: TestGateway;
let bearerClient: Anthropic;
let apiKeyClient: Anthropic;

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

before(async () => {
  mock = await startMockUpstream({ apiKey: mockApiKey, chunkDelayMs: 1 });
  context = await startTestGateway({
    overrides: {
      providers: [
        { id: 'claude', protocol: 'anthropic-messages', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['claude-sonnet-4-6', 'claude-opus-4-8'] },
        { id: 'mock', protocol: 'openai-chat', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['mock-small'] },
      ],
      aliases: { sonnet: 'claude/claude-sonnet-4-6' },
    },
  });
  // SDK 1.x as it ships: Authorization Bearer, anthropic-version 2026-10-21.
  bearerClient = new Anthropic({ apiKey: context.key, baseURL: context.gateway.url, maxRetries: 0 });
  // SDK 0.x and Claude Code style: x-api-key, anthropic-version 2023-06-01.
  apiKeyClient = new Anthropic({
    apiKey: 'unused',
    baseURL: context.gateway.url,
    maxRetries: 0,
    defaultHeaders: { authorization: null, 'x-api-key': context.key, 'anthropic-version': '2023-06-01' },
  });
});
after(async () => {
  await context.close();
  await mock.close();
});

async function usageRow(requestId: string | null): Promise<Awaited<ReturnType<typeof listUsage>>[number]> {
  assert.ok(requestId);
  await context.gateway.usage.flush();
  const row = (await listUsage(context.gateway.db, { limit: 1000 })).find((candidate) => candidate.id === requestId);
  assert.ok(row, `usage row for ${requestId}`);
  return row;
}

function lastUpstream(): { headers: Record<string, unknown>; body: Record<string, unknown>; url: string } {
  const call = mock.requests.at(-1);
  assert.ok(call);
  return { headers: call.headers, body: call.body as Record<string, unknown>, url: call.url };
}

test('SDK 1.x (Bearer, 2026-10-21): a message through the gateway, metered in canonical accounting', async () => {
  const { data: message, response } = await bearerClient.messages
    .create({ model: 'claude/claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: 'hello gateway' }] })
    .withResponse();
  assert.equal(message.type, 'message');
  assert.deepEqual(message.content, [{ type: 'text', text: 'You said: hello gateway' }]);
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.usage.input_tokens, mockTokenCount('hello gateway'));
  const upstream = lastUpstream();
  assert.equal(upstream.url, '/v1/messages');
  assert.equal(upstream.headers['x-api-key'], mockApiKey);
  assert.equal(upstream.headers.authorization, undefined);
  assert.equal(upstream.headers['anthropic-version'], '2026-10-21');
  assert.equal(upstream.body.model, 'claude-sonnet-4-6');
  const row = await usageRow(response.headers.get('x-request-id'));
  assert.equal(row.provider, 'claude');
  assert.equal(row.client_protocol, 'anthropic-messages');
  assert.equal(row.input_tokens, mockTokenCount('hello gateway'));
  assert.equal(row.output_tokens, mockTokenCount('You said: hello gateway'));
});

test('x-api-key with 2023-06-01, streaming with thinking: signature arrives, cache reads are metered as input', async () => {
  const stream = apiKeyClient.messages.stream({
    model: 'sonnet',
    max_tokens: 2048,
    thinking: { type: 'enabled', budget_tokens: 1024 },
    messages: [{ role: 'user', content: 'think first [reasoning] [cache] please' }],
  });
  const textPieces: string[] = [];
  stream.on('text', (piece) => textPieces.push(piece));
  const message = await stream.finalMessage();
  assert.equal(lastUpstream().headers['anthropic-version'], '2023-06-01');
  assert.equal(message.content[0]?.type, 'thinking');
  const thinking = message.content[0];
  assert.equal(thinking.thinking, 'Let me think about this.');
  assert.equal(thinking.signature, mockSignature('Let me think about this.'));
  assert.equal(textPieces.join(''), 'You said: think first [reasoning] [cache] please');
  assert.ok(textPieces.length > 3, 'text arrives in pieces');
  const prompt = mockTokenCount('think first [reasoning] [cache] please');
  const cached = Math.floor(prompt / 2);
  assert.equal(message.usage.input_tokens, prompt - cached);
  assert.equal(message.usage.cache_read_input_tokens, cached);
  const row = await usageRow(stream.response?.headers.get('x-request-id') ?? null);
  assert.equal(row.stream, 1);
  assert.equal(row.input_tokens, prompt, 'canonical input includes cache reads');
  assert.equal(row.cache_read_tokens, cached);
  assert.equal(row.output_tokens, message.usage.output_tokens);
});

test('a two-turn tool round trip, streamed: partial_json pieces assemble, the tool result is answered', async () => {
  const first = await bearerClient.messages
    .stream({ model: 'claude/claude-sonnet-4-6', max_tokens: 512, tools: [weatherTool], messages: [{ role: 'user', content: 'weather? [tool:get_weather]' }] })
    .finalMessage();
  assert.equal(first.stop_reason, 'tool_use');
  const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
  assert.ok(call);
  assert.deepEqual(call.input, { city: 'Paris' });
  const second = await bearerClient.messages.create({
    model: 'claude/claude-sonnet-4-6',
    max_tokens: 512,
    tools: [weatherTool],
    messages: [
      { role: 'user', content: 'weather? [tool:get_weather]' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Sunny, 21°C' }] },
    ],
  });
  assert.deepEqual(second.content, [{ type: 'text', text: 'Tool said: Sunny, 21°C' }]);
});

test('thinking replays byte-exact with its signature; a tampered signature is refused in Anthropic shape', async () => {
  const first = await apiKeyClient.messages.create({
    model: 'claude/claude-sonnet-4-6',
    max_tokens: 2048,
    thinking: { type: 'enabled', budget_tokens: 1024 },
    tools: [weatherTool],
    messages: [{ role: 'user', content: '[reasoning] [tool:get_weather]' }],
  });
  assert.deepEqual(first.content.map((block) => block.type), ['thinking', 'tool_use']);
  const call = first.content[1] as Anthropic.ToolUseBlock;
  const turn = (content: Anthropic.ContentBlockParam[]): Anthropic.MessageCreateParamsNonStreaming => ({
    model: 'claude/claude-sonnet-4-6',
    max_tokens: 2048,
    thinking: { type: 'enabled', budget_tokens: 1024 },
    tools: [weatherTool],
    messages: [
      { role: 'user', content: '[reasoning] [tool:get_weather]' },
      { role: 'assistant', content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'rain' }] },
    ],
  });
  const second = await apiKeyClient.messages.create(turn(first.content));
  assert.equal(second.content.at(-1)?.type, 'text');
  const replayed = (lastUpstream().body.messages as Array<{ content: unknown[] }>)[1]?.content[0];
  assert.deepEqual(replayed, first.content[0]);

  const tampered = { ...(first.content[0] as Anthropic.ThinkingBlock), signature: 'bm90LXRoZS1zaWduYXR1cmU=' };
  await assert.rejects(apiKeyClient.messages.create(turn([tampered, call])), (error: unknown) => {
    assert.ok(error instanceof Anthropic.BadRequestError);
    assert.match(error.message, /Invalid `signature` in `thinking` block/);
    assert.equal((error.error as { type: string }).type, 'error');
    return true;
  });
});

test('count_tokens: forwarded to an Anthropic provider, estimated with gpt-tokenizer otherwise', async () => {
  const forwarded = await bearerClient.messages.countTokens({ model: 'claude/claude-sonnet-4-6', messages: [{ role: 'user', content: 'count these words please' }] });
  assert.equal(forwarded.input_tokens, mockTokenCount('count these words please'));
  assert.equal(lastUpstream().url, '/v1/messages/count_tokens');
  assert.equal(lastUpstream().body.model, 'claude-sonnet-4-6');

  const served = mock.requests.length;
  const { data: estimated, response } = await bearerClient.messages
    .countTokens({ model: 'mock/mock-small', system: 'Be brief.', messages: [{ role: 'user', content: 'count these words please' }] })
    .withResponse();
  assert.equal(mock.requests.length, served, 'no upstream call for an estimate');
  assert.ok(estimated.input_tokens > 5 && estimated.input_tokens < 20, `estimate ${estimated.input_tokens}`);
  assert.match(response.headers.get('x-switchyard-token-count') ?? '', /estimate; tokenizer=gpt-tokenizer o200k_base/);
});

test('Claude Code: HEAD /, then POST /v1/messages?beta=true streaming, body and betas forwarded untouched but for the model', async () => {
  const head = await fetch(`${context.gateway.url}/`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  const body = claudeCodeRequest();
  const response = await fetch(`${context.gateway.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: { 'x-api-key': context.key, 'anthropic-version': '2023-06-01', 'anthropic-beta': claudeCodeBetas, 'content-type': 'application/json', 'x-app': 'cli' },
    body: JSON.stringify({ ...body, model: 'claude/claude-opus-4-8' }),
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const text = await response.text();
  const events = [...text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
  assert.equal(events[0], 'message_start');
  assert.equal(events.at(-1), 'message_stop');
  assert.ok(events.includes('content_block_delta'));
  assert.match(text, /"signature_delta"/);
  const upstream = lastUpstream();
  assert.equal(upstream.headers['anthropic-beta'], claudeCodeBetas);
  assert.equal(upstream.headers['x-app'], undefined, 'only the protocol headers are forwarded');
  assert.deepEqual(upstream.body, { ...body, model: 'claude-opus-4-8' });
});

test('beta.messages (?beta=true) through the SDK', async () => {
  const message = await bearerClient.beta.messages.create({
    model: 'claude/claude-sonnet-4-6',
    max_tokens: 64,
    betas: ['interleaved-thinking-2025-05-14'],
    messages: [{ role: 'user', content: 'beta path' }],
  });
  assert.equal((message.content[0] as { text: string }).text, 'You said: beta path');
  assert.equal(lastUpstream().headers['anthropic-beta'], 'interleaved-thinking-2025-05-14');
});

test('GET /v1/models answers Anthropic clients in Anthropic shape and OpenAI clients in OpenAI shape', async () => {
  const page = await bearerClient.models.list();
  const ids = page.data.map((model) => model.id);
  assert.ok(ids.includes('sonnet') && ids.includes('claude/claude-opus-4-8'), ids.join(','));
  assert.equal(page.data[0]?.type, 'model');
  assert.equal(typeof page.data[0]?.display_name, 'string');
  assert.ok(!Number.isNaN(Date.parse(page.data[0]?.created_at ?? '')));
  const raw = (await (await fetch(`${context.gateway.url}/v1/models?limit=2`, { headers: { 'x-api-key': context.key, 'anthropic-version': '2023-06-01' } })).json()) as Record<string, unknown>;
  assert.equal((raw.data as unknown[]).length, 2);
  assert.equal(raw.has_more, true);
  assert.equal(raw.first_id, 'sonnet');
  const openai = (await (await fetch(`${context.gateway.url}/v1/models`, { headers: { authorization: `Bearer ${context.key}` } })).json()) as Record<string, unknown>;
  assert.equal(openai.object, 'list');
  const retrieved = await bearerClient.models.retrieve('claude/claude-opus-4-8');
  assert.equal(retrieved.id, 'claude/claude-opus-4-8');
});

test('errors reach Anthropic clients in Anthropic shape: upstream 429 with retry-after, bad key, missing model', async () => {
  await assert.rejects(
    bearerClient.messages.create({ model: 'claude/claude-sonnet-4-6', max_tokens: 16, messages: [{ role: 'user', content: 'x [error:429]' }] }),
    (error: unknown) => {
      assert.ok(error instanceof Anthropic.RateLimitError);
      assert.equal(error.headers?.get('retry-after'), '1');
      assert.equal((error.error as { error: { type: string } }).error.type, 'rate_limit_error');
      return true;
    },
  );
  const badKey = new Anthropic({ apiKey: 'sy-wrong', baseURL: context.gateway.url, maxRetries: 0 });
  await assert.rejects(badKey.messages.create({ model: 'sonnet', max_tokens: 16, messages: [{ role: 'user', content: 'x' }] }), (error: unknown) => {
    assert.ok(error instanceof Anthropic.AuthenticationError);
    assert.equal((error.error as { error: { type: string } }).error.type, 'authentication_error');
    return true;
  });
  const response = await fetch(`${context.gateway.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': context.key, 'content-type': 'application/json' },
    body: JSON.stringify({ max_tokens: 10, messages: [] }),
  });
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), { type: 'error', error: { type: 'invalid_request_error', message: 'model: Field required' } });
  const unknownModel = await fetch(`${context.gateway.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': context.key, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'nope/nothing', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
  });
  assert.equal(unknownModel.status, 404);
  assert.equal(((await unknownModel.json()) as { error: { type: string } }).error.type, 'not_found_error');
});

test('the upstream refusal of a missing max_tokens passes through with Anthropic wording', async () => {
  const response = await fetch(`${context.gateway.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': context.key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'sonnet', messages: [{ role: 'user', content: 'x' }] }),
  });
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
});

test('a client that names no anthropic-version gets the default upstream; unknown paths answer Anthropic clients in their shape', async () => {
  const response = await fetch(`${context.gateway.url}/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sonnet', max_tokens: 20, messages: [{ role: 'user', content: 'no version' }] }),
  });
  assert.equal(response.status, 200);
  assert.equal(lastUpstream().headers['anthropic-version'], '2023-06-01');
  const missing = await fetch(`${context.gateway.url}/v1/messages/batches`, { headers: { 'x-api-key': context.key, 'anthropic-version': '2023-06-01' } });
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { type: string; error: { type: string } }).error.type, 'not_found_error');
});

test('a client base URL with a path prefix works (Anthropic clients keep it)', async () => {
  const prefixed = new Anthropic({ apiKey: context.key, baseURL: `${context.gateway.url}/switchyard`, maxRetries: 0 });
  const message = await prefixed.messages.create({ model: 'sonnet', max_tokens: 20, messages: [{ role: 'user', content: 'prefixed' }] });
  assert.equal((message.content[0] as Anthropic.TextBlock).text, 'You said: prefixed');
});

test("Claude Code's [1m] model suffix routes to the model without it", async () => {
  const message = await apiKeyClient.messages.create({ model: 'claude/claude-opus-4-8[1m]', max_tokens: 20, messages: [{ role: 'user', content: 'long context' }] });
  assert.equal((message.content[0] as Anthropic.TextBlock).text, 'You said: long context');
  assert.equal(lastUpstream().body.model, 'claude-opus-4-8');
  const counted = await apiKeyClient.messages.countTokens({ model: 'sonnet[1m]', messages: [{ role: 'user', content: 'abcd' }] });
  assert.equal(counted.input_tokens, 1);
});
