import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { listUsage } from '../../src/store/repositories/usage.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * Chat Completions end to end with the official SDK: gateway → the mock Chat
 * upstream (passthrough), answering from the shared scenario plan
 * (test/mock-upstream/scenario.ts).
 */
let context: TestGateway;
let client: OpenAI;
before(async () => {
  context = await startTestGateway();
  client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
});
after(() => context.close());

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true },
};

/** DeepSeek-style reasoning_content is not in the SDK's types. */
type WithReasoning<T> = T & { reasoning_content?: string };

test('a two-turn tool round trip: the call comes back, its result goes up, the answer quotes it', async () => {
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather? [tool:get_weather]' }];
  const first = await client.chat.completions.create({ model: 'mock/mock-small', messages, tools: [weatherTool], tool_choice: 'auto' });
  const choice = first.choices[0];
  assert.equal(choice?.finish_reason, 'tool_calls');
  const call = choice?.message.tool_calls?.[0];
  assert.ok(call?.type === 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });

  messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: '18 degrees and sunny' });
  const second = await client.chat.completions.create({ model: 'mock/mock-small', messages, tools: [weatherTool] });
  assert.equal(second.choices[0]?.message.content, 'Tool said: 18 degrees and sunny');
  assert.equal(second.choices[0]?.finish_reason, 'stop');
  const upstreamMessages = (context.mock.requests.at(-1)?.body as { messages: Array<Record<string, unknown>> }).messages;
  assert.deepEqual(upstreamMessages.at(-1), { role: 'tool', tool_call_id: call.id, content: '18 degrees and sunny' });
});

test('parallel tool calls streamed: two calls assembled by index, then the usage chunk', async () => {
  const stream = await client.chat.completions.create({
    model: 'mock/mock-small',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Paris and Tokyo please [tools:2]' }],
    tools: [weatherTool],
  });
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  let finishReason: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  let firstRole: string | undefined;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (choice === undefined) continue;
    firstRole ??= choice.delta.role;
    finishReason = choice.finish_reason ?? finishReason;
    for (const delta of choice.delta.tool_calls ?? []) {
      const call = calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
      call.id += delta.id ?? '';
      call.name += delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
      calls.set(delta.index, call);
    }
  }
  assert.equal(firstRole, 'assistant');
  assert.equal(finishReason, 'tool_calls');
  assert.deepEqual(
    [...calls.values()].map((call) => [call.name, JSON.parse(call.arguments) as unknown]),
    [
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Tokyo' }],
    ],
  );
  assert.notEqual(calls.get(0)?.id, calls.get(1)?.id);
  assert.ok(usage !== undefined && usage.completion_tokens > 0);
});

test('reasoning_content arrives whole and streamed, and reasoning tokens are reported and metered', async () => {
  const { data: completion, response } = await client.chat.completions
    .create({ model: 'mock/mock-small', messages: [{ role: 'user', content: 'think first [reasoning]' }] })
    .withResponse();
  const message = completion.choices[0]?.message as WithReasoning<OpenAI.ChatCompletionMessage>;
  assert.equal(message.reasoning_content, 'Let me think about this.');
  assert.equal(message.content, 'You said: think first [reasoning]');
  // "Let me think about this." is 24 characters: 6 mock tokens, counted inside completion_tokens.
  assert.equal(completion.usage?.completion_tokens_details?.reasoning_tokens, 6);
  await context.gateway.usage.flush();
  const row = (await listUsage(context.gateway.db, { limit: 1000 })).find((candidate) => candidate.id === response.headers.get('x-request-id'));
  assert.equal(row?.output_tokens, completion.usage?.completion_tokens);

  const stream = await client.chat.completions.create({ model: 'mock/mock-small', stream: true, messages: [{ role: 'user', content: 'stream thoughts [reasoning]' }] });
  let reasoning = '';
  let text = '';
  for await (const chunk of stream) {
    const delta: WithReasoning<OpenAI.ChatCompletionChunk.Choice.Delta> | undefined = chunk.choices[0]?.delta;
    reasoning += delta?.reasoning_content ?? '';
    text += delta?.content ?? '';
  }
  assert.equal(reasoning, 'Let me think about this.');
  assert.equal(text, 'You said: stream thoughts [reasoning]');
});

test('an upstream 429 reaches the SDK as a RateLimitError in OpenAI shape with Retry-After', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'mock/mock-small', messages: [{ role: 'user', content: 'slow down [error:429]' }] }), (error: unknown) => {
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.equal(error.type, 'requests');
    assert.equal(error.message, '429 mock error 429 as requested');
    assert.equal(error.headers?.get('retry-after'), '1');
    return true;
  });
});

test('an upstream 500 on a stream reaches the SDK as an InternalServerError before any chunk', async () => {
  await assert.rejects(
    async () => {
      const stream = await client.chat.completions.create({ model: 'mock/mock-small', stream: true, messages: [{ role: 'user', content: 'break [error:500]' }] });
      for await (const chunk of stream) assert.fail(`no chunk expected, got ${JSON.stringify(chunk)}`);
    },
    (error: unknown) => {
      assert.ok(error instanceof OpenAI.InternalServerError);
      assert.equal(error.status, 500);
      assert.equal(error.type, 'server_error');
      return true;
    },
  );
});

test('cache reads are reported as prompt_tokens_details.cached_tokens and metered', async () => {
  const { data: completion, response } = await client.chat.completions
    .create({ model: 'mock/mock-small', messages: [{ role: 'user', content: 'a long shared prefix [cache]' }] })
    .withResponse();
  const prompt = completion.usage?.prompt_tokens ?? 0;
  assert.ok(prompt > 1);
  assert.equal(completion.usage?.prompt_tokens_details?.cached_tokens, Math.floor(prompt / 2));
  await context.gateway.usage.flush();
  const row = (await listUsage(context.gateway.db, { limit: 1000 })).find((candidate) => candidate.id === response.headers.get('x-request-id'));
  assert.equal(row?.cache_read_tokens, Math.floor(prompt / 2));
  assert.equal(row?.input_tokens, prompt);
});

test('an image in the last user message is seen', async () => {
  const completion = await client.chat.completions.create({
    model: 'mock/mock-small',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
        ],
      },
    ],
  });
  assert.equal(completion.choices[0]?.message.content, 'I see an image (image/png).');
});
