import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../../core/request.js';
import { embedThoughtSignature } from '../../core/tool-call-id.js';
import { apiReferenceRequest, applyPatchTool, codexRequest, weatherParameters } from '../../../test/fixtures/openai-responses.js';
import { decodeResponsesRequest } from './decode-request.js';
import { encodeResponsesRequest } from './encode-request.js';

const decode = (body: unknown): ChatRequest => decodeResponsesRequest(structuredClone(body), {});
const encode = (request: ChatRequest, provider?: string): Record<string, unknown> =>
  encodeResponsesRequest(request, { model: request.model, ...(provider === undefined ? {} : { provider }) }).body as Record<string, unknown>;

test('decodes the API reference request: instructions, parts, hosted tools, settings', () => {
  const request = decode(apiReferenceRequest);
  assert.deepEqual(request.system, [{ type: 'text', text: 'You are a helpful assistant.' }]);
  assert.deepEqual(request.messages[0], {
    role: 'user',
    content: [
      { type: 'text', text: 'what is in this image?' },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' }, detail: 'high' },
    ],
  });
  assert.deepEqual(request.messages[1], { role: 'assistant', itemId: 'msg_abc', content: [{ type: 'text', text: 'A cat.' }] });
  assert.deepEqual(request.messages[2]?.content[0], { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0x' }, filename: 'doc.pdf' });
  // item_reference has no canonical place: an unknown part, Responses only.
  assert.deepEqual(request.messages[3], { role: 'assistant', content: [{ type: 'unknown', protocol: 'openai-responses', value: { type: 'item_reference', id: 'msg_older' } }] });
  assert.deepEqual(request.tools, [
    { kind: 'function', name: 'get_weather', description: 'Weather for a city', parameters: weatherParameters, strict: true },
    { kind: 'hosted', protocol: 'openai-responses', name: 'web_search', value: { type: 'web_search' } },
    { kind: 'hosted', protocol: 'openai-responses', name: 'file_search', value: { type: 'file_search', vector_store_ids: ['vs_1'] } },
  ]);
  assert.deepEqual(request.toolChoice, { type: 'tool', name: 'get_weather' });
  assert.equal(request.parallelToolCalls, false);
  assert.equal(request.maxOutputTokens, 1000);
  assert.deepEqual(request.sampling, { temperature: 0.2, topP: 0.9 });
  assert.deepEqual(request.reasoning, { effort: 'high', summary: 'detailed', includeThoughts: true });
  assert.deepEqual(request.responseFormat, { type: 'json-schema', name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } } }, strict: true });
  assert.equal(request.store, true);
  assert.equal(request.previousResponseId, 'resp_prev');
  assert.deepEqual(request.metadata, { topic: 'cats' });
  assert.equal(request.promptCacheKey, 'cache-1');
  assert.equal(request.user, 'user-1');
  assert.equal(request.stream, false);
  assert.deepEqual(request.extensions, { 'openai-responses': { truncation: 'auto', service_tier: 'flex' } });
});

test('decodes a Codex request: developer prompt to system, replayed items into turns', () => {
  const request = decode(codexRequest);
  assert.deepEqual(request.system, [{ type: 'text', text: '<permissions instructions>sandbox: workspace-write</permissions instructions>' }]);
  assert.deepEqual(
    request.messages.map((message) => [message.role, message.content.map((part) => part.type).join(',')]),
    [
      ['user', 'text'],
      ['user', 'text'],
      ['assistant', 'reasoning,tool-call'],
      ['tool', 'tool-result'],
      ['assistant', 'reasoning,tool-call'],
      ['tool', 'tool-result'],
      ['assistant', 'text'],
      ['user', 'text'],
    ],
  );
  assert.deepEqual(request.messages[2]?.content, [
    { type: 'reasoning', text: '**Inspecting main.rs**', summary: ['**Inspecting main.rs**'], origin: { protocol: 'openai-responses' }, itemId: 'rs_01', encryptedContent: 'gAAAAB-encrypted-1' },
    { type: 'tool-call', id: 'call_01', name: 'exec_command', arguments: '{"cmd":"cat main.rs"}', kind: 'function', itemId: 'fc_01' },
  ]);
  assert.deepEqual(request.messages[4]?.content[1], {
    type: 'tool-call',
    id: 'call_02',
    name: 'apply_patch',
    arguments: codexRequest.input[7]?.input,
    kind: 'custom',
    itemId: 'ctc_01',
  });
  assert.deepEqual(request.messages[5]?.content, [{ type: 'tool-result', toolCallId: 'call_02', content: [{ type: 'text', text: 'Success. Updated main.rs' }], kind: 'custom' }]);
  assert.deepEqual(request.tools[1], { kind: 'custom', name: 'apply_patch', description: applyPatchTool.description, format: applyPatchTool.format });
  assert.deepEqual(
    request.tools.slice(2).map((tool) => [tool.kind, tool.name]),
    [
      ['hosted', 'tool_search'],
      ['hosted', 'web_search'],
    ],
  );
  assert.equal(request.store, false);
  assert.equal(request.stream, true);
  assert.deepEqual(request.reasoning, { effort: 'medium' });
  assert.deepEqual(request.extensions['openai-responses'], {
    include: ['reasoning.encrypted_content'],
    text: { verbosity: 'low' },
    client_metadata: { originator: 'codex_exec' },
  });
});

test('a Codex request survives decode → encode; only the developer prompt moves to instructions', () => {
  const encoded = encode(decode(codexRequest));
  const expected: Record<string, unknown> = structuredClone(codexRequest);
  const [developer, ...rest] = codexRequest.input;
  expected.instructions = (developer?.content as Array<{ text: string }>)[0]?.text;
  expected.input = rest;
  assert.deepEqual(encoded, expected);
});

test('round trip: decode ∘ encode ∘ decode loses nothing', () => {
  for (const fixture of [apiReferenceRequest, codexRequest]) {
    const once = decode(fixture);
    assert.deepEqual(decode(encode(once)), once);
  }
});

test('tool-call ids carrying a Gemini thought signature are split on the way in', () => {
  const callId = embedThoughtSignature('call_9', 'sig-bytes');
  const request = decode({
    model: 'm',
    input: [
      { type: 'function_call', call_id: callId, name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: callId, output: [{ type: 'input_text', text: 'a' }, { type: 'input_image', image_url: 'data:image/png;base64,AAA' }] },
    ],
  });
  assert.deepEqual(request.messages[0]?.content[0], { type: 'tool-call', id: 'call_9', name: 'f', arguments: '{}', kind: 'function', thoughtSignature: 'sig-bytes' });
  assert.deepEqual(request.messages[1]?.content[0], {
    type: 'tool-result',
    toolCallId: 'call_9',
    kind: 'function',
    content: [
      { type: 'text', text: 'a' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAA' } },
    ],
  });
});

test('the encoder replays only Responses reasoning with encrypted content, and never without its following item', () => {
  const base: ChatRequest = { model: 'm', system: [], messages: [], tools: [], sampling: {}, stream: false, extensions: {} };
  const foreign = { type: 'reasoning' as const, text: 'thinking', signature: 'anthropic-sig', origin: { protocol: 'anthropic-messages' as const } };
  const own = { type: 'reasoning' as const, text: 's', summary: ['s'], itemId: 'rs_1', encryptedContent: 'enc', origin: { protocol: 'openai-responses' as const } };
  const call = { type: 'tool-call' as const, id: 'toolu_01', name: 'f', arguments: '{}' };
  const body = encode({
    ...base,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: [foreign, own, call] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01', content: [{ type: 'text', text: 'ok' }] }] },
      // Reasoning with nothing after it in its turn would be rejected upstream: dropped.
      { role: 'assistant', content: [{ type: 'text', text: 'done' }, own] },
    ],
  });
  assert.deepEqual(body.input, [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 's' }], encrypted_content: 'enc' },
    // Both ids: the item id must begin with "fc".
    { type: 'function_call', id: 'fc_toolu_01', call_id: 'toolu_01', name: 'f', arguments: '{}' },
    { type: 'function_call_output', call_id: 'toolu_01', output: 'ok' },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'done', annotations: [] }] },
  ]);
});

test('the encoder writes tools for Responses: non-strict unless asked, foreign hosted tools dropped, mid-conversation system kept', () => {
  const body = encode({
    model: 'm',
    system: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'system', content: [{ type: 'text', text: 'be terse' }], developer: true },
    ],
    tools: [
      { kind: 'function', name: 'f', parameters: { type: 'object' } },
      { kind: 'hosted', protocol: 'anthropic-messages', name: 'web_search', value: { type: 'web_search_20250305' } },
    ],
    toolChoice: { type: 'required' },
    sampling: { temperature: 1, stop: ['x'], seed: 3 },
    reasoning: { budgetTokens: 8192, includeThoughts: true },
    responseFormat: { type: 'json-object' },
    stream: true,
    extensions: { 'anthropic-messages': { thinking: {} } },
  });
  assert.deepEqual(body, {
    model: 'm',
    instructions: 'one\n\ntwo',
    input: [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'be terse' }] },
    ],
    tools: [{ type: 'function', name: 'f', parameters: { type: 'object' }, strict: false }],
    tool_choice: 'required',
    temperature: 1,
    reasoning: { effort: 'medium', summary: 'auto' },
    text: { format: { type: 'json_object' } },
    stream: true,
  });
});

test('decode rejects what the API rejects, with the parameter named', () => {
  assert.throws(() => decode({ model: 'm' }), /input/);
  assert.throws(() => decode({ model: 'm', input: 3 }), (error: unknown) => (error as { param?: string }).param === 'input');
  assert.throws(() => decode({ model: 'm', input: [{ type: 'message', role: 'robot', content: 'x' }] }), /role/);
  assert.throws(() => decode({ model: 'm', input: [{ type: 'function_call_output', output: 'x' }] }), /call_id/);
});

test('reasoning: Anthropic-style thinking asks for summaries; an explicit no does not', () => {
  const base: ChatRequest = { model: 'm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], sampling: {}, stream: false, extensions: {} };
  assert.deepEqual(encode({ ...base, reasoning: { enabled: true, budgetTokens: 2048 } }).reasoning, { effort: 'low', summary: 'auto' });
  assert.deepEqual(encode({ ...base, reasoning: { adaptive: true, effort: 'high' } }).reasoning, { effort: 'high', summary: 'auto' });
  assert.deepEqual(encode({ ...base, reasoning: { budgetTokens: 2048, includeThoughts: false } }).reasoning, { effort: 'low' });
  assert.deepEqual(encode({ ...base, reasoning: { effort: 'medium' } }).reasoning, { effort: 'medium' });
  assert.deepEqual(encode({ ...base, reasoning: { enabled: false } }).reasoning, { effort: 'none' });
});
