import { GatewayError } from '../../core/errors.js';
import { crc32 } from './crc32.js';
import { frameOverhead, headerType, preludeLength, type EventStreamMessage, type HeaderValue } from './message.js';

/** Frames larger than this are refused (AWS's own limit is 16 MiB per message). */
const maximumMessageLength = 16 * 1024 * 1024;

function corrupt(message: string): GatewayError {
  return new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: `malformed AWS event stream: ${message}` });
}

function decodeHeaders(bytes: Buffer): Record<string, HeaderValue> {
  const headers: Record<string, HeaderValue> = {};
  let at = 0;
  while (at < bytes.length) {
    const nameLength = bytes.readUInt8(at);
    const name = bytes.toString('utf8', at + 1, at + 1 + nameLength);
    at += 1 + nameLength;
    const type = bytes.readUInt8(at);
    at += 1;
    switch (type) {
      case headerType.boolTrue:
        headers[name] = true;
        break;
      case headerType.boolFalse:
        headers[name] = false;
        break;
      case headerType.byte:
        headers[name] = bytes.readInt8(at);
        at += 1;
        break;
      case headerType.short:
        headers[name] = bytes.readInt16BE(at);
        at += 2;
        break;
      case headerType.integer:
        headers[name] = bytes.readInt32BE(at);
        at += 4;
        break;
      case headerType.long:
        headers[name] = bytes.readBigInt64BE(at);
        at += 8;
        break;
      case headerType.timestamp:
        headers[name] = new Date(Number(bytes.readBigInt64BE(at)));
        at += 8;
        break;
      case headerType.uuid:
        headers[name] = Uint8Array.prototype.slice.call(bytes, at, at + 16);
        at += 16;
        break;
      case headerType.bytes:
      case headerType.string: {
        const length = bytes.readUInt16BE(at);
        const value = bytes.subarray(at + 2, at + 2 + length);
        headers[name] = type === headerType.string ? value.toString('utf8') : Uint8Array.prototype.slice.call(value);
        at += 2 + length;
        break;
      }
      default:
        throw corrupt(`unknown header value type ${type}`);
    }
  }
  return headers;
}

export interface EventStreamDecoder {
  /** Whole messages completed by this chunk; partial ones wait for more bytes. */
  push(chunk: Uint8Array): EventStreamMessage[];
  /** Bytes left over at the end of the stream (a truncated message), if any. */
  remaining(): number;
}

/** Bytes in, whole checked messages out; a CRC mismatch is an error, never a guess. */
export function createEventStreamDecoder(): EventStreamDecoder {
  let buffer: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
      const messages: EventStreamMessage[] = [];
      while (buffer.length >= preludeLength) {
        const total = buffer.readUInt32BE(0);
        const headersLength = buffer.readUInt32BE(4);
        if (buffer.readUInt32BE(8) !== crc32(buffer.subarray(0, 8))) throw corrupt('prelude CRC mismatch');
        if (total < frameOverhead + headersLength || total > maximumMessageLength) throw corrupt(`bad message length ${total}`);
        if (buffer.length < total) break;
        if (buffer.readUInt32BE(total - 4) !== crc32(buffer.subarray(0, total - 4))) throw corrupt('message CRC mismatch');
        const headers = decodeHeaders(buffer.subarray(preludeLength, preludeLength + headersLength));
        const payload = Uint8Array.prototype.slice.call(buffer, preludeLength + headersLength, total - 4);
        messages.push({ headers, payload });
        buffer = buffer.subarray(total);
      }
      return messages;
    },
    remaining: () => buffer.length,
  };
}
