import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { listUsage } from '../../src/store/repositories/usage.js';
import { mockApiKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';

/**
 * A Responses client (openai SDK) through the gateway to upstreams of other
 * protocols: the translation path (Responses codec ↔ canonical ↔ Chat /
 * Anthropic codecs), including previous_response_id served for an answer
 * the gateway itself encoded.
 */
let mock: MockUpstream;
let context: TestGateway;
let client: OpenAI;

before(async () => {
  mock = await startMockUpstream({ apiKey: mockApiKey, chunkDelayMs: 1 });
  context = await startTestGateway({
    overrides: {
      providers: [
        { id: 'chat', protocol: 'openai-chat', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['mock-small'] },
        { id: 'claude', protocol: 'anthropic-messages', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['claude-sonnet-4-6'] },
      ],
    },
  });
  client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
});
after(async () => {
  await context.close();
  await mock.close();
});

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

function lastUpstream(): { url: string; body: Record<string, unknown> } {
  const recorded = mock.requests.at(-1);
  return { url: recorded?.url ?? '', body: recorded?.body as Record<string, unknown> };
}

for (const model of ['chat/mock-small', 'claude/claude-sonnet-4-6']) {
  test(`${model}: responses.create gets a Responses object, metered`, async () => {
    const { data: response, response: raw } = await client.responses.create({ model, instructions: 'Be brief.', input: 'hello there' }).withResponse();
    assert.equal(response.object, 'response');
    assert.match(response.id, /^resp_/);
    assert.equal(response.status, 'completed');
    assert.equal(response.output_text, 'You said: hello there');
    assert.ok((response.usage?.input_tokens ?? 0) > 0);
    assert.match(lastUpstream().url, model.startsWith('chat') ? /chat\/completions/ : /messages/);
    await context.gateway.usage.flush();
    const row = (await listUsage(context.gateway.db, { limit: 1000 })).find((candidate) => candidate.id === raw.headers.get('x-request-id'));
    assert.deepEqual([row?.client_protocol, row?.upstream_protocol, row?.input_tokens, row?.output_tokens], [
      'openai-responses',
      model.startsWith('chat') ? 'openai-chat' : 'anthropic-messages',
      response.usage?.input_tokens,
      response.usage?.output_tokens,
    ]);
  });

  test(`${model}: a streamed tool call, then its result, in the Responses event order`, async () => {
    const stream = await client.responses.create({ model, input: '[tool:get_weather] weather?', tools: [weatherTool], stream: true, store: false });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    assert.deepEqual(
      events.map((event) => event.sequence_number),
      events.map((_event, index) => index),
    );
    const types = events.map((event) => event.type);
    assert.deepEqual(types.slice(0, 2), ['response.created', 'response.in_progress']);
    assert.equal(types.at(-1), 'response.completed');
    const done = events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item);
    const call = done.find((item) => item.type === 'function_call');
    assert.ok(call?.type === 'function_call');
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris' });
    assert.ok(types.includes('response.function_call_arguments.done'));

    const second = await client.responses.create({
      model,
      store: false,
      tools: [weatherTool],
      input: [{ role: 'user', content: '[tool:get_weather] weather?' }, ...(done as ResponseInputItem[]), { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
    });
    assert.equal(second.output_text, 'Tool said: sunny');
  });

  test(`${model}: previous_response_id works for an answer the gateway translated`, async () => {
    const first = await client.responses.create({ model, input: 'remember kiwi' });
    const second = await client.responses.create({ model, previous_response_id: first.id, input: 'and now?' });
    assert.equal(second.output_text, 'You said: and now?');
    const upstreamText = JSON.stringify(lastUpstream().body);
    assert.ok(upstreamText.includes('remember kiwi') && upstreamText.includes('You said: remember kiwi'), upstreamText);
  });
}

test('Anthropic upstream: thinking comes back as a reasoning summary without foreign signatures', async () => {
  const response = await client.responses.create({ model: 'claude/claude-sonnet-4-6', input: '[reasoning] think first', reasoning: { effort: 'low', summary: 'auto' }, max_output_tokens: 4096 });
  const reasoning = response.output.find((item) => item.type === 'reasoning');
  assert.ok(reasoning?.type === 'reasoning');
  assert.deepEqual(reasoning.summary, [{ type: 'summary_text', text: 'Let me think about this.' }]);
  // An Anthropic signature is no Responses encrypted_content.
  assert.equal(reasoning.encrypted_content, undefined);
  assert.equal(response.output_text, 'You said: [reasoning] think first');
});

test('Anthropic upstream: a custom tool (apply_patch) comes back as a custom_tool_call, streamed and not', async () => {
  const applyPatch = { type: 'custom' as const, name: 'apply_patch', description: 'Apply a patch', format: { type: 'grammar' as const, syntax: 'lark' as const, definition: 'start: /.+/' } };
  const model = 'claude/claude-sonnet-4-6';
  const response = await client.responses.create({ model, input: '[tool:apply_patch] fix it', tools: [applyPatch], store: false });
  const call = response.output.find((item) => item.type === 'custom_tool_call');
  assert.ok(call?.type === 'custom_tool_call', JSON.stringify(response.output));
  // Anthropic was offered a function with one string parameter `input`.
  const tool = (lastUpstream().body.tools as Array<{ name: string; input_schema: { properties: Record<string, unknown> } }>)[0];
  assert.deepEqual([tool?.name, Object.keys(tool?.input_schema.properties ?? {})], ['apply_patch', ['input']]);
  const stream = await client.responses.create({ model, input: '[tool:apply_patch] fix it', tools: [applyPatch], store: false, stream: true });
  const types: string[] = [];
  let streamed: unknown;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_item.done') streamed = event.item;
  }
  assert.ok(types.includes('response.custom_tool_call_input.done'));
  assert.deepEqual(streamed, call);
  const next = await client.responses.create({
    model,
    store: false,
    tools: [applyPatch],
    input: [{ role: 'user', content: 'fix it' }, call, { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Done!' }],
  });
  assert.equal(next.output_text, 'Tool said: Done!');
});
