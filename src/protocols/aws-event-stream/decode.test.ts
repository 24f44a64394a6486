import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 } from './crc32.js';
import { createEventStreamDecoder } from './decode.js';
import { encodeEventStreamMessage } from './encode.js';

test('crc32 matches the standard check value', () => {
  // The CRC-32/ISO-HDLC check value for "123456789" is 0xCBF43926.
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
});

test('an encoded message has the documented layout and checksums', () => {
  const message = encodeEventStreamMessage({ headers: { ':event-type': 'messageStart' }, payload: '{"role":"assistant"}' });
  const headersLength = 1 + ':event-type'.length + 1 + 2 + 'messageStart'.length;
  assert.equal(message.readUInt32BE(0), message.length);
  assert.equal(message.readUInt32BE(4), headersLength);
  assert.equal(message.readUInt32BE(8), crc32(message.subarray(0, 8)));
  assert.equal(message.readUInt32BE(message.length - 4), crc32(message.subarray(0, message.length - 4)));
  assert.equal(message.length, 16 + headersLength + '{"role":"assistant"}'.length);
});

test('messages split at every byte boundary decode whole', () => {
  const stream = Buffer.concat([
    encodeEventStreamMessage({ headers: { ':event-type': 'a', ':message-type': 'event' }, payload: '{"x":1}' }),
    encodeEventStreamMessage({ headers: { ':event-type': 'b', ':message-type': 'event' }, payload: '{"y":"é"}' }),
  ]);
  for (let split = 1; split < stream.length; split += 1) {
    const decoder = createEventStreamDecoder();
    const messages = [...decoder.push(stream.subarray(0, split)), ...decoder.push(stream.subarray(split))];
    assert.equal(messages.length, 2, `split at ${split}`);
    assert.equal(messages[0]?.headers[':event-type'], 'a');
    assert.equal(Buffer.from(messages[1]!.payload).toString('utf8'), '{"y":"é"}');
    assert.equal(decoder.remaining(), 0);
  }
});

test('a corrupted payload fails its message CRC', () => {
  const message = encodeEventStreamMessage({ headers: { ':event-type': 'a' }, payload: '{"x":1}' });
  message.writeUInt8(message.readUInt8(message.length - 6) ^ 0xff, message.length - 6);
  assert.throws(() => createEventStreamDecoder().push(message), /message CRC mismatch/);
});

test('a corrupted prelude fails its CRC before any length is trusted', () => {
  const message = encodeEventStreamMessage({ headers: { ':event-type': 'a' }, payload: '{}' });
  message.writeUInt8(message.readUInt8(2) ^ 0x01, 2);
  assert.throws(() => createEventStreamDecoder().push(message), /prelude CRC mismatch/);
});
