import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GoogleGenAI, type Content } from '@google/genai';
import { listUsage } from '../../src/store/repositories/usage.js';
import { mockApiKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { functionCallSignature } from '../mock-upstream/gemini.js';

/**
 * @google/genai (the SDK Gemini CLI is built on) against the gateway, routed
 * to the Gemini mock: passthrough, the model in the path, x-goog-api-key,
 * SSE streams, thought signatures echoed, countTokens and models.list.
 */
let context: TestGateway;
let ai: GoogleGenAI;

before(async () => {
  context = await startTestGateway({
    mock: { chunkDelayMs: 1 },
    extraProviders: (mockUrl) => [{ id: 'gem', protocol: 'gemini', baseUrl: `${mockUrl}/v1beta`, apiKey: mockApiKey, models: ['gemini-mock-flash'] }],
    overrides: { aliases: { fast: 'mock/mock-small', flash: 'gem/gemini-mock-flash' } },
  });
  ai = new GoogleGenAI({ apiKey: context.key, httpOptions: { baseUrl: context.gateway.url } });
});
after(() => context.close());

async function lastUsageRow(): Promise<Awaited<ReturnType<typeof listUsage>>[number]> {
  await context.gateway.usage.flush();
  const rows = await listUsage(context.gateway.db, { limit: 1 });
  assert.ok(rows[0]);
  return rows[0];
}

const weatherTool = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    },
  ],
};

test('generateContent through the gateway reaches the Gemini upstream with its own key and model', async () => {
  const response = await ai.models.generateContent({ model: 'gem/gemini-mock-flash', contents: 'hello gemini', config: { systemInstruction: 'be brief' } });
  assert.equal(response.text, 'You said: hello gemini');
  const call = context.mock.requests.at(-1);
  assert.equal(call?.url, '/v1beta/models/gemini-mock-flash:generateContent');
  assert.equal(call?.headers['x-goog-api-key'], mockApiKey);
  // Passthrough forwards the SDK's x-goog-api-client header.
  assert.match(String(call?.headers['x-goog-api-client']), /google-genai-sdk/);
  assert.deepEqual((call?.body as { systemInstruction: unknown }).systemInstruction, { parts: [{ text: 'be brief' }], role: 'user' });
  const row = await lastUsageRow();
  assert.equal(row.provider, 'gem');
  assert.equal(row.upstream_protocol, 'gemini');
  assert.equal(row.input_tokens, response.usageMetadata?.promptTokenCount);
  assert.equal(row.output_tokens, response.usageMetadata?.candidatesTokenCount);
});

test('cached prompt tokens are metered as cache reads, inside the input count', async () => {
  const response = await ai.models.generateContent({ model: 'flash', contents: '[cache] a prompt long enough to have a cached half' });
  const cached = response.usageMetadata?.cachedContentTokenCount ?? 0;
  assert.ok(cached > 0);
  const row = await lastUsageRow();
  assert.equal(row.cache_read_tokens, cached);
  assert.equal(row.input_tokens, response.usageMetadata?.promptTokenCount);
});

test('generateContentStream streams SSE chunks and meters thoughts as output', async () => {
  const stream = await ai.models.generateContentStream({
    model: 'flash',
    contents: '[reasoning] [long] go',
    config: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } },
  });
  let text = '';
  let thoughts = '';
  let chunks = 0;
  let last: { candidatesTokenCount?: number; thoughtsTokenCount?: number; promptTokenCount?: number } | undefined;
  for await (const chunk of stream) {
    chunks += 1;
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
      if (part.thought === true) thoughts += part.text ?? '';
      else text += part.text ?? '';
    }
    if (chunk.usageMetadata) last = chunk.usageMetadata;
  }
  assert.equal(thoughts, 'Let me think about this.');
  assert.match(text, /^word1 word2 .* word60$/);
  assert.ok(chunks > 10);
  assert.equal(context.mock.requests.at(-1)?.url, '/v1beta/models/gemini-mock-flash:streamGenerateContent?alt=sse');
  const row = await lastUsageRow();
  assert.equal(row.stream, 1);
  assert.ok(last?.thoughtsTokenCount !== undefined && last.thoughtsTokenCount > 0);
  assert.equal(row.output_tokens, (last?.candidatesTokenCount ?? 0) + last.thoughtsTokenCount);
  assert.equal(row.reasoning_tokens, last.thoughtsTokenCount);
});

test('a function call round trip echoes the thought signature, and dropping it is refused', async () => {
  const history: Content[] = [{ role: 'user', parts: [{ text: '[reasoning] [tool:get_weather] weather?' }] }];
  const first = await ai.models.generateContent({ model: 'gem/gemini-mock-flash', contents: history, config: { tools: [weatherTool] } });
  const callPart = first.candidates?.[0]?.content?.parts?.find((part) => part.functionCall !== undefined);
  assert.equal(callPart?.functionCall?.name, 'get_weather');
  assert.deepEqual(callPart?.functionCall?.args, { city: 'Paris' });
  assert.equal(callPart?.thoughtSignature, functionCallSignature('get_weather'));
  assert.equal(first.candidates?.[0]?.finishReason, 'STOP');

  const answer: Content = { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { result: 'sunny, 21C' } } }] };
  const second = await ai.models.generateContent({
    model: 'gem/gemini-mock-flash',
    contents: [...history, first.candidates?.[0]?.content ?? { role: 'model', parts: [] }, answer],
    config: { tools: [weatherTool] },
  });
  assert.equal(second.text, 'Tool said: sunny, 21C');

  const stripped: Content = { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] };
  await assert.rejects(
    ai.models.generateContent({ model: 'gem/gemini-mock-flash', contents: [...history, stripped, answer], config: { tools: [weatherTool] } }),
    (error: Error & { status?: number }) => {
      assert.equal(error.status, 400);
      assert.match(error.message, /missing a thought_signature/);
      return true;
    },
  );
});

test('countTokens is forwarded to the Gemini upstream', async () => {
  const counted = await ai.models.countTokens({ model: 'gem/gemini-mock-flash', contents: 'count these words please' });
  assert.equal(typeof counted.totalTokens, 'number');
  assert.ok((counted.totalTokens ?? 0) > 0);
  const call = context.mock.requests.at(-1);
  assert.equal(call?.url, '/v1beta/models/gemini-mock-flash:countTokens');
  assert.equal(call?.headers['x-goog-api-key'], mockApiKey);
});

test('models.list pages through the routed models in Gemini shape', async () => {
  const pager = await ai.models.list();
  const names: string[] = [];
  for await (const model of pager) names.push(model.name ?? '');
  assert.ok(names.includes('models/gem/gemini-mock-flash'), names.join(','));
  assert.ok(names.includes('models/flash'));
  const one = await ai.models.get({ model: 'flash' });
  assert.equal(one.name, 'models/flash');
});

test('errors come back in Gemini shape: bad key, unknown model, upstream 429 with Retry-After', async () => {
  const stranger = new GoogleGenAI({ apiKey: 'sy-wrong', httpOptions: { baseUrl: context.gateway.url } });
  await assert.rejects(stranger.models.generateContent({ model: 'flash', contents: 'hi' }), (error: Error & { status?: number }) => {
    assert.equal(error.status, 401);
    assert.match(error.message, /UNAUTHENTICATED/);
    return true;
  });
  await assert.rejects(ai.models.generateContent({ model: 'gem-nope', contents: 'hi' }), (error: Error & { status?: number }) => {
    assert.equal(error.status, 404);
    assert.match(error.message, /NOT_FOUND/);
    return true;
  });
  const limited = await fetch(`${context.gateway.url}/v1beta/models/flash:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': context.key },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: '[error:429]' }] }] }),
  });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '1');
  const body = (await limited.json()) as { error: { status: string; code: number } };
  assert.equal(body.error.status, 'RESOURCE_EXHAUSTED');
  assert.equal(body.error.code, 429);
});

test('a streamed function call arrives whole with its signature, and the streamed replay is accepted', async () => {
  const history: Content[] = [{ role: 'user', parts: [{ text: '[reasoning] [tools:2] weather in two cities' }] }];
  const config = { tools: [weatherTool], thinkingConfig: { includeThoughts: true } };
  const modelParts: NonNullable<Content['parts']> = [];
  for await (const chunk of await ai.models.generateContentStream({ model: 'flash', contents: history, config })) {
    modelParts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
  }
  const calls = modelParts.filter((part) => part.functionCall !== undefined);
  assert.deepEqual(
    calls.map((part) => [part.functionCall?.args, part.thoughtSignature]),
    [
      [{ city: 'Paris' }, functionCallSignature('get_weather')],
      [{ city: 'Tokyo' }, undefined],
    ],
  );
  const answers: Content = {
    role: 'user',
    parts: calls.map((part) => ({ functionResponse: { name: 'get_weather', response: { result: String((part.functionCall?.args as { city: string }).city) } } })),
  };
  let text = '';
  for await (const chunk of await ai.models.generateContentStream({ model: 'flash', contents: [...history, { role: 'model', parts: modelParts }, answers], config })) {
    text += chunk.text ?? '';
  }
  assert.equal(text, 'Tool said: ParisTokyo');
});
