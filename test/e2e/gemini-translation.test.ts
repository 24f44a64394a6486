import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import type { ToolCallPart } from '../../src/core/content.js';
import type { ChatRequest } from '../../src/core/request.js';
import type { StreamEvent } from '../../src/core/stream.js';
import { embedThoughtSignature, extractThoughtSignature } from '../../src/core/tool-call-id.js';
import type { EncodedRequest } from '../../src/protocols/codec.js';
import { geminiCodec } from '../../src/protocols/gemini/codec.js';
import { createSseDecoder } from '../../src/protocols/sse/decode.js';
import { functionCallSignature } from '../mock-upstream/gemini.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';

/**
 * The translation path into a Gemini upstream, driven at the codec level
 * against the Gemini mock: what another protocol's client becomes once
 * decoded (a canonical request) is encoded for Gemini, answered, decoded,
 * and replayed the way a Chat / Anthropic / Responses client replays it —
 * with the thought signature riding in the tool-call id. Proves the schema
 * cleaning and the signature survival against Gemini's own checks.
 */
let mock: MockUpstream;
before(async () => {
  mock = await startMockUpstream({ apiKey: 'k' });
});
after(() => mock.close());

async function send(encoded: EncodedRequest): Promise<{ status: number; text: string }> {
  const query = encoded.query === undefined ? '' : `?${new URLSearchParams(encoded.query).toString()}`;
  const response = await request(`${mock.url}/v1beta${encoded.path}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
    body: JSON.stringify(encoded.body),
  });
  return { status: response.statusCode, text: await response.body.text() };
}

// An MCP-style tool as Chat and Anthropic clients send it (JSON Schema straight from Zod).
const mcpTool = {
  kind: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { city: { type: 'string', minLength: 1 }, unit: { anyOf: [{ type: 'string', enum: ['c', 'f'] }, { type: 'null' }], default: null } },
    required: ['city'],
    additionalProperties: false,
  },
};

function canonical(messages: ChatRequest['messages'], stream = false): ChatRequest {
  return { model: 'client', system: [{ type: 'text', text: 'You are terse.' }], messages, tools: [mcpTool], sampling: {}, stream, reasoning: { effort: 'low' }, extensions: {} };
}

test('an MCP schema is cleaned so Gemini accepts it; the raw schema is refused', async () => {
  const messages: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }];
  const accepted = await send(geminiCodec.encodeRequest(canonical(messages), { model: 'gemini-mock-flash' }));
  assert.equal(accepted.status, 200, accepted.text);
  const raw = geminiCodec.encodeRequest(canonical(messages), { model: 'gemini-mock-flash' });
  const body = raw.body as { tools: Array<{ functionDeclarations: Array<Record<string, unknown>> }> };
  body.tools[0]!.functionDeclarations[0]!.parameters = mcpTool.parameters;
  const refused = await send(raw);
  assert.equal(refused.status, 400);
  const error = geminiCodec.decodeError(refused.status, JSON.parse(refused.text));
  assert.match(error.message, /Unknown name "\$schema"|Unknown name "additionalProperties"/);
  assert.equal(error.code, 'SY_BAD_REQUEST');
});

test('a thought signature survives a non-Gemini client through the tool-call id', async () => {
  const first: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: '[reasoning] [tool:get_weather] weather in Paris?' }] }];
  const answer = await send(geminiCodec.encodeRequest(canonical(first), { model: 'gemini-mock-flash' }));
  assert.equal(answer.status, 200, answer.text);
  const response = geminiCodec.decodeResponse(JSON.parse(answer.text), { provider: 'gem' });
  assert.equal(response.finishReason, 'tool-calls');
  assert.ok(response.content.some((part) => part.type === 'reasoning' && part.text === 'Let me think about this.'), 'thoughts shown: includeThoughts was set');
  const call = response.content.find((part): part is ToolCallPart => part.type === 'tool-call');
  assert.ok(call);
  assert.equal(call.thoughtSignature, functionCallSignature('get_weather'));

  // What a Chat client sees and echoes: the signature inside the id.
  const clientId = embedThoughtSignature(call.id, call.thoughtSignature);
  const recovered = extractThoughtSignature(clientId);
  const replay = (thoughtSignature: string | undefined): ChatRequest['messages'] => [
    ...first,
    {
      role: 'assistant',
      content: [{ type: 'tool-call', id: recovered.id, name: 'get_weather', arguments: call.arguments, ...(thoughtSignature === undefined ? {} : { thoughtSignature }) }],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: recovered.id, content: [{ type: 'text', text: 'sunny' }] }] },
  ];
  const second = await send(geminiCodec.encodeRequest(canonical(replay(recovered.thoughtSignature)), { model: 'gemini-mock-flash' }));
  assert.equal(second.status, 200, second.text);
  const final = geminiCodec.decodeResponse(JSON.parse(second.text), {});
  assert.deepEqual(final.content.filter((part) => part.type === 'text'), [{ type: 'text', text: 'Tool said: sunny' }]);

  // A gateway that lost the signature is refused the way Gemini refuses it.
  const lost = await send(geminiCodec.encodeRequest(canonical(replay(undefined)), { model: 'gemini-mock-flash' }));
  assert.equal(lost.status, 400);
  assert.match(geminiCodec.decodeError(400, JSON.parse(lost.text)).message, /Function call is missing a thought_signature in functionCall parts/);
});

test('a streamed answer decodes to whole tool calls carrying the signature, usage in canonical accounting', async () => {
  const messages: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: '[reasoning] [tools:2] both cities' }] }];
  const streamed = await send(geminiCodec.encodeRequest(canonical(messages, true), { model: 'gemini-mock-flash' }));
  assert.equal(streamed.status, 200);
  const decoder = geminiCodec.createStreamDecoder({ provider: 'gem' });
  const events: StreamEvent[] = [];
  const framing = createSseDecoder();
  for (const event of [...framing.push(streamed.text), ...framing.flush()]) events.push(...decoder.decode(event));
  events.push(...decoder.end());
  const starts = events.filter((event) => event.type === 'tool-call-start');
  assert.equal(starts.length, 2);
  assert.deepEqual(starts.map((event) => [event.index, event.thoughtSignature]), [
    [1, functionCallSignature('get_weather')],
    [2, undefined],
  ]);
  assert.deepEqual(events.filter((event) => event.type === 'tool-call-end'), [{ type: 'tool-call-end', index: 1 }, { type: 'tool-call-end', index: 2 }]);
  assert.deepEqual(events.at(-1), { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'STOP' });
  const usage = events.filter((event) => event.type === 'usage').at(-1);
  assert.ok(usage?.type === 'usage');
  assert.ok((usage.usage.reasoningTokens ?? 0) > 0);
  assert.ok((usage.usage.outputTokens ?? 0) > (usage.usage.reasoningTokens ?? 0));
});
