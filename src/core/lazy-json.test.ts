import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from './errors.js';
import { isNonEmptyArrayMember, lazyBodyMinBytes, memberKind, parseJsonBody } from './lazy-json.js';

const bigText = 'x'.repeat(lazyBodyMinBytes);
const largeBody = { model: 'm', stream: true, messages: [{ role: 'user', content: bigText }], tools: [], metadata: { user_id: 'u' } };

test('small bodies are parsed whole, as JSON.parse does', () => {
  const parsed = parseJsonBody(Buffer.from('{"model":"m","messages":[]}')) as Record<string, unknown>;
  assert.deepEqual(parsed, { model: 'm', messages: [] });
  assert.ok(Object.getOwnPropertyDescriptor(parsed, 'messages')?.writable);
  assert.throws(() => parseJsonBody(Buffer.from('{"model":')), SyntaxError);
});

test('a large body reads, copies and serialises like the parsed object, in the same key order', () => {
  const text = JSON.stringify(largeBody);
  const parsed = parseJsonBody(Buffer.from(text)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), Object.keys(largeBody));
  assert.equal(JSON.stringify(parsed), text);
  assert.deepEqual({ ...parsed }, largeBody);
  assert.deepEqual(parsed, largeBody);
});

test('a large member is parsed only when read, then becomes a plain data member', () => {
  const parsed = parseJsonBody(Buffer.from(JSON.stringify(largeBody))) as Record<string, unknown>;
  assert.equal(typeof Object.getOwnPropertyDescriptor(parsed, 'messages')?.get, 'function');
  assert.equal(typeof Object.getOwnPropertyDescriptor(parsed, 'model')?.get, 'undefined');
  assert.equal(memberKind(parsed, 'messages'), 'array');
  assert.equal(isNonEmptyArrayMember(parsed, 'messages'), true);
  assert.equal(typeof Object.getOwnPropertyDescriptor(parsed, 'messages')?.get, 'function', 'memberKind does not parse');
  const messages = parsed.messages as unknown[];
  assert.equal(messages.length, 1);
  assert.equal(parsed.messages, messages, 'parsed once, then kept');
  assert.equal(Object.getOwnPropertyDescriptor(parsed, 'messages')?.value, messages);
  parsed.messages = [];
  assert.deepEqual(parsed.messages, []);
});

test('a malformed large member is an invalid-JSON 400 when read, and its kind is still known', () => {
  const text = `{"model":"m","messages":[{"role":"user","content":"${bigText}"},,]}`;
  const parsed = parseJsonBody(Buffer.from(text)) as Record<string, unknown>;
  assert.equal(memberKind(parsed, 'messages'), 'array');
  assert.throws(
    () => parsed.messages,
    (error: unknown) => error instanceof GatewayError && error.status === 400 && error.code === 'SY_INVALID_JSON' && /messages/.test(error.message),
  );
});

test('a body malformed at the top level, or not an object, gets JSON.parse\'s own answer', () => {
  assert.throws(() => parseJsonBody(Buffer.from(`{"model":"m","messages":"${bigText}"`)), SyntaxError);
  assert.deepEqual(parseJsonBody(Buffer.from(`["${bigText}"]`)), [bigText]);
});

test('memberKind and isNonEmptyArrayMember on parsed members', () => {
  const parsed = parseJsonBody(Buffer.from(JSON.stringify({ ...largeBody, empty: [], nothing: null, flag: false, n: 1, s: 's', o: {} }))) as Record<string, unknown>;
  assert.deepEqual(
    ['empty', 'nothing', 'flag', 'n', 's', 'o', 'absent'].map((key) => memberKind(parsed, key)),
    ['array', 'null', 'boolean', 'number', 'string', 'object', 'absent'],
  );
  assert.equal(isNonEmptyArrayMember(parsed, 'empty'), false);
  const padded = parseJsonBody(Buffer.from(`{"contents":[${' '.repeat(lazyBodyMinBytes)}]}`)) as Record<string, unknown>;
  assert.equal(isNonEmptyArrayMember(padded, 'contents'), false);
});

test('a "__proto__" member is data, as with JSON.parse', () => {
  const parsed = parseJsonBody(Buffer.from(`{"__proto__":{"polluted":true},"messages":["${bigText}"]}`)) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value, { polluted: true });
});
