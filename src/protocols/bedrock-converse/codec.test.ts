import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../../core/request.js';
import type { StreamEvent } from '../../core/stream.js';
import { encodeEventStreamMessage } from '../aws-event-stream/encode.js';
import { bedrockConverseCodec as codec } from './definition.js';

/**
 * Fixtures written from the Converse / ConverseStream API reference
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * API_runtime_ConverseStream.html, and the ContentBlock, ToolConfiguration,
 * TokenUsage and ConverseStreamOutput shapes).
 */
const converseBody = {
  messages: [
    { role: 'user', content: [{ text: 'What is the weather in Paris?' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] },
    {
      role: 'assistant',
      content: [
        { reasoningContent: { reasoningText: { text: 'The user wants weather.', signature: 'sig-abc' } } },
        { text: 'Let me check.' },
        { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } },
      ],
    },
    { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ text: '18°C, cloudy' }], status: 'success' } }, { text: 'And tomorrow?' }] },
  ],
  system: [{ text: 'You are a weather assistant.' }, { cachePoint: { type: 'default' } }],
  inferenceConfig: { maxTokens: 512, temperature: 0.2, topP: 0.9, stopSequences: ['###'] },
  toolConfig: {
    tools: [
      { toolSpec: { name: 'get_weather', description: 'Weather for a city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } },
      { cachePoint: { type: 'default' } },
    ],
    toolChoice: { any: {} },
  },
  guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: '1' },
};

test('a Converse request survives decode → encode with nothing lost', () => {
  const canonical = codec.decodeRequest(structuredClone(converseBody), { model: 'anthropic.claude-3-7-sonnet-20250219-v1:0', stream: false });
  assert.equal(canonical.system[0]?.cacheControl?.type, 'ephemeral');
  assert.deepEqual(canonical.messages.map((message) => message.role), ['user', 'assistant', 'tool', 'user']);
  assert.deepEqual(canonical.toolChoice, { type: 'required' });
  assert.deepEqual(canonical.extensions['bedrock-converse'], { guardrailConfig: converseBody.guardrailConfig });
  // The reasoning came from Converse, so a Converse upstream gets its signature back.
  const reasoning = canonical.messages[1]?.content[0];
  assert.equal(reasoning?.type === 'reasoning' ? reasoning.origin?.protocol : undefined, 'bedrock-converse');
  const encoded = codec.encodeRequest(canonical, { model: 'anthropic.claude-3-7-sonnet-20250219-v1:0' });
  assert.equal(encoded.path, '/model/anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse');
  assert.deepEqual(encoded.body, converseBody);
});

test('streaming requests go to converse-stream', () => {
  const canonical = codec.decodeRequest(structuredClone(converseBody), { model: 'amazon.nova-pro-v1:0', stream: true });
  assert.equal(codec.encodeRequest(canonical, { model: 'amazon.nova-pro-v1:0' }).path, '/model/amazon.nova-pro-v1%3A0/converse-stream');
});

function canonical(fields: Partial<ChatRequest>): ChatRequest {
  return { model: 'm', system: [], messages: [], tools: [], sampling: {}, stream: false, extensions: {}, ...fields };
}

test('foreign reasoning is dropped, mid-conversation system folds into the user turn, unanswered tool calls get an empty result', () => {
  const request = canonical({
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'system', content: [{ type: 'text', text: 'be terse' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'anthropic thoughts', signature: 'foreign', origin: { protocol: 'anthropic-messages' } },
          { type: 'tool-call', id: 'call_1', name: 'lookup', arguments: '{"q":"x"}' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'never mind' }] },
    ],
    tools: [{ kind: 'function', name: 'lookup', parameters: { type: 'object' } }],
    toolChoice: { type: 'tool', name: 'lookup' },
  });
  const body = codec.encodeRequest(request, { model: 'amazon.nova-lite-v1:0' }).body as typeof converseBody;
  assert.deepEqual(body.messages, [
    { role: 'user', content: [{ text: 'hi' }, { text: 'System: be terse' }] },
    { role: 'assistant', content: [{ toolUse: { toolUseId: 'call_1', name: 'lookup', input: { q: 'x' } } }] },
    { role: 'user', content: [{ toolResult: { toolUseId: 'call_1', content: [{ text: '' }], status: 'success' } }, { text: 'never mind' }] },
  ]);
  assert.deepEqual(body.toolConfig.toolChoice, { tool: { name: 'lookup' } });
});

test('thinking for Claude on Bedrock goes to additionalModelRequestFields with max_tokens above the budget', () => {
  const request = canonical({ messages: [{ role: 'user', content: [{ type: 'text', text: 'think' }] }], reasoning: { effort: 'low' }, maxOutputTokens: 1000 });
  const claude = codec.encodeRequest(request, { model: 'anthropic.claude-sonnet-4-20250514-v1:0' }).body as Record<string, unknown>;
  assert.deepEqual(claude.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } });
  assert.deepEqual(claude.inferenceConfig, { maxTokens: 2048 + 1024 });
  const nova = codec.encodeRequest(request, { model: 'amazon.nova-pro-v1:0' }).body as Record<string, unknown>;
  assert.equal(nova.additionalModelRequestFields, undefined);
});

const converseResponse = {
  output: {
    message: {
      role: 'assistant',
      content: [
        { reasoningContent: { reasoningText: { text: 'Thinking.', signature: 'sig-1' } } },
        { text: 'Here you go.' },
        { toolUse: { toolUseId: 'tooluse_9', name: 'get_weather', input: { city: 'Tokyo' } } },
      ],
    },
  },
  stopReason: 'tool_use',
  usage: { inputTokens: 30, outputTokens: 628, totalTokens: 758, cacheReadInputTokens: 100, cacheWriteInputTokens: 0 },
  metrics: { latencyMs: 1275 },
};

test('a Converse response decodes to canonical content, finish reason and usage (cache reads added to input)', () => {
  const response = codec.decodeResponse(structuredClone(converseResponse), { provider: 'aws' });
  assert.equal(response.finishReason, 'tool-calls');
  assert.equal(response.rawFinishReason, 'tool_use');
  assert.deepEqual(response.usage, { inputTokens: 130, cacheReadTokens: 100, cacheWriteTokens: 0, outputTokens: 628, reasoningTokens: 0 });
  assert.deepEqual(response.content[2], { type: 'tool-call', id: 'tooluse_9', name: 'get_weather', arguments: '{"city":"Tokyo"}' });
  assert.deepEqual(response.content[0], { type: 'reasoning', text: 'Thinking.', signature: 'sig-1', origin: { protocol: 'bedrock-converse', provider: 'aws' } });
  const encoded = codec.encodeResponse(response, { model: 'x' }) as typeof converseResponse;
  assert.deepEqual(encoded.output, converseResponse.output);
  assert.equal(encoded.stopReason, 'tool_use');
  assert.deepEqual(encoded.usage, { inputTokens: 30, outputTokens: 628, totalTokens: 758, cacheReadInputTokens: 100 });
  assert.throws(() => codec.decodeResponse({ message: 'nope' }, {}), /without output\.message\.content/);
});

function frame(eventType: string, payload: unknown): Buffer {
  return encodeEventStreamMessage({ headers: { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, payload: JSON.stringify(payload) });
}

function decodeAll(bytes: Buffer, chunkSize: number): StreamEvent[] {
  const decoder = codec.createStreamDecoder({});
  const events: StreamEvent[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) events.push(...(decoder.decodeBytes?.(bytes.subarray(at, at + chunkSize)) ?? []));
  events.push(...decoder.end());
  return events;
}

test('a binary ConverseStream decodes to canonical events whatever the chunking', () => {
  const stream = Buffer.concat([
    frame('messageStart', { role: 'assistant' }),
    frame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Hmm.' } } }),
    frame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig-9' } } }),
    frame('contentBlockStop', { contentBlockIndex: 0 }),
    frame('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'Hello' } }),
    frame('contentBlockDelta', { contentBlockIndex: 1, delta: { text: ' world' } }),
    frame('contentBlockStop', { contentBlockIndex: 1 }),
    frame('contentBlockStart', { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'tooluse_7', name: 'get_weather' } } }),
    frame('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{"city":' } } }),
    frame('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '"Oslo"}' } } }),
    frame('contentBlockStop', { contentBlockIndex: 2 }),
    frame('messageStop', { stopReason: 'tool_use' }),
    frame('metadata', { usage: { inputTokens: 10, outputTokens: 20, totalTokens: 40, cacheReadInputTokens: 4, cacheWriteInputTokens: 6 }, metrics: { latencyMs: 99 } }),
  ]);
  for (const chunkSize of [1, 7, 64, stream.length]) {
    const events = decodeAll(stream, chunkSize).map((event) => (event.type === 'message-start' ? { ...event, id: 'x' } : event));
    assert.deepEqual(events, [
      { type: 'message-start', id: 'x', model: '' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Hmm.' },
      { type: 'reasoning-signature', index: 0, signature: 'sig-9' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Hello' },
      { type: 'text-delta', index: 1, text: ' world' },
      { type: 'text-end', index: 1 },
      { type: 'tool-call-start', index: 2, id: 'tooluse_7', name: 'get_weather' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '"Oslo"}' },
      { type: 'tool-call-end', index: 2 },
      { type: 'usage', usage: { inputTokens: 20, cacheReadTokens: 4, cacheWriteTokens: 6, outputTokens: 20, reasoningTokens: 0 } },
      { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_use' },
    ], `chunk size ${chunkSize}`);
  }
});

test('an exception frame ends the stream with an error of the right status', () => {
  const stream = Buffer.concat([
    frame('messageStart', { role: 'assistant' }),
    frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'partial' } }),
    encodeEventStreamMessage({ headers: { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' }, payload: '{"message":"Too many requests, please wait before trying again."}' }),
  ]);
  const events = decodeAll(stream, 16);
  assert.deepEqual(events.slice(1, 4).map((event) => event.type), ['text-start', 'text-delta', 'text-end']);
  const last = events.at(-1);
  assert.equal(last?.type, 'error');
  if (last?.type === 'error') {
    assert.equal(last.error.status, 429);
    assert.equal(last.error.retryable, true);
    assert.match(last.error.message, /Too many requests/);
  }
});

test('a stream cut before messageStop, or with a corrupt frame, ends in an error, never a silent finish', () => {
  const cut = decodeAll(Buffer.concat([frame('messageStart', { role: 'assistant' }), frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'a' } })]), 1000);
  assert.deepEqual(cut.slice(-2).map((event) => event.type), ['text-end', 'error']);
  const corrupt = frame('messageStart', { role: 'assistant' });
  corrupt.writeUInt8(corrupt.readUInt8(20) ^ 0xff, 20);
  const events = decodeAll(corrupt, 1000);
  assert.equal(events.at(-1)?.type, 'error');
  assert.equal(events.filter((event) => event.type === 'error').length, 1);
});

test('Bedrock error bodies keep the upstream message and a sensible status', () => {
  const throttled = codec.decodeError(429, { message: 'Too many tokens, please wait before trying again.' });
  assert.equal(throttled.code, 'SY_RATE_LIMITED');
  assert.equal(throttled.retryable, true);
  assert.match(throttled.message, /Too many tokens/);
  const invalid = codec.decodeError(400, { message: 'The model returned the following errors: max_tokens must be positive' });
  assert.equal(invalid.code, 'SY_BAD_REQUEST');
  assert.equal(invalid.retryable, false);
  const rendered = codec.renderError(throttled);
  assert.equal(rendered.headers?.['x-amzn-errortype'], 'ThrottlingException');
});
