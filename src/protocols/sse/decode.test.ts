import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSseDecoder } from './decode.js';

test('events split across chunks come out whole, in order', () => {
  const decoder = createSseDecoder();
  assert.deepEqual(decoder.push('data: {"a"'), []);
  const events = decoder.push(':1}\n\ndata: [DONE]\n\n');
  assert.deepEqual(events.map((event) => event.data), ['{"a":1}', '[DONE]']);
  assert.equal(events[0]?.raw, 'data: {"a":1}\n\n');
});

test('named events, comments, CRLF and multi-line data', () => {
  const decoder = createSseDecoder();
  const events = decoder.push(': ping\r\n\r\nevent: message_start\r\ndata: {"x":\r\ndata: 1}\r\n\r\n');
  assert.equal(events.length, 1);
  assert.equal(events[0]?.event, 'message_start');
  assert.equal(events[0]?.data, '{"x":\n1}');
});

test('an unterminated last event is delivered on flush', () => {
  const decoder = createSseDecoder();
  assert.deepEqual(decoder.push('data: tail'), []);
  assert.deepEqual(decoder.flush().map((event) => event.data), ['tail']);
});

test('a field without a space after the colon', () => {
  const decoder = createSseDecoder();
  assert.equal(decoder.push('data:{"b":2}\n\n')[0]?.data, '{"b":2}');
});

test('mixed line endings: the earliest blank line ends the event, and raw keeps the bytes', () => {
  const decoder = createSseDecoder();
  const events = decoder.push('data: a\r\n\ndata: b\n\r\n\r\ndata: c\r\rdata: d\n\n');
  assert.deepEqual(
    events.map((event) => [event.data, event.raw]),
    [
      ['a', 'data: a\r\n\n'],
      ['b', 'data: b\n\r\n\r\n'],
      ['c', 'data: c\r\r'],
      ['d', 'data: d\n\n'],
    ],
  );
});

test('a carriage return after the first event does not change how that event is cut', () => {
  const decoder = createSseDecoder();
  const first = decoder.push('data: one\n\ndata: two\r');
  assert.deepEqual(first.map((event) => event.data), ['one']);
  assert.deepEqual(decoder.push('\r').map((event) => [event.data, event.raw]), [['two', 'data: two\r\r']]);
});
