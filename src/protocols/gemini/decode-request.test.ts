import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../../core/request.js';
import { generatedToolCallId } from '../../core/tool-call-id.js';
import { decodeGeminiRequest } from './decode-request.js';
import { encodeGeminiRequest } from './encode-request.js';

/**
 * A Gemini CLI 0.61 turn (shapes from /work/shared/design/CLIENTS.md:
 * systemInstruction with role 'user', parametersJsonSchema tools,
 * thinkingConfig with thinkingLevel, model functionCall + thoughtSignature,
 * user functionResponse) and fields the reference documents.
 */
const geminiCliRequest = {
  contents: [
    { role: 'user', parts: [{ text: 'List the files here.' }] },
    {
      role: 'model',
      parts: [
        { text: 'Looking at the directory.', thought: true, thoughtSignature: 'c2lnLXRob3VnaHQ=' },
        { functionCall: { name: 'list_directory', args: { dir_path: '.' } }, thoughtSignature: 'c2lnLWNhbGw=' },
      ],
    },
    { role: 'user', parts: [{ functionResponse: { name: 'list_directory', response: { output: 'a.txt\nb.txt' } } }] },
    {
      role: 'user',
      parts: [{ text: 'And this image?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }, { fileData: { mimeType: 'application/pdf', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } }],
    },
    { role: 'model', parts: [{ executableCode: { language: 'PYTHON', code: 'print(1)' } }] },
  ],
  systemInstruction: { role: 'user', parts: [{ text: 'You are an interactive CLI agent.' }, { text: 'Be terse.' }] },
  tools: [
    {
      functionDeclarations: [
        {
          name: 'list_directory',
          description: 'Lists a directory.',
          parametersJsonSchema: { type: 'object', properties: { dir_path: { type: 'string' } }, required: ['dir_path'] },
        },
        { name: 'legacy', parameters: { type: 'OBJECT', properties: { flag: { type: 'BOOLEAN', nullable: true } } } },
      ],
    },
    { googleSearch: {} },
  ],
  toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['list_directory'] } },
  generationConfig: {
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxOutputTokens: 8192,
    stopSequences: ['END'],
    seed: 7,
    presencePenalty: 0.1,
    frequencyPenalty: 0.2,
    candidateCount: 1,
    thinkingConfig: { includeThoughts: true, thinkingLevel: 'HIGH' },
    responseModalities: ['TEXT'],
  },
  safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
  cachedContent: 'cachedContents/xyz',
  labels: { team: 'a' },
};

test('decode: a Gemini CLI request becomes the canonical request', () => {
  const request = decodeGeminiRequest(geminiCliRequest, { model: 'gemini-3.1-pro-preview', stream: true });
  assert.equal(request.model, 'gemini-3.1-pro-preview');
  assert.equal(request.stream, true);
  assert.deepEqual(request.system, [
    { type: 'text', text: 'You are an interactive CLI agent.' },
    { type: 'text', text: 'Be terse.' },
  ]);
  const callId = generatedToolCallId('list_directory', '{"dir_path":"."}', 0);
  assert.deepEqual(request.messages, [
    { role: 'user', content: [{ type: 'text', text: 'List the files here.' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Looking at the directory.', signature: 'c2lnLXRob3VnaHQ=', origin: { protocol: 'gemini' } },
        { type: 'tool-call', id: callId, name: 'list_directory', arguments: '{"dir_path":"."}', thoughtSignature: 'c2lnLWNhbGw=', origin: { protocol: 'gemini' } },
      ],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: callId, name: 'list_directory', content: [{ type: 'text', text: 'a.txt\nb.txt' }] }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'And this image?' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
        { type: 'file', source: { kind: 'url', url: 'https://generativelanguage.googleapis.com/v1beta/files/abc', mediaType: 'application/pdf' } },
      ],
    },
    { role: 'assistant', content: [{ type: 'unknown', protocol: 'gemini', value: { executableCode: { language: 'PYTHON', code: 'print(1)' } } }] },
  ]);
  assert.deepEqual(request.tools, [
    { kind: 'function', name: 'list_directory', description: 'Lists a directory.', parameters: { type: 'object', properties: { dir_path: { type: 'string' } }, required: ['dir_path'] } },
    { kind: 'function', name: 'legacy', parameters: { type: 'object', properties: { flag: { type: ['boolean', 'null'] } } } },
    { kind: 'hosted', protocol: 'gemini', name: 'googleSearch', value: { googleSearch: {} } },
  ]);
  assert.deepEqual(request.toolChoice, { type: 'tool', name: 'list_directory' });
  assert.deepEqual(request.sampling, { temperature: 1, topP: 0.95, topK: 64, stop: ['END'], seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.2, n: 1 });
  assert.equal(request.maxOutputTokens, 8192);
  assert.deepEqual(request.reasoning, { includeThoughts: true, effort: 'high' });
  assert.deepEqual(request.extensions.gemini, {
    safetySettings: geminiCliRequest.safetySettings,
    cachedContent: 'cachedContents/xyz',
    labels: { team: 'a' },
    generationConfig: { responseModalities: ['TEXT'], thinkingConfig: { includeThoughts: true, thinkingLevel: 'HIGH' } },
  });
});

test('decode: @google/genai structured output and thinking budget shapes', () => {
  const request = decodeGeminiRequest(
    {
      contents: [{ role: 'user', parts: [{ text: 'Capital of France?' }] }],
      generationConfig: {
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { name: { type: 'STRING' }, population: { type: 'INTEGER' } }, required: ['name', 'population'] },
        thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
      },
    },
    { model: 'gemini-2.5-flash' },
  );
  assert.deepEqual(request.responseFormat, {
    type: 'json-schema',
    schema: { type: 'object', properties: { name: { type: 'string' }, population: { type: 'integer' } }, required: ['name', 'population'] },
  });
  assert.deepEqual(request.reasoning, { includeThoughts: true, budgetTokens: 1024 });
  const disabled = decodeGeminiRequest({ contents: [], generationConfig: { thinkingConfig: { thinkingBudget: 0 } } }, {});
  assert.deepEqual(disabled.reasoning, { includeThoughts: false, enabled: false });
});

test('decode: functionResponse ids and a call answered by name, mixed with user text in one turn', () => {
  const request = decodeGeminiRequest(
    {
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        { role: 'model', parts: [{ functionCall: { id: 'fc_1', name: 'a', args: {} } }, { functionCall: { name: 'b', args: { x: 1 } } }] },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: 'fc_1', name: 'a', response: { result: 'A' } } },
            { functionResponse: { name: 'b', response: { error: 'boom' } } },
            { text: 'now summarise' },
          ],
        },
      ],
    },
    {},
  );
  assert.deepEqual(
    request.messages.slice(2).map((message) => message.role),
    ['tool', 'user'],
  );
  const results = request.messages[2]?.content ?? [];
  assert.deepEqual(results[0], { type: 'tool-result', toolCallId: 'fc_1', name: 'a', content: [{ type: 'text', text: 'A' }] });
  assert.deepEqual(results[1], {
    type: 'tool-result',
    toolCallId: generatedToolCallId('b', '{"x":1}', 1),
    name: 'b',
    content: [{ type: 'text', text: '{"error":"boom"}' }],
    isError: true,
  });
});

test('decode: contents missing is a clear 400', () => {
  assert.throws(() => decodeGeminiRequest({ prompt: 'hi' }, {}), /contents is not specified/);
});

test('round trip: Gemini → canonical → Gemini keeps what Gemini carries', () => {
  const request: ChatRequest = decodeGeminiRequest(geminiCliRequest, { model: 'm', stream: false });
  const encoded = encodeGeminiRequest(request, { model: 'gemini-3.1-pro-preview' });
  assert.equal(encoded.path, '/models/gemini-3.1-pro-preview:generateContent');
  const again = decodeGeminiRequest(encoded.body, { model: 'm', stream: false });
  assert.deepEqual(again, request);
  const body = encoded.body as Record<string, unknown>;
  assert.deepEqual(body.safetySettings, geminiCliRequest.safetySettings);
  assert.equal(body.cachedContent, 'cachedContents/xyz');
  assert.deepEqual(body.toolConfig, geminiCliRequest.toolConfig);
  assert.deepEqual((body.generationConfig as Record<string, unknown>).thinkingConfig, { includeThoughts: true, thinkingLevel: 'HIGH' });
});

test('decode: tool configs a tool choice cannot say ride in extensions and come back exactly', () => {
  for (const toolConfig of [
    { functionCallingConfig: { mode: 'VALIDATED' } },
    { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['a', 'b'] } },
    { functionCallingConfig: { mode: 'AUTO' }, retrievalConfig: { languageCode: 'en' } },
  ]) {
    const request = decodeGeminiRequest({ contents: [{ role: 'user', parts: [{ text: 'x' }] }], tools: [{ functionDeclarations: [{ name: 'a' }, { name: 'b' }] }], toolConfig }, {});
    assert.deepEqual(request.extensions.gemini?.toolConfig, toolConfig);
    assert.deepEqual((encodeGeminiRequest(request, { model: 'g' }).body as { toolConfig: unknown }).toolConfig, toolConfig);
  }
  const simple = decodeGeminiRequest({ contents: [], toolConfig: { functionCallingConfig: { mode: 'NONE' } } }, {});
  assert.deepEqual(simple.toolChoice, { type: 'none' });
  assert.equal(simple.extensions.gemini, undefined);
});
