import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../../core/request.js';
import { decodeChatRequest } from './decode-request.js';
import { encodeChatRequest } from './encode-request.js';

/** A canonical request as another protocol's decoder would produce it (Anthropic-shaped history). */
const canonical: ChatRequest = {
  model: 'claude-sonnet-4-6',
  system: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Tokyo?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Two cities, two calls.', signature: 'c2ln', origin: { protocol: 'anthropic-messages', provider: 'anthropic' } },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}', thoughtSignature: 'gemini-sig' },
        { type: 'tool-call', id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      ],
    },
    {
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] },
        {
          type: 'tool-result',
          toolCallId: 'toolu_2',
          content: [
            { type: 'text', text: 'rain' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
          ],
        },
      ],
    },
    { role: 'user', content: [{ type: 'unknown', protocol: 'anthropic-messages', value: { type: 'container_upload' } }, { type: 'text', text: 'Thanks' }] },
  ],
  tools: [
    { kind: 'function', name: 'get_weather', parameters: { type: 'object' }, cacheControl: { type: 'ephemeral' } },
    { kind: 'hosted', protocol: 'anthropic-messages', name: 'web_search', value: { type: 'web_search_20250305' } },
  ],
  toolChoice: { type: 'tool', name: 'get_weather' },
  parallelToolCalls: true,
  maxOutputTokens: 1024,
  sampling: { temperature: 1, stop: ['###'] },
  reasoning: { budgetTokens: 8192 },
  stream: true,
  metadata: { user_id: 'u-7' },
  extensions: { 'anthropic-messages': { context_management: { edits: [] } } },
};

test('a canonical request from another protocol becomes a valid Chat body', () => {
  const encoded = encodeChatRequest(canonical, { model: 'gpt-4o-mini', provider: 'openai' });
  assert.equal(encoded.path, '/chat/completions');
  assert.deepEqual(encoded.body, {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris and Tokyo?' },
      {
        role: 'assistant',
        content: 'Checking.',
        // Reasoning text crosses; the Anthropic signature cannot (Chat has no field for it).
        reasoning_content: 'Two cities, two calls.',
        tool_calls: [
          // Bare ids going upstream, so calls and results keep matching.
          { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'rain' },
      // Chat tool messages are text only: the image follows in a user message.
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Attachments returned by tool call toolu_2:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
      },
      { role: 'user', content: 'Thanks' },
    ],
    // The hosted Anthropic tool and the Anthropic extensions are dropped.
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
    parallel_tool_calls: true,
    max_completion_tokens: 1024,
    temperature: 1,
    stop: ['###'],
    // A budget only: the nearest effort (core/reasoning.ts).
    reasoning_effort: 'medium',
    stream: true,
    // Always asked for when streaming, so the gateway can meter.
    stream_options: { include_usage: true },
    metadata: { user_id: 'u-7' },
  });
});

test('custom tools and calls use Chat custom tools; a tool choice naming one says custom', () => {
  const encoded = encodeChatRequest(
    {
      model: 'x',
      system: [],
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'apply_patch', arguments: '*** Begin Patch', kind: 'custom' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [], kind: 'custom' }] },
      ],
      tools: [{ kind: 'custom', name: 'apply_patch', format: { type: 'text' } }],
      toolChoice: { type: 'tool', name: 'apply_patch' },
      sampling: {},
      stream: false,
      responseFormat: { type: 'json-schema', schema: { type: 'object' } },
      extensions: {},
    },
    { model: 'gpt-5' },
  );
  const body = encoded.body as Record<string, unknown>;
  assert.deepEqual(body.tools, [{ type: 'custom', custom: { name: 'apply_patch', format: { type: 'text' } } }]);
  assert.deepEqual(body.tool_choice, { type: 'custom', custom: { name: 'apply_patch' } });
  assert.deepEqual(body.messages, [
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin Patch' } }] },
    { role: 'tool', tool_call_id: 'c1', content: '' },
  ]);
  assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object' } } });
  assert.equal(body.stream, false);
  assert.equal(body.stream_options, undefined);
});

test('without tools there is no tool_choice or parallel_tool_calls (OpenAI rejects them); disabled reasoning is left unsaid', () => {
  const encoded = encodeChatRequest(
    {
      model: 'x',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      tools: [{ kind: 'hosted', protocol: 'gemini', name: 'googleSearch', value: {} }],
      toolChoice: { type: 'none' },
      parallelToolCalls: false,
      reasoning: { enabled: false },
      sampling: {},
      stream: false,
      extensions: {},
    },
    { model: 'gpt-4o' },
  );
  assert.deepEqual(encoded.body, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: false });
});

/** decode∘encode∘decode = decode: a Chat request loses nothing Chat can carry on a trip through the canonical model. */
const roundTripFixtures: Array<[string, Record<string, unknown>]> = [
  [
    'full SDK request',
    {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
        { role: 'user', content: 'hi', name: 'ada' },
        {
          role: 'assistant',
          content: 'calling',
          reasoning_content: 'think',
          refusal: 'partly refused',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'custom', custom: { name: 'apply_patch', input: 'patch' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
        { role: 'developer', content: 'later rule', name: 'ops' },
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'mp3' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' } },
            { type: 'future_part', anything: [1, 2] },
          ],
        },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'd', parameters: { type: 'object' }, strict: false } },
        { type: 'custom', custom: { name: 'apply_patch' } },
        { type: 'web_search_preview' },
      ],
      tool_choice: 'required',
      parallel_tool_calls: true,
      max_completion_tokens: 50,
      temperature: 0.5,
      top_p: 1,
      seed: 3,
      frequency_penalty: 0,
      presence_penalty: 0,
      stop: ['x', 'y'],
      n: 2,
      logprobs: false,
      top_logprobs: 0,
      response_format: { type: 'json_object' },
      reasoning_effort: 'high',
      stream: true,
      stream_options: { include_usage: true },
      user: 'u',
      metadata: { a: '1' },
      prompt_cache_key: 'k',
      store: true,
      logit_bias: { '50256': -100 },
    },
  ],
  ['minimal', { model: 'm', messages: [{ role: 'user', content: 'x' }] }],
  [
    'text format and none choice',
    { model: 'm', messages: [{ role: 'user', content: '' }], tools: [{ type: 'function', function: { name: 'f', parameters: {} } }], tool_choice: 'none', response_format: { type: 'text' } },
  ],
];

for (const [name, fixture] of roundTripFixtures) {
  test(`round trip: ${name}`, () => {
    const decoded = decodeChatRequest(fixture, {});
    const encoded = encodeChatRequest(decoded, { model: decoded.model });
    const again = decodeChatRequest(encoded.body, {});
    assert.deepEqual(again, decoded);
  });
}
