import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, type Content } from '@google/genai';
import OpenAI from 'openai';
import { mockApiKey, startTestGateway, waitForUsageRow, type TestGateway } from '../helpers/gateway.js';

/**
 * The protocol hub end to end: each of the four client protocols, driven by
 * its official SDK, against each of the four upstream protocols spoken by
 * the mock, streaming and not. The mock answers from one scenario plan
 * (test/mock-upstream/scenario.ts), so every pair must produce the same
 * visible result.
 */

const upstreams = ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'] as const;
type UpstreamProtocol = (typeof upstreams)[number];

const aliasFor: Record<UpstreamProtocol, string> = {
  'openai-chat': 'via-chat',
  'openai-responses': 'via-responses',
  'anthropic-messages': 'via-anthropic',
  gemini: 'via-gemini',
};

// A 1×1 transparent PNG.
const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string', description: 'City name' } },
  required: ['city'],
  additionalProperties: false,
};

interface TextResult {
  text: string;
  inputTokens: number;
  outputTokens: number;
  requestId?: string;
}

interface ClientDriver {
  name: string;
  text(model: string, prompt: string, stream: boolean): Promise<TextResult>;
  /** Turn 1 asks for a tool call; turn 2 sends the tool's result and returns the final text. */
  toolRoundTrip(model: string, stream: boolean, options: { reasoning: boolean; parallel?: boolean }): Promise<{ calls: Array<{ name: string; arguments: unknown }>; finalText: string }>;
  image(model: string, stream: boolean): Promise<string>;
  /** Resolves with the HTTP status the SDK saw for an upstream error. */
  error(model: string, status: number, stream: boolean): Promise<number>;
}

let context: TestGateway;

function chatDriver(): ClientDriver {
  const client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
  const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: weatherParameters } }];
  async function complete(body: OpenAI.ChatCompletionCreateParamsNonStreaming, stream: boolean): Promise<{ message: OpenAI.ChatCompletionMessage & { reasoning_content?: string }; usage?: OpenAI.CompletionUsage; requestId?: string }> {
    if (!stream) {
      const { data, response } = await client.chat.completions.create(body).withResponse();
      return { message: data.choices[0]!.message, usage: data.usage, requestId: response.headers.get('x-request-id') ?? undefined };
    }
    const { data: events, response } = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }).withResponse();
    let content = '';
    let reasoning = '';
    const calls: Array<{ id: string; name: string; arguments: string }> = [];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of events) {
      if (chunk.usage) usage = chunk.usage;
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue;
      content += delta.content ?? '';
      // reasoning_content is the DeepSeek-style field the gateway uses for reasoning text; the SDK does not type it.
      reasoning += (delta as { reasoning_content?: string }).reasoning_content ?? '';
      for (const call of delta.tool_calls ?? []) {
        const entry = (calls[call.index] ??= { id: '', name: '', arguments: '' });
        if (call.id) entry.id = call.id;
        if (call.function?.name) entry.name = call.function.name;
        entry.arguments += call.function?.arguments ?? '';
      }
    }
    const message: OpenAI.ChatCompletionMessage & { reasoning_content?: string } = {
      role: 'assistant',
      content: content === '' ? null : content,
      refusal: null,
      ...(reasoning === '' ? {} : { reasoning_content: reasoning }),
      ...(calls.length === 0 ? {} : { tool_calls: calls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })) }),
    };
    return { message, usage, requestId: response.headers.get('x-request-id') ?? undefined };
  }
  return {
    name: 'openai-chat',
    async text(model, prompt, stream) {
      const result = await complete({ model, messages: [{ role: 'user', content: prompt }] }, stream);
      return { text: result.message.content ?? '', inputTokens: result.usage?.prompt_tokens ?? -1, outputTokens: result.usage?.completion_tokens ?? -1, requestId: result.requestId };
    },
    async toolRoundTrip(model, stream, options) {
      const prompt = `${options.reasoning ? '[reasoning] ' : ''}${options.parallel ? '[tools:2]' : '[tool:get_weather]'} What is the weather?`;
      const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: prompt }];
      const first = await complete({ model, messages, tools, ...(options.reasoning ? { reasoning_effort: 'low' } : {}) }, stream);
      const calls = (first.message.tool_calls ?? []).filter((call) => call.type === 'function');
      messages.push(first.message);
      for (const call of calls) messages.push({ role: 'tool', tool_call_id: call.id, content: `sunny in ${(JSON.parse(call.function.arguments) as { city: string }).city}` });
      const second = await complete({ model, messages, tools, ...(options.reasoning ? { reasoning_effort: 'low' } : {}) }, stream);
      return { calls: calls.map((call) => ({ name: call.function.name, arguments: JSON.parse(call.function.arguments) })), finalText: second.message.content ?? '' };
    },
    async image(model, stream) {
      const result = await complete(
        { model, messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${pngBase64}` } }] }] },
        stream,
      );
      return result.message.content ?? '';
    },
    async error(model, status, stream) {
      try {
        await complete({ model, messages: [{ role: 'user', content: `[error:${status}]` }] }, stream);
      } catch (error) {
        if (error instanceof OpenAI.APIError) return (error.status as number | undefined) ?? -1;
        throw error;
      }
      return 200;
    },
  };
}

/** The text of a Responses object (the SDK's output_text exists only on non-streamed results). */
function outputText(response: OpenAI.Responses.Response): string {
  let text = '';
  for (const item of response.output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}

function responsesDriver(): ClientDriver {
  const client = new OpenAI({ apiKey: context.key, baseURL: `${context.gateway.url}/v1`, maxRetries: 0 });
  const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: weatherParameters, strict: true }];
  async function respond(body: OpenAI.Responses.ResponseCreateParamsNonStreaming, stream: boolean): Promise<{ response: OpenAI.Responses.Response; requestId?: string }> {
    if (!stream) {
      const { data, response } = await client.responses.create(body).withResponse();
      return { response: data, requestId: response.headers.get('x-request-id') ?? undefined };
    }
    const { data: events, response } = await client.responses.create({ ...body, stream: true }).withResponse();
    let completed: OpenAI.Responses.Response | undefined;
    let lastSequence = -1;
    for await (const event of events) {
      assert.ok(event.sequence_number > lastSequence, 'sequence numbers increase');
      lastSequence = event.sequence_number;
      if (event.type === 'response.completed' || event.type === 'response.incomplete') completed = event.response;
      if (event.type === 'response.failed') throw Object.assign(new Error('response.failed'), { status: 500 });
    }
    assert.ok(completed, 'a response.completed event');
    return { response: completed, requestId: response.headers.get('x-request-id') ?? undefined };
  }
  return {
    name: 'openai-responses',
    async text(model, prompt, stream) {
      const { response, requestId } = await respond({ model, input: prompt }, stream);
      return { text: outputText(response), inputTokens: response.usage?.input_tokens ?? -1, outputTokens: response.usage?.output_tokens ?? -1, requestId };
    },
    async toolRoundTrip(model, stream, options) {
      const prompt = `${options.reasoning ? '[reasoning] ' : ''}${options.parallel ? '[tools:2]' : '[tool:get_weather]'} What is the weather?`;
      const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: prompt }];
      const reasoning = options.reasoning ? { reasoning: { effort: 'low' as const }, include: ['reasoning.encrypted_content' as const] } : {};
      const first = await respond({ model, input, tools, store: false, ...reasoning }, stream);
      const calls = first.response.output.filter((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
      input.push(...(first.response.output as OpenAI.Responses.ResponseInputItem[]));
      for (const call of calls) {
        input.push({ type: 'function_call_output', call_id: call.call_id, output: `sunny in ${(JSON.parse(call.arguments) as { city: string }).city}` });
      }
      const second = await respond({ model, input, tools, store: false, ...reasoning }, stream);
      return { calls: calls.map((call) => ({ name: call.name, arguments: JSON.parse(call.arguments) })), finalText: outputText(second.response) };
    },
    async image(model, stream) {
      const { response } = await respond(
        { model, input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: `data:image/png;base64,${pngBase64}`, detail: 'auto' }] }] },
        stream,
      );
      return outputText(response);
    },
    async error(model, status, stream) {
      try {
        await respond({ model, input: `[error:${status}]` }, stream);
      } catch (error) {
        if (error instanceof OpenAI.APIError) return (error.status as number | undefined) ?? -1;
        return (error as { status?: number }).status ?? -1;
      }
      return 200;
    },
  };
}

function anthropicDriver(): ClientDriver {
  const client = new Anthropic({ apiKey: context.key, baseURL: context.gateway.url, maxRetries: 0 });
  const tools: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Weather for a city', input_schema: weatherParameters as Anthropic.Tool.InputSchema }];
  async function send(body: Anthropic.MessageCreateParamsNonStreaming, stream: boolean): Promise<{ message: Anthropic.Message; requestId?: string }> {
    if (!stream) {
      const { data, response } = await client.messages.create(body).withResponse();
      return { message: data, requestId: response.headers.get('x-request-id') ?? undefined };
    }
    const runner = client.messages.stream(body);
    const message = await runner.finalMessage();
    return { message };
  }
  const textOf = (message: Anthropic.Message): string => message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return {
    name: 'anthropic-messages',
    async text(model, prompt, stream) {
      const { message, requestId } = await send({ model, max_tokens: 1024, messages: [{ role: 'user', content: prompt }] }, stream);
      const input = message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0);
      return { text: textOf(message), inputTokens: input, outputTokens: message.usage.output_tokens, requestId };
    },
    async toolRoundTrip(model, stream, options) {
      const prompt = `${options.reasoning ? '[reasoning] ' : ''}${options.parallel ? '[tools:2]' : '[tool:get_weather]'} What is the weather?`;
      const thinking = options.reasoning ? { thinking: { type: 'enabled' as const, budget_tokens: 1024 } } : {};
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: prompt }];
      const first = await send({ model, max_tokens: 2048, messages, tools, ...thinking }, stream);
      const calls = first.message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
      messages.push({ role: 'assistant', content: first.message.content as Anthropic.ContentBlockParam[] });
      messages.push({
        role: 'user',
        content: calls.map((call) => ({ type: 'tool_result' as const, tool_use_id: call.id, content: `sunny in ${(call.input as { city: string }).city}` })),
      });
      const second = await send({ model, max_tokens: 2048, messages, tools, ...thinking }, stream);
      return { calls: calls.map((call) => ({ name: call.name, arguments: call.input })), finalText: textOf(second.message) };
    },
    async image(model, stream) {
      const { message } = await send(
        {
          model,
          max_tokens: 1024,
          messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: pngBase64 } }, { type: 'text', text: 'What is this?' }] }],
        },
        stream,
      );
      return textOf(message);
    },
    async error(model, status, stream) {
      try {
        await send({ model, max_tokens: 64, messages: [{ role: 'user', content: `[error:${status}]` }] }, stream);
      } catch (error) {
        if (error instanceof Anthropic.APIError) return (error.status as number | undefined) ?? -1;
        throw error;
      }
      return 200;
    },
  };
}

function geminiDriver(): ClientDriver {
  const client = new GoogleGenAI({ apiKey: context.key, httpOptions: { baseUrl: context.gateway.url } });
  const tools = [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city', parametersJsonSchema: weatherParameters }] }];
  interface Generated {
    parts: NonNullable<Content['parts']>;
    inputTokens: number;
    outputTokens: number;
  }
  async function generate(model: string, contents: Content[], config: Record<string, unknown>, stream: boolean): Promise<Generated> {
    if (!stream) {
      const response = await client.models.generateContent({ model, contents, config });
      const usage = response.usageMetadata;
      return {
        parts: response.candidates?.[0]?.content?.parts ?? [],
        inputTokens: usage?.promptTokenCount ?? -1,
        outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
      };
    }
    const parts: NonNullable<Content['parts']> = [];
    let inputTokens = -1;
    let outputTokens = -1;
    for await (const chunk of await client.models.generateContentStream({ model, contents, config })) {
      parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
      if (chunk.usageMetadata) {
        inputTokens = chunk.usageMetadata.promptTokenCount ?? inputTokens;
        outputTokens = (chunk.usageMetadata.candidatesTokenCount ?? 0) + (chunk.usageMetadata.thoughtsTokenCount ?? 0);
      }
    }
    return { parts, inputTokens, outputTokens };
  }
  const textOf = (parts: Generated['parts']): string => parts.filter((part) => part.thought !== true).map((part) => part.text ?? '').join('');
  return {
    name: 'gemini',
    async text(model, prompt, stream) {
      const result = await generate(model, [{ role: 'user', parts: [{ text: prompt }] }], {}, stream);
      return { text: textOf(result.parts), inputTokens: result.inputTokens, outputTokens: result.outputTokens };
    },
    async toolRoundTrip(model, stream, options) {
      const prompt = `${options.reasoning ? '[reasoning] ' : ''}${options.parallel ? '[tools:2]' : '[tool:get_weather]'} What is the weather?`;
      const config = { tools, ...(options.reasoning ? { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } : {}) };
      const contents: Content[] = [{ role: 'user', parts: [{ text: prompt }] }];
      const first = await generate(model, contents, config, stream);
      const calls = first.parts.filter((part) => part.functionCall !== undefined).map((part) => part.functionCall!);
      contents.push({ role: 'model', parts: first.parts });
      contents.push({
        role: 'user',
        parts: calls.map((call) => ({ functionResponse: { id: call.id, name: call.name, response: { result: `sunny in ${(call.args as { city: string }).city}` } } })),
      });
      const second = await generate(model, contents, config, stream);
      return { calls: calls.map((call) => ({ name: call.name ?? '', arguments: call.args })), finalText: textOf(second.parts) };
    },
    async image(model, stream) {
      const result = await generate(model, [{ role: 'user', parts: [{ text: 'What is this?' }, { inlineData: { mimeType: 'image/png', data: pngBase64 } }] }], {}, stream);
      return textOf(result.parts);
    },
    async error(model, status, stream) {
      try {
        await generate(model, [{ role: 'user', parts: [{ text: `[error:${status}]` }] }], {}, stream);
      } catch (error) {
        const found = (error as { status?: number }).status;
        if (typeof found === 'number') return found;
        throw error;
      }
      return 200;
    },
  };
}

before(async () => {
  context = await startTestGateway({
    overrides: {
      providers: upstreams.map((protocol) => ({
        id: `mock-${protocol}`,
        protocol,
        baseUrl: 'http://127.0.0.1:1',
        apiKey: mockApiKey,
        models: ['mock-model'],
      })),
      aliases: Object.fromEntries(upstreams.map((protocol) => [aliasFor[protocol], `mock-${protocol}/mock-model`])),
    },
  });
  // Point each provider at the mock, whose port is known only now; base URLs as each API documents them.
  const base: Record<UpstreamProtocol, string> = {
    'openai-chat': `${context.mock.url}/v1`,
    'openai-responses': `${context.mock.url}/v1`,
    'anthropic-messages': context.mock.url,
    gemini: `${context.mock.url}/v1beta`,
  };
  for (const provider of context.gateway.config.providers) provider.baseUrl = base[provider.protocol as UpstreamProtocol];
  await context.gateway.state.reload();
});
after(() => context.close());

const drivers: Array<() => ClientDriver> = [chatDriver, responsesDriver, anthropicDriver, geminiDriver];

for (const makeDriver of drivers) {
  for (const upstream of upstreams) {
    const clientName = makeDriver.name.replace(/Driver$/, '');
    describe(`${clientName} client → ${upstream} upstream`, () => {
      for (const stream of [false, true]) {
        const mode = stream ? 'streaming' : 'non-streaming';
        test(`plain text, ${mode}, with usage`, async () => {
          const driver = makeDriver();
          const result = await driver.text(aliasFor[upstream], 'hello matrix', stream);
          assert.equal(result.text, 'You said: hello matrix');
          // The reply is 22 characters: the mock's 4-characters-a-token count gives 6, in every protocol's accounting.
          assert.equal(result.outputTokens, 6);
          assert.ok(result.inputTokens > 0);
          if (result.requestId !== undefined) {
            const row = await waitForUsageRow(context.gateway, result.requestId);
            assert.ok(row, 'usage row');
            assert.equal(row.output_tokens, 6);
            assert.equal(row.input_tokens, result.inputTokens);
            assert.equal(row.upstream_protocol, upstream);
          }
        });
        test(`two-turn tool round trip, ${mode}`, async () => {
          const result = await makeDriver().toolRoundTrip(aliasFor[upstream], stream, { reasoning: false });
          assert.deepEqual(result.calls, [{ name: 'get_weather', arguments: { city: 'Paris' } }]);
          assert.match(result.finalText, /^Tool said: .*sunny in Paris/);
        });
        test(`parallel tool calls, ${mode}`, async () => {
          const result = await makeDriver().toolRoundTrip(aliasFor[upstream], stream, { reasoning: false, parallel: true });
          assert.deepEqual(result.calls, [
            { name: 'get_weather', arguments: { city: 'Paris' } },
            { name: 'get_weather', arguments: { city: 'Tokyo' } },
          ]);
          assert.match(result.finalText, /sunny in (Paris|Tokyo)/);
        });
        test(`reasoning replayed across a tool round trip, ${mode}`, async () => {
          const result = await makeDriver().toolRoundTrip(aliasFor[upstream], stream, { reasoning: true });
          assert.deepEqual(result.calls, [{ name: 'get_weather', arguments: { city: 'Paris' } }]);
          assert.match(result.finalText, /^Tool said: .*sunny in Paris/);
        });
        test(`image input, ${mode}`, async () => {
          assert.equal(await makeDriver().image(aliasFor[upstream], stream), 'I see an image (image/png).');
        });
        test(`upstream error in the client's shape, ${mode}`, async () => {
          assert.equal(await makeDriver().error(aliasFor[upstream], 400, stream), 400);
        });
      }
    });
  }
}
