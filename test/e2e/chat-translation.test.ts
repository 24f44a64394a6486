import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { Secret } from '../../src/core/secret.js';
import type { StreamEvent } from '../../src/core/stream.js';
import { proxyRequest } from '../../src/pipeline/proxy.js';
import type { Snapshot } from '../../src/pipeline/snapshot.js';
import type { UsageRecord } from '../../src/pipeline/usage-record.js';
import type { ProtocolDefinition } from '../../src/protocols/codec.js';
import { openAIChatCodec } from '../../src/protocols/openai-chat/codec.js';
import { openAIChatProtocol } from '../../src/protocols/openai-chat/definition.js';
import type { Provider } from '../../src/providers/provider.js';
import { createUpstreamClient } from '../../src/providers/upstream-client.js';
import { sseData, sseEvents } from '../helpers/sse.js';
import { mockApiKey } from '../helpers/gateway.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';

/**
 * Chat in → Chat upstream is always passthrough, so the translation path of
 * pipeline/proxy.ts and pipe-stream.ts (decode the client request, encode it
 * for the upstream, decode the upstream stream, encode the client stream)
 * never runs for Chat alone. Here it does, two ways:
 * 1. the codec pipeline called directly on recorded-shape fixtures;
 * 2. the real proxy, with the upstream provider declared under a second
 *    protocol id whose definition is the Chat one: protocols differ, so the
 *    proxy translates, and both ends are the Chat codec.
 * Other protocols' engineers can rely on the Chat codec as the other end.
 */

test('codec pipeline: a Chat request decoded and re-encoded for a Chat upstream keeps what Chat carries', () => {
  // The shape the OpenAI JS SDK sends (/work/shared/design/CLIENTS.md), plus a replayed tool turn.
  const clientBody = {
    model: 'fast',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather? [tool:get_weather]' },
      { role: 'assistant', content: null, reasoning_content: 'Use the tool.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ],
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' }, strict: true } }],
    tool_choice: 'auto',
    max_tokens: 64,
    stream: true,
    response_format: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' } } },
    vendor_flag: true,
  };
  const canonical = openAIChatCodec.decodeRequest(clientBody, { model: 'fast', stream: true });
  const encoded = openAIChatCodec.encodeRequest(canonical, { model: 'gpt-4o-mini', provider: 'openai' });
  const { max_tokens: maxTokens, ...rest } = clientBody;
  assert.deepEqual(encoded.body, {
    ...rest,
    model: 'gpt-4o-mini',
    max_completion_tokens: maxTokens,
    stream_options: { include_usage: true },
  });
});

test('codec pipeline: an upstream Chat stream decoded and re-encoded for a Chat client', () => {
  const base = { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
  const upstream = [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'Checking.' }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] }, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    { ...base, choices: [], usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 } },
    '[DONE]',
  ];
  const decoder = openAIChatCodec.createStreamDecoder({ provider: 'openai' });
  const encoder = openAIChatCodec.createStreamEncoder({ model: 'fast', includeUsage: false });
  const events: StreamEvent[] = [...sseEvents(upstream).flatMap((event) => decoder.decode(event)), ...decoder.end()];
  const text = events.map((event) => encoder.encode(event)).join('') + encoder.end();
  const chunks = sseData(text) as Array<{ model?: string; choices?: Array<{ delta: Record<string, unknown>; finish_reason: string | null }> } | '[DONE]'>;
  const deltas = chunks.map((chunk) => (chunk === '[DONE]' ? chunk : { delta: chunk.choices?.[0]?.delta, finish: chunk.choices?.[0]?.finish_reason }));
  assert.deepEqual(deltas, [
    { delta: { role: 'assistant', content: '' }, finish: null },
    { delta: { content: 'Checking.' }, finish: null },
    { delta: { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }, finish: null },
    { delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }, finish: null },
    { delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '' } }] }, finish: null },
    { delta: { tool_calls: [{ index: 1, function: { arguments: '{"city":"Tokyo"}' } }] }, finish: null },
    { delta: {}, finish: 'tool_calls' },
    // The client did not ask for usage: no usage chunk.
    '[DONE]',
  ]);
  assert.ok(chunks.every((chunk) => chunk === '[DONE]' || chunk.model === 'fast'));
});

/** The Chat definition under another protocol id, so the proxy sees two protocols and translates. */
const standIn: ProtocolDefinition = { ...openAIChatProtocol, id: 'openai-responses' };

let mock: MockUpstream;
let brokenUpstream: Server;
let proxyServer: Server;
let client: OpenAI;
const records: UsageRecord[] = [];
const upstreamClient = createUpstreamClient({ connectMs: 2000, headersMs: 5000, bodyMs: 5000 });

function provider(id: string, baseUrl: string): Provider {
  return { id, name: id, protocol: 'openai-responses', baseUrl, headers: {}, models: ['mock-small'], enabled: true, credentials: [{ id: `${id}-key`, secret: new Secret(mockApiKey) }], prices: {}, groupId: null };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  mock = await startMockUpstream({ apiKey: mockApiKey });
  // An upstream that starts a stream and then drops the connection.
  brokenUpstream = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(`data: ${JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'half' }, finish_reason: null }] })}\n\n`);
    setImmediate(() => response.socket?.destroy());
  });
  const brokenUrl = await listen(brokenUpstream);
  const providers = new Map([
    ['translated', provider('translated', `${mock.url}/v1`)],
    ['broken', provider('broken', brokenUrl)],
  ]);
  const snapshot: Snapshot = { providers, aliases: new Map(), chains: new Map(), keysByHash: new Map() };
  proxyServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const controller = new AbortController();
      void proxyRequest(
        { snapshot: { current: () => snapshot }, protocols: { 'openai-chat': openAIChatProtocol, 'openai-responses': standIn }, upstream: upstreamClient, usage: { record: (record) => records.push(record) } },
        {
          requestId: `req-${records.length}`,
          clientProtocol: 'openai-chat',
          body,
          requestedModel: String(body.model),
          stream: body.stream === true,
          keyId: null,
          clientHeaders: request.headers,
          response,
          signal: controller.signal,
          startedAt: performance.now(),
        },
      );
    });
  });
  client = new OpenAI({ apiKey: 'unused', baseURL: `${await listen(proxyServer)}/v1`, maxRetries: 0 });
});

after(async () => {
  await new Promise((resolve) => proxyServer.close(resolve));
  brokenUpstream.closeAllConnections();
  await new Promise((resolve) => brokenUpstream.close(resolve));
  await mock.close();
  await upstreamClient.close();
});

const weatherTool: OpenAI.ChatCompletionTool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

test('proxy translation, non-streaming: the request is re-encoded, the answer decoded and re-encoded', async () => {
  const completion = await client.chat.completions.create({
    model: 'translated/mock-small',
    max_tokens: 20,
    messages: [{ role: 'user', content: 'Weather? [tool:get_weather]' }],
    tools: [weatherTool],
  });
  assert.equal(completion.model, 'translated/mock-small');
  assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
  assert.equal(completion.choices[0]?.message.tool_calls?.[0]?.type, 'function');
  const upstreamBody = mock.requests.at(-1)?.body as Record<string, unknown>;
  // Re-encoded, not passed through: max_tokens became max_completion_tokens.
  assert.equal(upstreamBody.max_completion_tokens, 20);
  assert.equal(upstreamBody.max_tokens, undefined);
  assert.equal(upstreamBody.model, 'mock-small');
  const record = records.at(-1);
  assert.deepEqual([record?.clientProtocol, record?.upstreamProtocol, record?.status], ['openai-chat', 'openai-responses', 200]);
  assert.equal(record?.usage.outputTokens, completion.usage?.completion_tokens);
});

test('proxy translation, streaming: parallel calls and reasoning re-encoded, usage chunk only when asked, metered', async () => {
  const stream = await client.chat.completions.create({
    model: 'translated/mock-small',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Both cities [tools:2] [reasoning]' }],
    tools: [weatherTool],
  });
  let reasoning = '';
  const calls = new Map<number, { name: string; arguments: string }>();
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (choice === undefined) continue;
    reasoning += (choice.delta as { reasoning_content?: string }).reasoning_content ?? '';
    finish = choice.finish_reason ?? finish;
    for (const delta of choice.delta.tool_calls ?? []) {
      const call = calls.get(delta.index) ?? { name: '', arguments: '' };
      call.name += delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
      calls.set(delta.index, call);
    }
  }
  assert.equal(reasoning, 'Let me think about this.');
  assert.equal(finish, 'tool_calls');
  assert.deepEqual([...calls.values()].map((call) => JSON.parse(call.arguments) as unknown), [{ city: 'Paris' }, { city: 'Tokyo' }]);
  assert.ok(usage !== undefined && usage.completion_tokens_details?.reasoning_tokens === 6);
  const record = records.at(-1);
  assert.equal(record?.usage.outputTokens, usage.completion_tokens);
  assert.equal(record?.status, 200);
});

test('proxy translation: an upstream 429 is decoded and rendered in OpenAI shape with Retry-After', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'translated/mock-small', messages: [{ role: 'user', content: '[error:429]' }] }), (error: unknown) => {
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.equal(error.message, '429 mock error 429 as requested');
    assert.equal(error.headers?.get('retry-after'), '1');
    return true;
  });
});

test('proxy translation: an upstream that drops mid-stream ends the client stream once, in Chat form', async () => {
  const response = await fetch(`${client.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'broken/mock-small', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const chunks = sseData(await response.text()) as Array<Record<string, unknown> | '[DONE]'>;
  const shapes = chunks.map((chunk) => {
    if (chunk === '[DONE]') return chunk;
    if (chunk.error !== undefined) return 'error';
    const choice = (chunk.choices as Array<{ delta: Record<string, unknown>; finish_reason: string | null }>)[0];
    return choice?.finish_reason ?? choice?.delta;
  });
  assert.deepEqual(shapes, [{ role: 'assistant', content: '' }, { content: 'half' }, 'error', 'stop', '[DONE]']);
  assert.equal(records.at(-1)?.errorCode, 'SY_UPSTREAM_UNREACHABLE');
});
