import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { configSchema } from '../../src/config/schema.js';
import type { ChatRequest } from '../../src/core/request.js';
import type { StreamEvent } from '../../src/core/stream.js';
import { proxyRequest, type ProxyDependencies } from '../../src/pipeline/proxy.js';
import type { Snapshot } from '../../src/pipeline/snapshot.js';
import type { UsageRecord } from '../../src/pipeline/usage-record.js';
import { bedrockConverseProtocol } from '../../src/protocols/bedrock-converse/definition.js';
import type { ProtocolDefinition } from '../../src/protocols/codec.js';
import { openAIChatPassthrough } from '../../src/protocols/openai-chat/passthrough.js';
import { createUpstreamClient } from '../../src/providers/upstream-client.js';
import { providerFromConfig } from '../../src/server/provider-from-config.js';
import { mockAwsCredentials } from '../mock-upstream/bedrock-converse.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';

/**
 * A Bedrock provider built from the 'bedrock' preset, driven through the
 * real pipeline (proxyRequest, the adapter step, pipe-stream) to the mock
 * Bedrock on loopback, which checks every SigV4 signature and answers
 * ConverseStream in binary event-stream frames. The client side is a
 * stand-in codec that speaks canonical JSON, so this test needs no other
 * protocol's codec: it proves the upstream leg (encode, sign, frame-decode).
 */
const clientProtocol: ProtocolDefinition = {
  id: 'openai-chat',
  renderError: (error) => ({ status: error.status, body: { error: { message: error.message, code: error.code } } }),
  forwardHeaders: [],
  passthrough: openAIChatPassthrough,
  encodeStreamError: (error) => `data: ${JSON.stringify({ type: 'error', message: error.message })}\n\n`,
  codec: {
    id: 'openai-chat',
    decodeRequest: (body) => body as ChatRequest,
    encodeRequest: () => {
      throw new Error('not an upstream here');
    },
    decodeResponse: () => {
      throw new Error('not an upstream here');
    },
    encodeResponse: (response) => response,
    createStreamDecoder: () => {
      throw new Error('not an upstream here');
    },
    createStreamEncoder: () => ({ encode: (event) => `data: ${JSON.stringify(event)}\n\n`, end: () => 'data: [END]\n\n' }),
    renderError: (error) => ({ status: error.status, body: { error: error.message } }),
    decodeError: () => {
      throw new Error('not an upstream here');
    },
  },
};

let mock: MockUpstream;
let server: Server;
let url: string;
const records: UsageRecord[] = [];
const upstream = createUpstreamClient({ connectMs: 2000, headersMs: 5000, bodyMs: 5000 });

function snapshotWith(credentials: { accessKeyId: string; secretAccessKey: string }): Snapshot {
  const [entry] = configSchema.parse({
    providers: [{ id: 'aws', preset: 'bedrock', baseUrl: mock.url, region: 'eu-west-3', ...credentials }],
  }).providers;
  const provider = providerFromConfig(entry!, {});
  return { providers: new Map([[provider.id, provider]]), aliases: new Map(), chains: new Map(), keysByHash: new Map() };
}

let snapshot: Snapshot;

before(async () => {
  mock = await startMockUpstream({ chunkDelayMs: 1 });
  snapshot = snapshotWith(mockAwsCredentials);
  const deps: ProxyDependencies = {
    snapshot: { current: () => snapshot },
    protocols: { 'openai-chat': clientProtocol, 'bedrock-converse': bedrockConverseProtocol },
    upstream,
    usage: { record: (record) => records.push(record) },
  };
  server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const controller = new AbortController();
      void proxyRequest(deps, {
        requestId: `req-${records.length}`,
        clientProtocol: 'openai-chat',
        body,
        requestedModel: String(body.model),
        stream: body.stream === true,
        keyId: null,
        clientHeaders: incoming.headers,
        response,
        signal: controller.signal,
        startedAt: performance.now(),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.close();
  await upstream.close();
  await mock.close();
});

const model = 'aws/anthropic.claude-3-5-haiku-20241022-v1:0';

function chatRequest(text: string, stream: boolean): ChatRequest {
  return {
    model,
    system: [{ type: 'text', text: 'Be brief.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    tools: [{ kind: 'function', name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    sampling: {},
    maxOutputTokens: 256,
    stream,
    extensions: {},
  };
}

async function send(body: ChatRequest): Promise<{ status: number; text: string }> {
  const response = await request(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: response.statusCode, text: await response.body.text() };
}

function events(text: string): StreamEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: {'))
    .map((block) => JSON.parse(block.slice('data: '.length)) as StreamEvent);
}

test('a signed ConverseStream answer is decoded from event-stream frames into canonical events', async () => {
  const { status, text } = await send(chatRequest('[reasoning] [tool:get_weather]', true));
  assert.equal(status, 200);
  const decoded = events(text);
  assert.deepEqual(
    decoded.map((event) => event.type),
    ['message-start', 'reasoning-start', 'reasoning-delta', 'reasoning-signature', 'reasoning-end', 'tool-call-start', 'tool-call-delta', 'tool-call-delta', 'tool-call-end', 'usage', 'finish'],
  );
  const argumentsText = decoded.flatMap((event) => (event.type === 'tool-call-delta' ? [event.argumentsDelta] : [])).join('');
  assert.equal(argumentsText, '{"city":"Paris"}');
  const start = decoded.find((event) => event.type === 'tool-call-start');
  assert.deepEqual(start !== undefined && start.type === 'tool-call-start' ? [start.id, start.name] : [], ['tooluse_mock_1', 'get_weather']);
  assert.deepEqual(decoded.at(-1), { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_use' });
  assert.ok(text.endsWith('data: [END]\n\n'));

  // The mock saw a SigV4-signed request on the Converse path, for the region configured.
  const seen = mock.requests.at(-1);
  assert.equal(seen?.url, '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream');
  assert.match(String(seen?.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDMOCKBEDROCK\/\d{8}\/eu-west-3\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date, /);
  assert.equal(seen?.headers.accept, 'application/vnd.amazon.eventstream');
  const body = seen?.body as Record<string, unknown>;
  assert.deepEqual(body.system, [{ text: 'Be brief.' }]);
  assert.deepEqual(body.inferenceConfig, { maxTokens: 256 });

  // Metered, and priced from the catalog (Claude 3.5 Haiku on Bedrock: $0.80 / $4 per million).
  const record = records.at(-1);
  assert.equal(record?.upstreamProtocol, 'bedrock-converse');
  assert.equal(record?.status, 200);
  assert.ok((record?.usage.inputTokens ?? 0) > 0 && (record?.usage.outputTokens ?? 0) > 0);
  const expected = Math.round((record?.usage.inputTokens ?? 0) * 0.8 + (record?.usage.outputTokens ?? 0) * 4);
  assert.equal(record?.costMicros, expected);
});

test('a non-streaming Converse answer is decoded, text and usage', async () => {
  const { status, text } = await send(chatRequest('hello bedrock', false));
  assert.equal(status, 200);
  const response = JSON.parse(text) as { content: Array<{ type: string; text?: string }>; finishReason: string; usage: { inputTokens: number } };
  assert.deepEqual(response.content, [{ type: 'text', text: 'You said: hello bedrock' }]);
  assert.equal(response.finishReason, 'stop');
  assert.ok(response.usage.inputTokens > 0);
  assert.equal(mock.requests.at(-1)?.url, '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
});

test('a wrong secret key is refused by the mock\'s signature check, and the client hears why', async () => {
  const good = snapshot;
  snapshot = snapshotWith({ accessKeyId: mockAwsCredentials.accessKeyId, secretAccessKey: 'not-the-secret' });
  try {
    const { status, text } = await send(chatRequest('hello', false));
    assert.equal(status, 403);
    assert.match(text, /signature we calculated does not match/);
  } finally {
    snapshot = good;
  }
});

test('a Bedrock throttling answer becomes a 429 with the upstream message', async () => {
  const { status, text } = await send(chatRequest('[error:429]', false));
  assert.equal(status, 429);
  assert.match(text, /mock error 429 as requested/);
});
