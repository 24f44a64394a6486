import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ContentPart, Message } from '../../src/core/content.js';
import type { ChatRequest } from '../../src/core/request.js';
import type { StreamEvent } from '../../src/core/stream.js';
import { anthropicMessagesCodec as codec } from '../../src/protocols/anthropic-messages/definition.js';
import { createSseDecoder } from '../../src/protocols/sse/decode.js';
import { claudeCodeRequest } from '../fixtures/anthropic-messages.js';
import { mockApiKey } from '../helpers/gateway.js';
import { mockSignature } from '../mock-upstream/scenario.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';

// The Anthropic codec as an upstream encoder for translated requests (what a
// Chat, Responses or Gemini client becomes), checked against the Anthropic
// mock, which refuses what Anthropic refuses.
let mock: MockUpstream;
before(async () => {
  mock = await startMockUpstream({ apiKey: mockApiKey });
});
after(() => mock.close());

const weather = { kind: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

function canonical(messages: Message[], overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'fast', system: [{ type: 'text', text: 'You are terse.' }], messages, tools: [weather], sampling: {}, stream: false, extensions: {}, ...overrides };
}

async function send(request: ChatRequest): Promise<Response> {
  const encoded = codec.encodeRequest(request, { model: 'claude-sonnet-4-6', provider: 'claude' });
  return fetch(`${mock.url}/v1${encoded.path}`, {
    method: 'POST',
    headers: { ...encoded.headers, 'x-api-key': mockApiKey, 'content-type': 'application/json' },
    body: JSON.stringify(encoded.body),
  });
}

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

test('a Chat-style history with what Anthropic refuses is encoded into a request the mock accepts', async () => {
  const messages: Message[] = [
    user('weather in two cities? [tools:2]'),
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'deepseek style thought', origin: { protocol: 'openai-chat' } },
        { type: 'text', text: '' },
        { type: 'tool-call', id: 'call.0', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'call.1', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      ],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call.0', content: [{ type: 'text', text: 'sunny' }] }] },
    { role: 'system', content: [{ type: 'text', text: 'Answer in one line.' }] },
  ];
  // Sent as is, Anthropic (and the mock) would refuse it: the second call is unanswered, ids hold dots, text is empty.
  const raw = await fetch(`${mock.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': mockApiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'get_weather', input: {} }, { type: 'tool_use', id: 'b', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'sunny' }] },
      ],
    }),
  });
  assert.equal(raw.status, 400);
  assert.match(((await raw.json()) as { error: { message: string } }).error.message, /`tool_use` ids were found without `tool_result` blocks immediately after: b\./);

  const response = await send(canonical(messages));
  assert.equal(response.status, 200, await response.clone().text());
  const decoded = codec.decodeResponse(await response.json(), { provider: 'claude' });
  assert.deepEqual(decoded.content, [{ type: 'text', text: 'Tool said: sunny\n' }]);
  assert.equal(decoded.finishReason, 'stop');
});

test('a two-turn tool loop with thinking: the signed thinking from the decoded response replays and the mock verifies it', async () => {
  const first = await send(canonical([user('[reasoning] [tool:get_weather]')], { reasoning: { effort: 'low' } }));
  assert.equal(first.status, 200);
  const sentBody = mock.requests.at(-1)?.body as Record<string, unknown>;
  assert.deepEqual(sentBody.thinking, { type: 'enabled', budget_tokens: 2048 });
  assert.ok((sentBody.max_tokens as number) > 2048);
  const answer = codec.decodeResponse(await first.json(), { provider: 'claude' });
  assert.deepEqual(answer.content.map((part) => part.type), ['reasoning', 'tool-call']);
  assert.equal(answer.finishReason, 'tool-calls');
  const call = answer.content[1] as Extract<ContentPart, { type: 'tool-call' }>;

  const second = await send(
    canonical(
      [
        user('[reasoning] [tool:get_weather]'),
        { role: 'assistant', content: answer.content },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: call.id, content: [{ type: 'text', text: 'cloudy' }] }] },
      ],
      { reasoning: { effort: 'low' } },
    ),
  );
  assert.equal(second.status, 200, await second.clone().text());
  const replayed = (mock.requests.at(-1)?.body as { messages: Array<{ content: unknown[] }> }).messages[1]?.content[0];
  assert.deepEqual(replayed, { type: 'thinking', thinking: 'Let me think about this.', signature: mockSignature('Let me think about this.') });
  assert.equal(codec.decodeResponse(await second.json(), {}).content.at(-1)?.type, 'text');
});

test('streamed from the mock, decoded to canonical events: thinking with signature, split tool arguments, usage', async () => {
  const response = await send(canonical([user('[reasoning] [tool:get_weather] [cache]')], { stream: true, reasoning: { budgetTokens: 1024 } }));
  assert.equal(response.status, 200);
  const decoder = codec.createStreamDecoder({ provider: 'claude' });
  const frames = createSseDecoder();
  const events: StreamEvent[] = [...frames.push(await response.text()), ...frames.flush()].flatMap((event) => decoder.decode(event));
  events.push(...decoder.end());
  const argumentPieces = events.filter((event) => event.type === 'tool-call-delta').map((event) => event.argumentsDelta);
  assert.ok(argumentPieces.length >= 2, 'tool arguments arrive in pieces');
  assert.equal(argumentPieces.join(''), '{"city":"Paris"}');
  assert.ok(events.some((event) => event.type === 'reasoning-signature' && event.signature === mockSignature('Let me think about this.')));
  const start = events[0];
  assert.ok(start?.type === 'message-start');
  assert.ok((start.usage?.cacheReadTokens ?? 0) > 0);
  assert.equal(start.usage?.inputTokens, (start.usage?.cacheReadTokens ?? 0) * 2 + ((start.usage?.inputTokens ?? 0) % 2), 'input includes the cache reads');
  assert.deepEqual(events.at(-1), { type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_use' });
});

test('an upstream error decodes to a retryable GatewayError with the upstream message', async () => {
  const response = await send(canonical([user('[error:529]')]));
  assert.equal(response.status, 529);
  const error = codec.decodeError(response.status, await response.json());
  assert.equal(error.message, 'mock error 529 as requested');
  assert.equal(error.retryable, true);
  const limited = await send(canonical([user('[error:429]')]));
  assert.equal(limited.headers.get('retry-after'), '1');
  assert.equal(codec.decodeError(429, await limited.json()).code, 'SY_RATE_LIMITED');
});

test('the Claude Code request, decoded and re-encoded, is accepted: signed thinking replayed, system message folded, 4 breakpoints', async () => {
  const decoded = codec.decodeRequest(claudeCodeRequest('go on [reasoning]'), {});
  const response = await send({ ...decoded, stream: false });
  assert.equal(response.status, 200, await response.clone().text());
  const sent = mock.requests.at(-1)?.body as Record<string, unknown>;
  assert.equal(JSON.stringify(sent).split('"cache_control"').length - 1, 4);
  assert.deepEqual(sent.thinking, { type: 'adaptive' });
  assert.deepEqual(sent.context_management, { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] });
  const messages = sent.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
  assert.ok(messages.every((message) => message.role === 'user' || message.role === 'assistant'));
  assert.equal(messages.at(-1)?.content[0]?.text, 'System: The user switched to plan mode.');
  assert.equal(codec.decodeResponse(await response.json(), {}).content[0]?.type, 'reasoning');
});
