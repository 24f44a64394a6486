import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../core/request.js';
import type { ChatResponse } from '../core/response.js';
import { createCustomToolCallRestorer, customToolNames, restoreCustomToolCalls } from './custom-tool-calls.js';

const request: ChatRequest = {
  model: 'm',
  system: [],
  messages: [],
  tools: [
    { kind: 'custom', name: 'apply_patch', format: { type: 'grammar' } },
    { kind: 'function', name: 'exec_command', parameters: { type: 'object' } },
  ],
  sampling: {},
  stream: false,
  extensions: {},
};
const patch = '*** Begin Patch\n*** End Patch';

test('a custom tool offered as a function comes back as a custom call with the raw input', () => {
  const response: ChatResponse = {
    id: 'x',
    model: 'm',
    created: 1,
    finishReason: 'tool-calls',
    usage: { inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 },
    content: [
      { type: 'tool-call', id: 'toolu_1', name: 'apply_patch', arguments: JSON.stringify({ input: patch }) },
      { type: 'tool-call', id: 'toolu_2', name: 'exec_command', arguments: '{"input":"ls"}' },
    ],
  };
  const restored = restoreCustomToolCalls(response, customToolNames(request));
  assert.deepEqual(restored.content, [
    { type: 'tool-call', id: 'toolu_1', name: 'apply_patch', arguments: patch, kind: 'custom' },
    { type: 'tool-call', id: 'toolu_2', name: 'exec_command', arguments: '{"input":"ls"}' },
  ]);
});

test('in a stream the custom call comes back as raw text; other calls pass unchanged', () => {
  const restore = createCustomToolCallRestorer(customToolNames(request));
  const json = JSON.stringify({ input: patch });
  const events = [
    ...restore([{ type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'apply_patch' }, { type: 'tool-call-delta', index: 0, argumentsDelta: json.slice(0, 7) }]),
    ...restore([{ type: 'tool-call-delta', index: 0, argumentsDelta: json.slice(7) }, { type: 'tool-call-end', index: 0 }]),
    ...restore([{ type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'exec_command' }, { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' }, { type: 'tool-call-end', index: 1 }]),
  ];
  assert.deepEqual(events, [
    { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'apply_patch', kind: 'custom' },
    { type: 'tool-call-delta', index: 0, argumentsDelta: patch },
    { type: 'tool-call-end', index: 0 },
    { type: 'tool-call-start', index: 1, id: 'toolu_2', name: 'exec_command' },
    { type: 'tool-call-delta', index: 1, argumentsDelta: '{}' },
    { type: 'tool-call-end', index: 1 },
  ]);
});

test('a custom call streams: the raw text comes out piece by piece, however the JSON is split', () => {
  const raw = 'line "one"\n\ttab \\ slash / é 😀 \u0001 end';
  const json = JSON.stringify({ input: raw }).replace('😀', '\\ud83d\\ude00');
  for (const size of [1, 2, 3, 5, 11]) {
    const restore = createCustomToolCallRestorer(customToolNames(request));
    const events = restore([{ type: 'tool-call-start', index: 0, id: 't', name: 'apply_patch' }]);
    const deltas: string[] = [];
    for (let at = 0; at < json.length; at += size) {
      for (const event of restore([{ type: 'tool-call-delta', index: 0, argumentsDelta: json.slice(at, at + size) }])) {
        if (event.type === 'tool-call-delta') deltas.push(event.argumentsDelta);
      }
    }
    events.push(...restore([{ type: 'tool-call-end', index: 0 }]));
    assert.equal(deltas.join(''), raw, `split every ${size}`);
    assert.ok(deltas.length > 3, 'pieces go out before the call ends');
    assert.deepEqual(events.at(-1), { type: 'tool-call-end', index: 0 });
  }
});

test('arguments of another shape are unwrapped whole at the end, as before', () => {
  for (const [pieces, expected] of [
    [['{"other":1,', '"input":"x"}'], 'x'],
    [['not', ' json'], 'not json'],
    [[' { "input" : "', 'spaced', '" }'], 'spaced'],
  ] as Array<[string[], string]>) {
    const restore = createCustomToolCallRestorer(customToolNames(request));
    const events = restore([
      { type: 'tool-call-start', index: 0, id: 't', name: 'apply_patch' },
      ...pieces.map((argumentsDelta) => ({ type: 'tool-call-delta' as const, index: 0, argumentsDelta })),
      { type: 'tool-call-end', index: 0 },
    ]);
    const text = events.map((event) => (event.type === 'tool-call-delta' ? event.argumentsDelta : '')).join('');
    assert.equal(text, expected);
  }
});
