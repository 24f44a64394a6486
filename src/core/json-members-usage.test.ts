import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTopLevelObjectMember as readMember } from './json-members.js';

const readTopLevelObjectMember = (text: string, name: string): Record<string, unknown> | undefined => readMember(Buffer.from(text), name);

const chat = JSON.stringify({
  id: 'chatcmpl-1',
  choices: [{ index: 0, message: { role: 'assistant', content: 'the "usage": {"prompt_tokens": 999} is {not} [here]' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 2 } },
  system_fingerprint: 'fp_}{"',
});

test('the top-level member is read without the rest, wherever braces and quotes hide in strings', () => {
  assert.deepEqual(readTopLevelObjectMember(chat, 'usage'), { prompt_tokens: 12, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 2 } });
  assert.deepEqual(readTopLevelObjectMember(`  ${JSON.stringify({ candidates: [], usageMetadata: { promptTokenCount: 4 } }, null, 2)}\n`, 'usageMetadata'), { promptTokenCount: 4 });
  assert.deepEqual(readTopLevelObjectMember('{"usage" : { "a" : [1, {"b": "}"}] } , "z": [[]], "y": {"q": "\\\\"}}', 'usage'), { a: [1, { b: '}' }] });
});

test('anything it cannot be sure of is left to the full parse (undefined)', () => {
  const cases: Record<string, string> = {
    'not JSON': '<html>502 Bad Gateway</html>',
    'truncated after usage': chat.slice(0, -5),
    'truncated inside usage': chat.slice(0, chat.indexOf('"usage"') + 20),
    'only a nested usage': JSON.stringify({ a: { usage: { x: 1 } }, b: 2 }),
    'nested usage in an array': JSON.stringify({ a: [{ usage: { x: 1 } }] }),
    'usage null': JSON.stringify({ usage: null, b: 1 }),
    'a string value "usage"': JSON.stringify({ object: 'usage', b: 1 }),
    'a key ending in \\"usage"': JSON.stringify({ a: { 'say "usage': { x: 1 } } }),
    'no usage': JSON.stringify({ id: 1 }),
    'an array body': JSON.stringify([{ usage: { x: 1 } }]),
    'garbage inside the usage value': '{"usage": {"x": 1,,}}',
    'garbage after the body': `${chat} trailing`,
    'mismatched brackets after usage': '{"usage": {"x": 1}, "a": [}',
  };
  for (const [name, text] of Object.entries(cases)) assert.equal(readTopLevelObjectMember(text, 'usage'), undefined, name);
});

test('on random objects it agrees with JSON.parse whenever it answers', () => {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const strings = ['usage', '"usage":{', '}', '{', '[', '\\', 'a"b', 'ok'];
  const value = (depth: number): unknown => {
    const pick = random();
    if (depth > 2 || pick < 0.3) return strings[Math.floor(random() * strings.length)];
    if (pick < 0.4) return Math.floor(random() * 100);
    if (pick < 0.6) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let index = 0; index < random() * 4; index += 1) object[random() < 0.3 ? 'usage' : (strings[Math.floor(random() * strings.length)] ?? 'k')] = value(depth + 1);
    return object;
  };
  let answered = 0;
  for (let round = 0; round < 3000; round += 1) {
    const body = value(1);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) continue;
    const text = JSON.stringify(body, null, random() < 0.5 ? 1 : 0);
    const found = readTopLevelObjectMember(text, 'usage');
    if (found === undefined) continue;
    answered += 1;
    assert.deepEqual(found, (JSON.parse(text) as Record<string, unknown>).usage, text);
  }
  assert.ok(answered > 50, `answered ${answered} times`);
});
