/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as the AWS event-stream prelude and message use. */
const table = new Uint32Array(256);
for (let byte = 0; byte < 256; byte += 1) {
  let value = byte;
  for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  table[byte] = value >>> 0;
}

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  // An indexed loop: several times faster than for…of over a Buffer.
  for (let index = 0; index < data.length; index += 1) crc = (table[(crc ^ (data[index] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
