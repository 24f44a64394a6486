/**
 * One message of the AWS event-stream framing
 * (https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream,
 * the same framing Bedrock's ConverseStream answers with):
 *
 *   total length (u32) | headers length (u32) | prelude CRC32 (u32)
 *   headers | payload | message CRC32 (u32)            (all big-endian)
 *
 * Each header: name length (u8), name, value type (u8), value. Bedrock uses
 * string headers (:event-type, :message-type, :content-type,
 * :exception-type); the other types are decoded so no valid stream fails.
 */
export type HeaderValue = string | number | boolean | bigint | Uint8Array | Date;

export interface EventStreamMessage {
  headers: Record<string, HeaderValue>;
  payload: Uint8Array;
}

export const preludeLength = 12;
/** Prelude plus the trailing message CRC. */
export const frameOverhead = 16;

export const headerType = {
  boolTrue: 0,
  boolFalse: 1,
  byte: 2,
  short: 3,
  integer: 4,
  long: 5,
  bytes: 6,
  string: 7,
  timestamp: 8,
  uuid: 9,
} as const;
