import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { firstEventFailure, peekFirstEvent } from './first-event.js';

async function readAll(stream: Readable): Promise<string> {
  stream.setEncoding('utf8');
  let text = '';
  for await (const chunk of stream) text += chunk as string;
  return text;
}

test('peeking the first event leaves every byte for the stream pipe, even across chunk boundaries', async () => {
  const chunks = ['data: {"a"', ':1}\n', '\ndata: {"b":2}\n\n', 'data: [DONE]\n\n'];
  const stream = new Readable({ read() {} });
  const peeking = peekFirstEvent(stream);
  for (const chunk of chunks) stream.push(Buffer.from(chunk));
  stream.push(null);
  const first = await peeking;
  assert.equal(first?.data, '{"a":1}');
  assert.equal(await readAll(stream), chunks.join(''));
});

test('a stream that errors before its first event rejects the peek', async () => {
  const stream = new Readable({ read() {} });
  const peeking = peekFirstEvent(stream);
  stream.push('data: {"partial"');
  stream.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
  await assert.rejects(peeking, /socket hang up/);
});

test('first events that mean failure: none, malformed, an error event or error body; a normal one passes', () => {
  assert.equal(firstEventFailure(undefined)?.code, 'SY_UPSTREAM_BAD_RESPONSE');
  assert.equal(firstEventFailure({ data: '{"choices": [', raw: '' })?.code, 'SY_UPSTREAM_BAD_RESPONSE');
  // Anthropic: event: error with {"type":"error","error":{"type":"overloaded_error",...}}.
  const overloaded = firstEventFailure({ event: 'error', data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', raw: '' });
  assert.equal(overloaded?.retryable, true);
  assert.match(overloaded?.message ?? '', /Overloaded/);
  assert.equal(firstEventFailure({ data: '{"error":{"message":"boom"}}', raw: '' })?.code, 'SY_UPSTREAM_ERROR');
  assert.equal(firstEventFailure({ data: '{"id":"1","choices":[]}', raw: '' }), undefined);
  assert.equal(firstEventFailure({ event: 'message_start', data: '{"type":"message_start","message":{}}', raw: '' }), undefined);
  assert.equal(firstEventFailure({ data: '[DONE]', raw: '' }), undefined);
});
