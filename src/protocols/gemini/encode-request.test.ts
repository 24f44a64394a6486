import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../../core/request.js';
import { encodeGeminiRequest } from './encode-request.js';

/**
 * Canonical requests as the other decoders produce them (an Anthropic
 * client's thinking + tool turn, a Chat client's mid-conversation system
 * message and tool results) → the Gemini body the API reference asks for.
 */
function base(overrides: Partial<ChatRequest>): ChatRequest {
  return { model: 'client-model', system: [], messages: [], tools: [], sampling: {}, stream: false, extensions: {}, ...overrides };
}

test('encode: tool turns, signatures, folded system, merged roles and synthesized answers', () => {
  const encoded = encodeGeminiRequest(
    base({
      system: [{ type: 'text', text: 'Be helpful.', cacheControl: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Tokyo?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Anthropic thinking', signature: 'anthropic-sig', origin: { protocol: 'anthropic-messages' } },
            { type: 'reasoning', text: 'Gemini thought', signature: 'gem-sig', origin: { protocol: 'gemini', provider: 'google' } },
            { type: 'text', text: '' },
            { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', thoughtSignature: 'c2lnLTE=' },
            { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'sunny' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } }] },
          ],
        },
        { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'De rien.' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'call_3', name: 'get_weather', arguments: '{"city":"Rome"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_3', content: [{ type: 'text', text: '[1,2]' }], isError: true }] },
      ],
    }),
    { model: 'gemini-2.5-pro', provider: 'google' },
  );
  assert.equal(encoded.path, '/models/gemini-2.5-pro:generateContent');
  assert.equal(encoded.query, undefined);
  assert.deepEqual(encoded.body, {
    contents: [
      { role: 'user', parts: [{ text: 'Weather in Paris and Tokyo?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Gemini thought', thought: true, thoughtSignature: 'gem-sig' },
          { functionCall: { id: 'call_1', name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnLTE=' },
          { functionCall: { id: 'call_2', name: 'get_weather', args: { city: 'Tokyo' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_1', name: 'get_weather', response: { result: 'sunny' } } },
          { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
          { functionResponse: { id: 'call_2', name: 'get_weather', response: { result: '' } } },
          { text: 'System: Answer in French.' },
          { text: 'Thanks' },
        ],
      },
      {
        role: 'model',
        parts: [{ text: 'De rien.' }, { functionCall: { id: 'call_3', name: 'get_weather', args: { city: 'Rome' } } }],
      },
      { role: 'user', parts: [{ functionResponse: { id: 'call_3', name: 'get_weather', response: { error: [1, 2] } } }] },
    ],
    systemInstruction: { parts: [{ text: 'Be helpful.' }] },
  });
});

test('encode: tools are cleaned, tool choice, sampling, json schema and reasoning effort', () => {
  const encoded = encodeGeminiRequest(
    base({
      stream: true,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      tools: [
        {
          kind: 'function',
          name: 'read_file',
          description: 'Read a file',
          parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
        },
        { kind: 'function', name: 'now', parameters: { type: 'object', properties: {} } },
        { kind: 'custom', name: 'apply_patch', description: 'Apply a patch' },
        { kind: 'hosted', protocol: 'openai-responses', name: 'web_search', value: { type: 'web_search' } },
        { kind: 'hosted', protocol: 'gemini', name: 'codeExecution', value: { codeExecution: {} } },
      ],
      toolChoice: { type: 'required' },
      maxOutputTokens: 100,
      sampling: { temperature: 0.2, topP: 0.9, stop: ['x'], seed: 1, n: 2 },
      responseFormat: { type: 'json-schema', name: 'out', schema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } },
      reasoning: { effort: 'medium' },
    }),
    { model: 'gemini-3-pro' },
  );
  assert.equal(encoded.path, '/models/gemini-3-pro:streamGenerateContent');
  assert.deepEqual(encoded.query, { alt: 'sse' });
  const body = encoded.body as Record<string, unknown>;
  assert.deepEqual(body.tools, [
    {
      functionDeclarations: [
        { name: 'read_file', description: 'Read a file', parameters: { type: 'OBJECT', properties: { path: { type: 'STRING' } }, required: ['path'] } },
        { name: 'now' },
        { name: 'apply_patch', description: 'Apply a patch', parameters: { type: 'OBJECT', properties: { input: { type: 'STRING' } }, required: ['input'] } },
      ],
    },
    { codeExecution: {} },
  ]);
  assert.deepEqual(body.toolConfig, { functionCallingConfig: { mode: 'ANY' } });
  assert.deepEqual(body.generationConfig, {
    temperature: 0.2,
    topP: 0.9,
    maxOutputTokens: 100,
    stopSequences: ['x'],
    candidateCount: 2,
    seed: 1,
    responseMimeType: 'application/json',
    responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
    // Effort as a budget: Gemini 2.5 refuses thinkingLevel, Gemini 3 takes budgets.
    thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 },
  });
});

test('encode: thinking budget, disabled thinking and adaptive thinking', () => {
  const thinking = (reasoning: ChatRequest['reasoning']): unknown =>
    ((encodeGeminiRequest(base({ reasoning, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }), { model: 'g' }).body as Record<string, Record<string, unknown>>)
      .generationConfig ?? {}).thinkingConfig;
  assert.deepEqual(thinking({ budgetTokens: 31999 }), { includeThoughts: true, thinkingBudget: 31999 });
  assert.deepEqual(thinking({ enabled: false }), { thinkingBudget: 0 });
  assert.deepEqual(thinking({ adaptive: true, includeThoughts: false }), { includeThoughts: false, thinkingBudget: -1 });
});

test('encode: a custom tool call goes as {input}, a URL image as fileData, a data URL inline', () => {
  const encoded = encodeGeminiRequest(
    base({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png', mediaType: 'image/png' } },
            { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'apply_patch', arguments: '*** Begin Patch', kind: 'custom' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', name: 'apply_patch', content: [{ type: 'text', text: 'done' }], kind: 'custom' }] },
      ],
    }),
    { model: 'g' },
  );
  const contents = (encoded.body as { contents: Array<{ parts: unknown[] }> }).contents;
  assert.deepEqual(contents[0]?.parts, [{ fileData: { mimeType: 'image/png', fileUri: 'https://example.com/cat.png' } }, { inlineData: { mimeType: 'image/jpeg', data: '/9j/' } }]);
  assert.deepEqual(contents[1]?.parts, [{ functionCall: { id: 'c1', name: 'apply_patch', args: { input: '*** Begin Patch' } } }]);
});

test('encode: an orphan tool result is told as text; a system-only request becomes the user turn', () => {
  const orphan = encodeGeminiRequest(
    base({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'nowhere', name: 'lookup', content: [{ type: 'text', text: 'found' }] }] },
      ],
    }),
    { model: 'g' },
  );
  assert.deepEqual((orphan.body as { contents: unknown }).contents, [{ role: 'user', parts: [{ text: 'hi' }, { text: 'Result of lookup: {"result":"found"}' }] }]);
  const systemOnly = encodeGeminiRequest(base({ system: [{ type: 'text', text: 'Say hello.' }] }), { model: 'g' });
  assert.deepEqual(systemOnly.body, { contents: [{ role: 'user', parts: [{ text: 'Say hello.' }] }] });
});
