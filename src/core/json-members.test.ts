import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editMembers, objectLayout, withEdits } from './json-members.js';

const edit = (text: string, edits: Array<readonly [string, unknown]>): string | undefined => {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: editMembers must say so itself.
  }
  return editMembers(Buffer.from(text), edits, (key) => Object.hasOwn(parsed, key))?.toString();
};

test('objectLayout finds each top-level member without parsing nested values', () => {
  const text = ' { "model" : "a", "messages": [{"role":"user","content":"a } ] \\" { ["}], "n": -1.5e3, "t":true ,"z":null, "o":{"a":[1,{"b":"}"}]}} ';
  const layout = objectLayout(Buffer.from(text));
  assert.ok(layout);
  const values = Object.fromEntries([...layout.members].map(([key, span]) => [key, JSON.parse(text.slice(span.valueStart, span.valueEnd)) as unknown]));
  assert.deepEqual(values, JSON.parse(text));
});

test('objectLayout decodes escaped keys and keeps the last of a repeated key, as JSON.parse does', () => {
  const text = '{"a":1,"\\u006dodel":"x","a":2}';
  const layout = objectLayout(Buffer.from(text));
  assert.deepEqual([...(layout?.members.keys() ?? [])], ['a', 'model']);
  const span = layout?.members.get('a');
  assert.equal(span === undefined ? undefined : text.slice(span.valueStart, span.valueEnd), '2');
});

test('objectLayout refuses what is not exactly one object', () => {
  for (const text of ['[1]', '"x"', '{"a":1} {}', '{"a":1', '{"a":"x}', '{"a" 1}', '{"a":1,}', '{a:1}', '{"a":}', '']) {
    assert.equal(objectLayout(Buffer.from(text)), undefined, text);
  }
  assert.deepEqual([...(objectLayout(Buffer.from(' {} '))?.members.keys() ?? [])], []);
});

test('editMembers replaces, adds and removes members and copies the rest byte for byte', () => {
  const text = '{"model":"alias","messages":[{"role":"user","content":"caf\\u00e9 1.0e2"}],"temperature":1.0,"stream":true}';
  const out = edit(text, [
    ['model', 'gpt-4o'],
    ['stream_options', { include_usage: true }],
    ['temperature', undefined],
  ]);
  assert.equal(out, '{"model":"gpt-4o","messages":[{"role":"user","content":"caf\\u00e9 1.0e2"}],"stream":true,"stream_options":{"include_usage":true}}');
  assert.equal(edit('{}', [['model', 'x']]), '{"model":"x"}');
  assert.equal(edit('{"a":1,"b":2}', [['a', undefined], ['b', undefined]]), '{}');
  assert.equal(edit('{"a":1,"b":2,"c":3}', [['b', undefined], ['c', undefined]]), '{"a":1}');
  assert.equal(edit('{"a":1}', []), '{"a":1}');
  assert.equal(edit('not json', [['a', 1]]), undefined);
});

test('editMembers output parses to the same value as withEdits on the parsed object', () => {
  const original = { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(3000) + '"\\' }], tools: [{ type: 'function' }], max_tokens: 5, metadata: { user_id: 'u' } };
  const text = JSON.stringify(original, null, 2);
  const edits = [['model', 'upstream-model'], ['stream_options', { include_usage: true }], ['metadata', undefined]] as const;
  const expected = withEdits(original, edits);
  assert.deepEqual(Object.keys(expected), ['model', 'messages', 'tools', 'max_tokens', 'stream_options']);
  assert.deepEqual(JSON.parse(edit(text, [...edits]) ?? ''), expected);
  assert.equal(original.model, 'm', 'withEdits copies');
});
