import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { announceStateChange } from '../../src/server/state.js';
import { createGatewayKey } from '../../src/store/repositories/gateway-keys.js';
import { listUsage } from '../../src/store/repositories/usage.js';
import { createSseDecoder } from '../../src/protocols/sse/decode.js';
import { codexRequest } from '../fixtures/openai-responses.js';
import { mockSignature } from '../mock-upstream/scenario.js';
import { mockApiKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * OpenAI SDK (client.responses.create) → gateway → the Responses mock
 * upstream (same protocol: passthrough), plus what only the gateway does:
 * previous_response_id served from its own store.
 */
let context: TestGateway;
let client: OpenAI;
before(async () => {
  context = await startTestGateway({ protocol: 'openai-responses' });
  client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
});
after(() => context.close());

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  strict: true,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

function lastUpstreamBody(): Record<string, unknown> {
  return context.mock.requests.at(-1)?.body as Record<string, unknown>;
}

async function usageRowFor(requestId: string): Promise<Awaited<ReturnType<typeof listUsage>>[number]> {
  await context.gateway.usage.flush();
  const rows = await listUsage(context.gateway.db, { limit: 1000 });
  const row = rows.find((candidate) => candidate.id === requestId);
  assert.ok(row, `usage row for ${requestId}`);
  return row;
}

test('responses.create through the gateway: passthrough, metered', async () => {
  const { data: response, response: raw } = await client.responses.create({ model: 'mock/mock-small', input: 'ping the gateway' }).withResponse();
  assert.equal(response.object, 'response');
  assert.match(response.id, /^resp_/);
  assert.equal(response.status, 'completed');
  assert.equal(response.output_text, 'You said: ping the gateway');
  // "ping the gateway" is 16 characters → 4 mock tokens; the reply 26 → 7.
  assert.equal(response.usage?.input_tokens, 4);
  assert.equal(response.usage?.output_tokens, 7);
  const upstream = context.mock.requests.at(-1);
  assert.equal(upstream?.headers.authorization, `Bearer ${mockApiKey}`);
  assert.equal((upstream?.body as { model: string }).model, 'mock-small');
  const row = await usageRowFor(raw.headers.get('x-request-id') ?? '');
  assert.deepEqual([row.input_tokens, row.output_tokens, row.status, row.client_protocol, row.upstream_protocol], [4, 7, 200, 'openai-responses', 'openai-responses']);
});

test('a streamed response arrives as the full event sequence, numbered from 0, and is metered', async () => {
  const { data: stream, response: raw } = await client.responses
    .create({ model: 'mock/mock-small', input: '[reasoning] [cache] stream this please', stream: true, reasoning: { effort: 'low', summary: 'auto' } })
    .withResponse();
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  assert.deepEqual(
    events.map((event) => event.sequence_number),
    events.map((_event, index) => index),
  );
  const types = events.map((event) => event.type);
  assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.reasoning_summary_part.added']);
  assert.ok(types.includes('response.output_text.delta'));
  assert.equal(types.at(-1), 'response.completed');
  const completed = events.at(-1);
  assert.ok(completed?.type === 'response.completed');
  const text = events.map((event) => (event.type === 'response.output_text.delta' ? event.delta : '')).join('');
  assert.equal(text, 'You said: [reasoning] [cache] stream this please');
  const usage = completed.response.usage;
  assert.ok(usage);
  assert.equal(usage.input_tokens_details.cached_tokens, Math.floor(usage.input_tokens / 2));
  assert.ok(usage.output_tokens_details.reasoning_tokens > 0);
  const row = await usageRowFor(raw.headers.get('x-request-id') ?? '');
  assert.equal(row.stream, 1);
  assert.deepEqual(
    [row.input_tokens, row.cache_read_tokens, row.output_tokens, row.reasoning_tokens],
    [usage.input_tokens, usage.input_tokens_details.cached_tokens, usage.output_tokens, usage.output_tokens_details.reasoning_tokens],
  );
});

test('responses.stream() helper accumulates the final response', async () => {
  const stream = client.responses.stream({ model: 'mock/mock-small', input: '[tools:2] weather in two cities', tools: [weatherTool] });
  const final = await stream.finalResponse();
  const calls = final.output.filter((item) => item.type === 'function_call');
  assert.deepEqual(
    calls.map((call) => [call.name, call.arguments]),
    [
      ['get_weather', '{"city":"Paris"}'],
      ['get_weather', '{"city":"Tokyo"}'],
    ],
  );
});

test('tool round trip: function_call then function_call_output', async () => {
  const first = await client.responses.create({ model: 'mock/mock-small', input: '[tool:get_weather] weather?', tools: [weatherTool], store: false });
  const call = first.output.find((item) => item.type === 'function_call');
  assert.ok(call?.type === 'function_call');
  assert.match(call.id ?? '', /^fc_/);
  assert.equal(call.call_id, 'call_mock_1');
  const second = await client.responses.create({
    model: 'mock/mock-small',
    store: false,
    tools: [weatherTool],
    input: [{ role: 'user', content: '[tool:get_weather] weather?' }, ...(first.output as ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21C' }],
  });
  assert.equal(second.output_text, 'Tool said: sunny, 21C');
});

test('stateless reasoning replay: encrypted_content comes back and is accepted', async () => {
  const first = await client.responses.create({
    model: 'mock/mock-small',
    input: '[reasoning] [tool:get_weather] think, then call',
    tools: [weatherTool],
    store: false,
    include: ['reasoning.encrypted_content'],
    reasoning: { effort: 'medium', summary: 'auto' },
  });
  const reasoning = first.output.find((item) => item.type === 'reasoning');
  assert.ok(reasoning?.type === 'reasoning');
  assert.equal(reasoning.encrypted_content, mockSignature('Let me think about this.'));
  assert.deepEqual(reasoning.summary, [{ type: 'summary_text', text: 'Let me think about this.' }]);
  const call = first.output.find((item) => item.type === 'function_call');
  assert.ok(call?.type === 'function_call');
  const history = [{ role: 'user' as const, content: '[reasoning] [tool:get_weather] think, then call' }, ...(first.output as ResponseInputItem[])];
  const second = await client.responses.create({
    model: 'mock/mock-small',
    store: false,
    include: ['reasoning.encrypted_content'],
    tools: [weatherTool],
    input: [...history, { type: 'function_call_output', call_id: call.call_id, output: 'rain' }],
  });
  assert.equal(second.output_text, 'Tool said: rain');
  const replayed = (lastUpstreamBody().input as Array<Record<string, unknown>>).find((item) => item.type === 'reasoning');
  assert.equal(replayed?.encrypted_content, reasoning.encrypted_content);

  // The upstream's own rule reaches the client unchanged: a reasoning item needs its following item.
  await assert.rejects(
    client.responses.create({ model: 'mock/mock-small', store: false, input: [{ role: 'user', content: 'think' }, reasoning, { role: 'user', content: 'next' }] }),
    (error: unknown) => error instanceof OpenAI.BadRequestError && /required following item/.test(error.message),
  );
});

test('custom tools (apply_patch with a grammar) pass through and come back as custom_tool_call', async () => {
  const applyPatch = { type: 'custom' as const, name: 'apply_patch', description: 'Apply a patch', format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: /.+/' } };
  const first = await client.responses.create({ model: 'mock/mock-small', input: '[tool:apply_patch] fix it', tools: [applyPatch], store: false });
  const call = first.output.find((item) => item.type === 'custom_tool_call');
  assert.ok(call?.type === 'custom_tool_call');
  assert.equal(call.input, '{"city":"Paris"}');
  assert.deepEqual((lastUpstreamBody().tools as unknown[])[0], applyPatch);
  const second = await client.responses.create({
    model: 'mock/mock-small',
    store: false,
    tools: [applyPatch],
    input: [{ role: 'user', content: 'fix it' }, call, { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Done!' }],
  });
  assert.equal(second.output_text, 'Tool said: Done!');
});

test('previous_response_id: a response the gateway produced is expanded into the input', async () => {
  const first = await client.responses.create({ model: 'mock/mock-small', instructions: 'Be brief.', input: 'remember banana' });
  const second = await client.responses.create({ model: 'mock/mock-small', previous_response_id: first.id, input: 'what did I say?' });
  assert.equal(second.output_text, 'You said: what did I say?');
  const upstream = lastUpstreamBody();
  assert.equal(upstream.previous_response_id, undefined);
  const input = upstream.input as Array<Record<string, unknown>>;
  assert.deepEqual(input[0], { type: 'message', role: 'user', content: 'remember banana' });
  assert.deepEqual(input[1], first.output[0]);
  assert.deepEqual(input[2], { type: 'message', role: 'user', content: 'what did I say?' });

  // A chain of three, streamed: the second response was captured from its SSE stream.
  const stream = await client.responses.create({ model: 'mock/mock-small', previous_response_id: second.id, input: 'and now?', stream: true });
  let third: OpenAI.Responses.Response | undefined;
  for await (const event of stream) if (event.type === 'response.completed') third = event.response;
  assert.ok(third);
  const fourth = await client.responses.create({ model: 'mock/mock-small', previous_response_id: third.id, input: 'last' });
  assert.equal(fourth.output_text, 'You said: last');
  assert.equal((lastUpstreamBody().input as unknown[]).length, 7);

  // The stored responses can be retrieved and deleted, as the SDK does it.
  const retrieved = await client.responses.retrieve(third.id);
  assert.deepEqual(retrieved.output, third.output);
  await client.responses.delete(third.id);
  await assert.rejects(client.responses.retrieve(third.id), OpenAI.NotFoundError);
  await assert.rejects(client.responses.create({ model: 'mock/mock-small', previous_response_id: third.id, input: 'gone' }), OpenAI.BadRequestError);
});

test('previous_response_id: unknown, store:false, or another key → 400 in OpenAI shape', async () => {
  const miss = (id: string, other?: OpenAI): Promise<void> =>
    assert.rejects((other ?? client).responses.create({ model: 'mock/mock-small', previous_response_id: id, input: 'hi' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.match(error.message, /not found.*store: false/s);
      assert.equal(error.param, 'previous_response_id');
      return true;
    });
  const before = context.mock.requests.length;
  await miss('resp_never_issued');
  const unstored = await client.responses.create({ model: 'mock/mock-small', input: 'do not keep', store: false });
  await miss(unstored.id);
  const stored = await client.responses.create({ model: 'mock/mock-small', input: 'keep, but only for my key' });
  const created = await createGatewayKey(context.gateway.db, { name: 'other' });
  await announceStateChange(context.gateway.db);
  await context.gateway.state.reload();
  await miss(stored.id, new OpenAI({ apiKey: created.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 }));
  // Misses never reach the upstream.
  assert.equal(context.mock.requests.length, before + 2);
});

test('a failure after the stream started reaches the client as response.failed and is recorded', async () => {
  const { data: stream, response: raw } = await client.responses.create({ model: 'mock/mock-small', input: '[stream-fail] one two three four', stream: true }).withResponse();
  const types: string[] = [];
  let failure: OpenAI.Responses.Response['error'] | undefined;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.failed') failure = event.response.error;
  }
  assert.deepEqual(types.filter((type) => type === 'response.output_text.delta').length, 2);
  assert.equal(types.at(-1), 'response.failed');
  assert.match(failure?.message ?? '', /mock stream failure/);
  const row = await usageRowFor(raw.headers.get('x-request-id') ?? '');
  assert.equal(row.status, 502);
  assert.equal(row.error_code, 'SY_UPSTREAM_ERROR');
});

test('a Codex-shaped request streams through untouched but for the model', async () => {
  const body = structuredClone(codexRequest) as typeof codexRequest & { input: Array<Record<string, unknown>> };
  body.model = 'mock/mock-small';
  // Replayed reasoning must carry encrypted content the upstream made.
  for (const item of body.input) if (item.type === 'reasoning') item.encrypted_content = mockSignature(String(item.id));
  body.input.push({ type: 'message', role: 'user', content: [{ type: 'input_text', text: '[tool:exec_command] run the tests' }] });
  const response = await fetch(`${context.gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json', accept: 'text/event-stream', originator: 'codex_exec', 'session-id': 'thread-1' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const decoder = createSseDecoder();
  const events = [...decoder.push(await response.text()), ...decoder.flush()].map((event) => JSON.parse(event.data) as { type: string; sequence_number: number; item?: Record<string, unknown> });
  assert.deepEqual(
    events.map((event) => event.type),
    [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ],
  );
  assert.deepEqual(
    events.map((event) => event.sequence_number),
    events.map((_event, index) => index),
  );
  assert.equal(events[6]?.item?.name, 'exec_command');
  assert.deepEqual(lastUpstreamBody(), { ...body, model: 'mock-small' });
});

test('upstream 429 keeps its status, OpenAI body and Retry-After', async () => {
  await assert.rejects(client.responses.create({ model: 'mock/mock-small', input: '[error:429] slow down' }), (error: unknown) => {
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.equal(error.headers?.get('retry-after'), '1');
    return true;
  });
});

test('the route checks model and input, answering in OpenAI shape', async () => {
  for (const [body, param] of [
    [{ input: 'no model' }, 'model'],
    [{ model: 'mock/mock-small', input: 42 }, 'input'],
    [{ model: 'mock/mock-small' }, 'input'],
  ] as const) {
    const response = await fetch(`${context.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 400);
    const error = ((await response.json()) as { error: { type: string; param: string } }).error;
    assert.equal(error.type, 'invalid_request_error');
    assert.equal(error.param, param);
  }
});

test('max_output_tokens cut short: status incomplete with its reason', async () => {
  const response = await client.responses.create({ model: 'mock/mock-small', input: '[long] go on', max_output_tokens: 5 });
  assert.equal(response.status, 'incomplete');
  assert.equal(response.incomplete_details?.reason, 'max_output_tokens');
});
