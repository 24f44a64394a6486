import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../../core/errors.js';
import type { ChatRequest } from '../../core/request.js';
import { embedThoughtSignature } from '../../core/tool-call-id.js';
import { decodeChatRequest } from './decode-request.js';

/**
 * Fixtures written from the OpenAI API reference
 * (https://platform.openai.com/docs/api-reference/chat/create) in the
 * shapes the OpenAI JS SDK 6.x sends (/work/shared/design/CLIENTS.md:
 * model, messages, stream, stream_options, tools with strict, tool_choice,
 * response_format json_schema).
 */
const sdkRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'What is the weather in Paris?', name: 'ada' },
    {
      role: 'assistant',
      content: null,
      reasoning_content: 'The user wants weather; call the tool.',
      tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_abc', content: '18°C and sunny' },
    { role: 'developer', content: 'Answer in French.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'And this?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
        { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'report.pdf' } },
        { type: 'file', file: { file_id: 'file-123' } },
      ],
    },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
        strict: true,
      },
    },
    { type: 'custom', custom: { name: 'apply_patch', description: 'Apply a patch', format: { type: 'text' } } },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: false,
  max_tokens: 100,
  max_completion_tokens: 256,
  temperature: 0.2,
  top_p: 0.9,
  seed: 7,
  frequency_penalty: 0.1,
  presence_penalty: 0.3,
  stop: 'END',
  n: 1,
  logprobs: true,
  top_logprobs: 2,
  response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: { type: 'object' }, strict: true } },
  reasoning_effort: 'low',
  stream: true,
  stream_options: { include_usage: true },
  user: 'user-1',
  metadata: { team: 'blue' },
  prompt_cache_key: 'session-9',
  store: false,
  service_tier: 'flex',
  verbosity: 'low',
};

test('an SDK-shaped request decodes to the canonical request, every field placed', () => {
  const request = decodeChatRequest(sdkRequest, {});
  const expected: ChatRequest = {
    model: 'gpt-4o-mini',
    system: [{ type: 'text', text: 'You are terse.' }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }], name: 'ada' },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'The user wants weather; call the tool.', origin: { protocol: 'openai-chat' } },
          { type: 'tool-call', id: 'call_abc', name: 'get_weather', arguments: '{"city":"Paris"}', kind: 'function' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_abc', name: 'get_weather', content: [{ type: 'text', text: '18°C and sunny' }] }] },
      { role: 'system', developer: true, content: [{ type: 'text', text: 'Answer in French.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'And this?' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'audio', source: { kind: 'base64', mediaType: 'audio/wav', data: 'UklGRg==' }, format: 'wav' },
          { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, filename: 'report.pdf' },
          { type: 'file', source: { kind: 'file-id', fileId: 'file-123' } },
        ],
      },
    ],
    tools: [
      {
        kind: 'function',
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
        strict: true,
      },
      { kind: 'custom', name: 'apply_patch', description: 'Apply a patch', format: { type: 'text' } },
    ],
    toolChoice: { type: 'auto' },
    parallelToolCalls: false,
    // max_completion_tokens wins over the deprecated max_tokens.
    maxOutputTokens: 256,
    sampling: { temperature: 0.2, topP: 0.9, seed: 7, frequencyPenalty: 0.1, presencePenalty: 0.3, n: 1, topLogprobs: 2, logprobs: true, stop: ['END'] },
    responseFormat: { type: 'json-schema', name: 'weather', schema: { type: 'object' }, strict: true },
    reasoning: { effort: 'low' },
    stream: true,
    streamUsage: true,
    user: 'user-1',
    metadata: { team: 'blue' },
    promptCacheKey: 'session-9',
    store: false,
    extensions: { 'openai-chat': { service_tier: 'flex', verbosity: 'low' } },
  };
  assert.deepEqual(request, expected);
});

test('tool-call ids carrying a Gemini thought signature are split back into id and signature', () => {
  const signedId = embedThoughtSignature('call_1', 'sig/with+chars=');
  const request = decodeChatRequest(
    {
      model: 'm',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: '', tool_calls: [{ id: signedId, type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: signedId, content: [{ type: 'text', text: 'done' }] },
      ],
    },
    {},
  );
  assert.deepEqual(request.messages[1]?.content, [
    { type: 'tool-call', id: 'call_1', name: 'f', arguments: '{}', kind: 'function', thoughtSignature: 'sig/with+chars=' },
  ]);
  assert.deepEqual(request.messages[2]?.content[0], { type: 'tool-result', toolCallId: 'call_1', name: 'f', content: [{ type: 'text', text: 'done' }] });
});

test('custom tool calls, Responses-style custom tools, named tool choices, refusals', () => {
  const request = decodeChatRequest(
    {
      model: 'm',
      messages: [
        { role: 'user', content: 'patch it' },
        { role: 'assistant', content: null, refusal: 'I cannot.', tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin Patch' } }] },
      ],
      tools: [{ type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } }],
      tool_choice: { type: 'function', function: { name: 'apply_patch' } },
      stop: ['a', 'b'],
      reasoning_effort: 'none',
    },
    { model: 'routed-model', stream: false },
  );
  assert.equal(request.model, 'routed-model');
  assert.deepEqual(request.tools, [{ kind: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } }]);
  assert.deepEqual(request.toolChoice, { type: 'tool', name: 'apply_patch' });
  assert.deepEqual(request.sampling.stop, ['a', 'b']);
  assert.deepEqual(request.reasoning, { effort: 'none', enabled: false });
  assert.deepEqual(request.messages[1]?.content, [
    { type: 'unknown', protocol: 'openai-chat', value: { type: 'refusal', refusal: 'I cannot.' } },
    { type: 'tool-call', id: 'c1', name: 'apply_patch', arguments: '*** Begin Patch', kind: 'custom' },
  ]);
});

test('cache_control on content parts (OpenRouter/LiteLLM convention) becomes cacheControl for Anthropic upstreams', () => {
  const request = decodeChatRequest(
    {
      model: 'm',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'long prompt', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'q', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      ],
    },
    {},
  );
  assert.deepEqual(request.system, [{ type: 'text', text: 'long prompt', cacheControl: { type: 'ephemeral' } }]);
  assert.deepEqual(request.messages[0]?.content, [{ type: 'text', text: 'q', cacheControl: { type: 'ephemeral', ttl: '1h' } }]);
});

test('values of known fields without a canonical form are kept for Chat', () => {
  const allowed = { type: 'allowed_tools', allowed_tools: { mode: 'auto', tools: [] } };
  const request = decodeChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], tool_choice: allowed, reasoning_effort: 'turbo' }, {});
  assert.deepEqual(request.extensions['openai-chat'], { tool_choice: allowed, reasoning_effort: 'turbo' });
});

test('bad input is a 400 naming the parameter, never a crash', () => {
  const cases: Array<[unknown, string | undefined]> = [
    ['not an object', undefined],
    [{ model: 'm', messages: 'x' }, 'messages'],
    [{ model: 'm', messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    [{ model: 'm', messages: [{ role: 'user', content: 42 }] }, 'messages[0].content'],
    [{ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, 'messages[0].content[0].image_url.url'],
    [{ model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
    [{ model: 'm', messages: [{ role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'f' } }] }] }, 'messages[0].tool_calls[0].id'],
    [{ model: 'm', messages: [], tools: [{ type: 'function', function: {} }] }, 'tools[0].function.name'],
    [{ messages: [] }, 'model'],
  ];
  for (const [body, param] of cases) {
    assert.throws(
      () => decodeChatRequest(body, {}),
      (error: unknown) => error instanceof GatewayError && error.status === 400 && error.param === param,
      JSON.stringify(body),
    );
  }
});
