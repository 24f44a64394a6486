import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { extractThoughtSignature } from '../../src/core/tool-call-id.js';
import { createSseDecoder } from '../../src/protocols/sse/decode.js';
import { mockApiKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { functionCallSignature } from '../mock-upstream/gemini.js';
import { mockPatch } from '../mock-upstream/scenario.js';

/**
 * Tool-call arguments stream through translation: a client sees a call's
 * start and its first argument pieces while the call is still open
 * upstream. To prove it without timing, some providers point at the mock
 * with a `hang-stream=N` fault (test/mock-upstream/faults.ts): the mock
 * sends N writes, ending in the middle of the call's arguments, then
 * stalls forever. A gateway that held the call until its end would show
 * the client nothing of it; this one must show the start and the pieces
 * sent so far, and no end.
 *
 * Mock writes (test/mock-upstream/*.ts): Chat streams role chunk, call head,
 * then the arguments in two halves ('{"city":' · '"Paris"}'), so 3 writes
 * stop after the first half; Anthropic streams message_start,
 * content_block_start, ping, an empty input_json_delta, then thirds
 * ('{"city' · '":"Par' · 'is"}'), so 5 writes stop after the first third.
 */
let context: TestGateway;

const weather = { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

before(async () => {
  context = await startTestGateway({
    extraProviders: (mockUrl) => [
      { id: 'chat-stall', protocol: 'openai-chat', baseUrl: `${mockUrl}/fault/hang-stream=3/v1`, apiKey: mockApiKey, models: ['mock-small'] },
      { id: 'claude-stall', protocol: 'anthropic-messages', baseUrl: `${mockUrl}/fault/hang-stream=5/v1`, apiKey: mockApiKey, models: ['claude-sonnet-4-6'] },
      { id: 'claude', protocol: 'anthropic-messages', baseUrl: `${mockUrl}/v1`, apiKey: mockApiKey, models: ['claude-sonnet-4-6'] },
      { id: 'gemini', protocol: 'gemini', baseUrl: `${mockUrl}/v1beta`, apiKey: mockApiKey, models: ['gemini-2.5-flash'] },
    ],
  });
});
after(async () => {
  await context.close();
});

type WireEvent = Record<string, unknown> & { type?: string };

/**
 * Posts a streaming request and reads SSE events until `enough` says so
 * (then drops the connection, as the upstream is stalled) or the stream
 * ends. The timeout only turns a hang into a failure.
 */
async function readStream(options: { path: string; body: unknown; headers: Record<string, string>; enough?: (events: WireEvent[]) => boolean }): Promise<WireEvent[]> {
  const response = await request(`${context.gateway.url}${options.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(options.body),
    signal: AbortSignal.timeout(20_000),
  });
  assert.equal(response.statusCode, 200);
  const decoder = createSseDecoder();
  const events: WireEvent[] = [];
  const take = (frames: Array<{ data: string }>): void => {
    for (const frame of frames) if (frame.data !== '[DONE]') events.push(JSON.parse(frame.data) as WireEvent);
  };
  for await (const chunk of response.body) {
    take(decoder.push(Buffer.from(chunk as Uint8Array).toString('utf8')));
    if (options.enough?.(events) === true) {
      response.body.destroy();
      return events;
    }
  }
  take(decoder.flush());
  return events;
}

const anthropicHeaders = (): Record<string, string> => ({ 'x-api-key': context.key, 'anthropic-version': '2023-06-01' });
const bearer = (): Record<string, string> => ({ authorization: `Bearer ${context.key}` });

const anthropicTool = { name: weather.name, description: weather.description, input_schema: weather.parameters };

test('Anthropic client ← Chat upstream: tool_use opens and input_json_delta pieces arrive while the call is still open upstream', async () => {
  const events = await readStream({
    path: '/v1/messages',
    headers: anthropicHeaders(),
    body: { model: 'chat-stall/mock-small', max_tokens: 256, stream: true, tools: [anthropicTool], messages: [{ role: 'user', content: '[tool:get_weather] Weather?' }] },
    enough: (seen) => seen.some((event) => event.type === 'content_block_delta' && (event.delta as { partial_json?: string }).partial_json === '{"city":'),
  });
  const start = events.find((event) => event.type === 'content_block_start');
  assert.deepEqual(start?.content_block, { type: 'tool_use', id: 'call_mock_1', name: 'get_weather', input: {} });
  const pieces = events.filter((event) => event.type === 'content_block_delta').map((event) => [event.index, (event.delta as { partial_json?: string }).partial_json]);
  assert.deepEqual(pieces, [
    [start?.index, ''],
    [start?.index, '{"city":'],
  ]);
  assert.equal(events.some((event) => event.type === 'content_block_stop' || event.type === 'message_delta'), false, 'the call has not ended');
});

test('Chat client ← Anthropic upstream: the tool_calls head and an arguments delta arrive before the call ends', async () => {
  const events = await readStream({
    path: '/v1/chat/completions',
    headers: bearer(),
    body: { model: 'claude-stall/claude-sonnet-4-6', stream: true, tools: [{ type: 'function', function: weather }], messages: [{ role: 'user', content: '[tool:get_weather] Weather?' }] },
    enough: (seen) => seen.some((event) => JSON.stringify(event).includes('"arguments":"{\\"city"')),
  });
  const toolDeltas = events.flatMap((event) => (event.choices as Array<{ delta: { tool_calls?: unknown[] } }> | undefined)?.[0]?.delta.tool_calls ?? []);
  assert.deepEqual(toolDeltas, [
    { index: 0, id: 'toolu_mock_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
    { index: 0, function: { arguments: '{"city' } },
  ]);
  const finishes = events.map((event) => (event.choices as Array<{ finish_reason: string | null }> | undefined)?.[0]?.finish_reason).filter((reason) => reason !== null && reason !== undefined);
  assert.deepEqual(finishes, [], 'no finish_reason yet');
});

test('Responses client ← Anthropic upstream: output_item.added and function_call_arguments.delta arrive before .done', async () => {
  const events = await readStream({
    path: '/v1/responses',
    headers: bearer(),
    body: { model: 'claude-stall/claude-sonnet-4-6', stream: true, store: false, tools: [{ type: 'function', strict: false, ...weather }], input: '[tool:get_weather] Weather?' },
    enough: (seen) => seen.some((event) => event.type === 'response.function_call_arguments.delta'),
  });
  const added = events.find((event) => event.type === 'response.output_item.added');
  const item = added?.item as Record<string, unknown>;
  assert.deepEqual([item.type, item.call_id, item.name, item.arguments, item.status], ['function_call', 'toolu_mock_1', 'get_weather', '', 'in_progress']);
  const delta = events.find((event) => event.type === 'response.function_call_arguments.delta');
  assert.deepEqual([delta?.item_id, delta?.output_index, delta?.delta], [item.id, added?.output_index, '{"city']);
  const sequence = events.map((event) => event.sequence_number);
  assert.deepEqual(sequence, sequence.map((_value, position) => position), 'sequence numbers count from 0 without gaps');
  assert.equal(events.some((event) => event.type === 'response.function_call_arguments.done' || event.type === 'response.output_item.done'), false, 'the call has not ended');
});

test('Anthropic client ← Gemini upstream: the thought signature rides in the tool_use id from content_block_start and survives the round trip', async () => {
  const tools = [anthropicTool];
  const question = { role: 'user', content: '[reasoning] [tool:get_weather] Weather?' };
  const events = await readStream({
    path: '/v1/messages',
    headers: anthropicHeaders(),
    body: { model: 'gemini/gemini-2.5-flash', max_tokens: 1024, stream: true, tools, messages: [question] },
  });
  const start = events.find((event) => event.type === 'content_block_start' && (event.content_block as { type: string }).type === 'tool_use');
  const toolUse = start?.content_block as { id: string; name: string };
  assert.deepEqual(extractThoughtSignature(toolUse.id).thoughtSignature, functionCallSignature('get_weather'));
  const blockEvents = events.filter((event) => event.index === start?.index).map((event) => event.type);
  assert.deepEqual(blockEvents, ['content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop']);
  const input = events
    .filter((event) => event.index === start?.index && event.type === 'content_block_delta')
    .map((event) => (event.delta as { partial_json: string }).partial_json)
    .join('');
  assert.deepEqual(JSON.parse(input), { city: 'Paris' });
  assert.equal((events.find((event) => event.type === 'message_delta')?.delta as { stop_reason: string }).stop_reason, 'tool_use');

  // Turn 2: the client replays the call with the id it saw. The mock rejects a missing or altered signature (Gemini 3's rule).
  const second = await readStream({
    path: '/v1/messages',
    headers: anthropicHeaders(),
    body: {
      model: 'gemini/gemini-2.5-flash',
      max_tokens: 1024,
      stream: true,
      tools,
      messages: [
        question,
        { role: 'assistant', content: [{ type: 'tool_use', id: toolUse.id, name: toolUse.name, input: JSON.parse(input) as unknown }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny' }] },
      ],
    },
  });
  const text = second
    .filter((event) => event.type === 'content_block_delta')
    .map((event) => (event.delta as { text?: string }).text ?? '')
    .join('');
  assert.equal(text, 'Tool said: sunny');
  const upstream = context.mock.requests.at(-1)?.body as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> };
  const call = upstream.contents.flatMap((content) => content.parts).find((part) => part.functionCall !== undefined);
  assert.equal(call?.thoughtSignature, functionCallSignature('get_weather'));
  assert.equal((call?.functionCall as { id?: string }).id, extractThoughtSignature(toolUse.id).id);
});

const applyPatch = { type: 'custom', name: 'apply_patch', description: 'Apply a patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } };

test('Responses client with a custom tool (apply_patch) ← Anthropic upstream: the raw patch text streams out of {"input": …} before the call ends', async () => {
  const events = await readStream({
    path: '/v1/responses',
    headers: bearer(),
    body: { model: 'claude-stall/claude-sonnet-4-6', stream: true, store: false, tools: [applyPatch], input: '[patch:apply_patch] add hello.txt' },
    enough: (seen) => seen.some((event) => event.type === 'response.custom_tool_call_input.delta'),
  });
  const item = events.find((event) => event.type === 'response.output_item.added')?.item as Record<string, unknown>;
  assert.deepEqual([item.type, item.name, item.input], ['custom_tool_call', 'apply_patch', '']);
  // The mock stalled after the first third of {"input":"*** Begin Patch\n**…: the client already has its raw text.
  const deltas = events.filter((event) => event.type === 'response.custom_tool_call_input.delta').map((event) => event.delta);
  assert.deepEqual(deltas, ['*** Begin Patch\n**']);
  assert.equal(events.some((event) => event.type === 'response.output_item.done'), false, 'the call has not ended');

  // Not stalled: the pieces add up to the patch, and the done item carries it whole.
  const whole = await readStream({
    path: '/v1/responses',
    headers: bearer(),
    body: { model: 'claude/claude-sonnet-4-6', stream: true, store: false, tools: [applyPatch], input: '[patch:apply_patch] add hello.txt' },
  });
  const pieces = whole.filter((event) => event.type === 'response.custom_tool_call_input.delta').map((event) => String(event.delta));
  assert.equal(pieces.length, 3);
  assert.equal(pieces.join(''), mockPatch);
  const done = whole.find((event) => event.type === 'response.output_item.done')?.item as Record<string, unknown>;
  assert.deepEqual([done.type, done.input, done.status], ['custom_tool_call', mockPatch, 'completed']);
});
