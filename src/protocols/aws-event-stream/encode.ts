import { crc32 } from './crc32.js';
import { frameOverhead, headerType, preludeLength } from './message.js';

/**
 * Encodes one event-stream message with string headers: what the mock
 * Bedrock answers with, and how tests build binary fixtures.
 */
export function encodeEventStreamMessage(options: { headers: Record<string, string>; payload: Uint8Array | string }): Buffer {
  const payload = typeof options.payload === 'string' ? Buffer.from(options.payload, 'utf8') : Buffer.from(options.payload);
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(options.headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const part = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    part.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(part, 1);
    part.writeUInt8(headerType.string, 1 + nameBytes.length);
    part.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(part, 4 + nameBytes.length);
    headerParts.push(part);
  }
  const headers = Buffer.concat(headerParts);
  const total = frameOverhead + headers.length + payload.length;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headers.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headers.copy(message, preludeLength);
  payload.copy(message, preludeLength + headers.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}
