/**
 * The top-level members of a JSON object, located in its bytes without
 * parsing the values, and edits of those members made in the bytes.
 *
 * Why: a same-protocol request is forwarded with one member changed (the
 * model) and maybe one added (stream_options). Re-serialising a 200 KB
 * coding-agent prompt to change one string cost ~0.65 ms of CPU per
 * request, three times the parse; splicing the client's own bytes costs
 * a scan that jumps from quote to quote (native memchr) plus one copy,
 * and keeps the client's bytes exactly (number formatting, key order,
 * unicode escapes) everywhere the gateway did not touch.
 */

/** Where one top-level member sits: its key's opening quote, and its value [start, end). */
export interface MemberSpan {
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

export interface ObjectLayout {
  /** The members found, in order (all of them unless the scan stopped early). */
  members: Map<string, MemberSpan>;
  /** Where the scan stopped: the closing brace, or the end of the last member it read. */
  scannedUntil: number;
  closeBrace: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipWhitespace(bytes: Uint8Array, from: number): number {
  let index = from;
  while (isWhitespace(bytes[index])) index += 1;
  return index;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function isEscaped(bytes: Uint8Array, at: number): boolean {
  let backslashes = 0;
  while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes += 1;
  return backslashes % 2 === 1;
}

/** Index just past the string that opens at `from` (a quote), or -1 if it never closes. */
function stringEnd(bytes: Buffer, from: number): number {
  for (let quote = bytes.indexOf(QUOTE, from + 1); quote !== -1; quote = bytes.indexOf(QUOTE, quote + 1)) {
    if (!isEscaped(bytes, quote)) return quote + 1;
  }
  return -1;
}

/** Index just past the value that starts at `from`, or -1 if it is cut off or unbalanced. */
function valueEnd(bytes: Buffer, from: number): number {
  const first = bytes[from];
  if (first === QUOTE) return stringEnd(bytes, from);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    const close = outerCloser(bytes, from + 1);
    return close !== -1 && bytes[close] === (first === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET) ? close + 1 : -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let index = from;
  while (index < bytes.length) {
    const byte = bytes[index];
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte)) break;
    index += 1;
  }
  return index === from ? -1 : index;
}

function decodeKey(bytes: Buffer, start: number, end: number): string {
  const inner = bytes.toString('utf8', start + 1, end - 1);
  return inner.includes('\\') ? (JSON.parse(bytes.toString('utf8', start, end)) as string) : inner;
}

export interface ObjectScanOptions {
  /**
   * Stop once each of these keys has been found, and their quoted names
   * occur nowhere after it (a repeated key counts where it last occurs).
   * What follows the scan point is then not scanned: `scannedUntil` says
   * where it starts.
   */
  until?: ReadonlySet<string>;
}

/**
 * The layout of the object the bytes hold, or undefined when they do not
 * hold exactly one object. Values are skipped, not checked: callers use it
 * on bytes JSON.parse accepted. Scanning is a JavaScript loop (quotes are
 * found natively), as costly per byte as a native parse, so callers that
 * need a few members stop early (`until`).
 */
export function objectLayout(bytes: Buffer, options: ObjectScanOptions = {}): ObjectLayout | undefined {
  const members = new Map<string, MemberSpan>();
  const wanted = options.until === undefined ? undefined : new Set(options.until);
  const closeBrace = lastNonWhitespace(bytes);
  if (bytes[closeBrace] !== CLOSE_BRACE) return undefined;
  let index = skipWhitespace(bytes, 0);
  if (bytes[index] !== OPEN_BRACE) return undefined;
  index = skipWhitespace(bytes, index + 1);
  if (bytes[index] !== CLOSE_BRACE) {
    for (;;) {
      if (bytes[index] !== QUOTE) return undefined;
      const keyStart = index;
      const keyEnd = stringEnd(bytes, index);
      if (keyEnd === -1) return undefined;
      index = skipWhitespace(bytes, keyEnd);
      if (bytes[index] !== COLON) return undefined;
      const valueStart = skipWhitespace(bytes, index + 1);
      const end = valueEnd(bytes, valueStart);
      if (end === -1) return undefined;
      const key = decodeKey(bytes, keyStart, keyEnd);
      // A repeated key: the last one wins, as in JSON.parse.
      members.set(key, { keyStart, valueStart, valueEnd: end });
      index = skipWhitespace(bytes, end);
      if (wanted?.delete(key) === true && wanted.size === 0 && !mentionsAny(bytes, index, options.until ?? wanted)) {
        return { members, scannedUntil: index, closeBrace };
      }
      if (bytes[index] === COMMA) {
        index = skipWhitespace(bytes, index + 1);
        continue;
      }
      if (bytes[index] === CLOSE_BRACE) break;
      return undefined;
    }
  }
  if (index !== closeBrace) return undefined;
  return { members, scannedUntil: closeBrace, closeBrace };
}

function lastNonWhitespace(bytes: Uint8Array): number {
  let index = bytes.length - 1;
  while (index >= 0 && isWhitespace(bytes[index])) index -= 1;
  return index;
}

/** Whether a quoted key name occurs in the bytes from `from` on (a cheap native search; string contents escape their quotes). */
function mentionsAny(bytes: Buffer, from: number, keys: ReadonlySet<string>): boolean {
  for (const key of keys) if (bytes.indexOf(JSON.stringify(key), from) !== -1) return true;
  return false;
}

/** One change to a top-level member: its new value, or undefined to remove it. */
export type MemberEdit = readonly [key: string, value: unknown];

const openBraceBytes = Buffer.from('{');
const closeBraceBytes = Buffer.from('}');
const commaBytes = Buffer.from(',');

/**
 * The bytes with the given top-level members replaced or added (at the
 * end); everything else is copied byte for byte. `present` says which keys
 * the object has (the parsed body knows), so the scan stops at the last one
 * edited instead of reading the whole body. Removing members (value
 * undefined) reads the whole layout and drops whitespace between members.
 * Undefined when the bytes are not one object.
 */
export function editMembers(bytes: Buffer, edits: readonly MemberEdit[], present: (key: string) => boolean): Buffer | undefined {
  if (edits.length === 0) return bytes;
  if (edits.some(([, value]) => value === undefined)) return rebuildWithEdits(bytes, edits);
  const replaced = new Set(edits.filter(([key]) => present(key)).map(([key]) => key));
  const layout = objectLayout(bytes, { until: replaced });
  if (layout === undefined) return undefined;
  const replacements: Array<{ span: MemberSpan; value: unknown }> = [];
  const additions: string[] = [];
  for (const [key, value] of edits) {
    const span = layout.members.get(key);
    if (span === undefined) additions.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
    else replacements.push({ span, value });
  }
  replacements.sort((left, right) => left.span.valueStart - right.span.valueStart);
  const parts: Buffer[] = [];
  let at = 0;
  for (const { span, value } of replacements) {
    parts.push(bytes.subarray(at, span.valueStart), Buffer.from(JSON.stringify(value)));
    at = span.valueEnd;
  }
  if (additions.length === 0) {
    parts.push(bytes.subarray(at));
  } else {
    const empty = layout.members.size === 0 && layout.scannedUntil === layout.closeBrace;
    parts.push(bytes.subarray(at, layout.closeBrace), Buffer.from(`${empty ? '' : ','}${additions.join(',')}`), bytes.subarray(layout.closeBrace));
  }
  return Buffer.concat(parts);
}

function rebuildWithEdits(bytes: Buffer, edits: readonly MemberEdit[]): Buffer | undefined {
  const layout = objectLayout(bytes);
  if (layout === undefined) return undefined;
  const pending = new Map<string, unknown>(edits);
  const parts: Buffer[] = [openBraceBytes];
  const push = (piece: Buffer): void => {
    if (parts.length > 1) parts.push(commaBytes);
    parts.push(piece);
  };
  const member = (key: string, value: unknown): Buffer => Buffer.from(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  for (const [key, span] of layout.members) {
    if (!pending.has(key)) {
      push(bytes.subarray(span.keyStart, span.valueEnd));
      continue;
    }
    const value = pending.get(key);
    pending.delete(key);
    if (value !== undefined) push(member(key, value));
  }
  for (const [key, value] of pending) if (value !== undefined) push(member(key, value));
  parts.push(closeBraceBytes);
  return Buffer.concat(parts);
}

/** The object with the edits applied (a copy; the same edits `editMembers` makes in bytes). */
export function withEdits(object: Record<string, unknown>, edits: readonly MemberEdit[]): Record<string, unknown> {
  if (edits.length === 0) return object;
  const copy: Record<string, unknown> = { ...object };
  for (const [key, value] of edits) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  }
  return copy;
}

/**
 * One object member of a whole JSON object, read without parsing the rest:
 * the usage object of a same-protocol answer, which goes to the client as
 * the upstream's bytes (parsing a whole answer just for its usage cost more
 * than everything else about the response). Usage sits near the end in
 * every protocol's response object, so the member is found by its last
 * occurrence as a key.
 *
 * What is checked: the bytes start with `{` and end with `}`; the key's
 * opening quote is not escaped and a `:` and an object follow; the value
 * parses; and the bytes after it, read string-aware, close exactly the
 * outer object (so the key was at the top level and the body is not cut
 * off). The bytes before the member are not checked: they reach a client of
 * the same protocol as a direct call would have delivered them. When any
 * check fails the answer is undefined and the caller parses the whole body
 * (which is where a body that is not JSON at all is refused).
 */
export function readTopLevelObjectMember(bytes: Buffer, name: string): Record<string, unknown> | undefined {
  const end = lastNonWhitespace(bytes);
  if (end < 0 || bytes[skipWhitespace(bytes, 0)] !== OPEN_BRACE || bytes[end] !== CLOSE_BRACE) return undefined;
  const quoted = JSON.stringify(name);
  const at = bytes.lastIndexOf(quoted);
  if (at <= 0 || isEscaped(bytes, at)) return undefined;
  let index = skipWhitespace(bytes, at + Buffer.byteLength(quoted));
  if (bytes[index] !== COLON) return undefined;
  index = skipWhitespace(bytes, index + 1);
  if (bytes[index] !== OPEN_BRACE) return undefined;
  const valueClose = outerCloser(bytes, index + 1);
  if (valueClose < 0 || bytes[valueClose] !== CLOSE_BRACE) return undefined;
  // After the value: more top-level members, then the outer object's `}` as the very last byte.
  if (outerCloser(bytes, valueClose + 1) !== end) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8', index, valueClose + 1));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Reads from `from`, string-aware, and returns the index of the first
 * closing bracket that closes something opened before `from` (-1 when the
 * bytes end first or brackets do not match in kind). From just after an
 * opening brace, that is its matching brace; from just after a member's
 * value, the brace that ends the enclosing object.
 */
function outerCloser(bytes: Buffer, from: number): number {
  const open: number[] = [];
  for (let index = from; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      const after = stringEnd(bytes, index);
      if (after === -1) return -1;
      index = after - 1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      open.push(byte);
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      const opener = open.pop();
      if (opener === undefined) return index;
      if ((opener === OPEN_BRACE) !== (byte === CLOSE_BRACE)) return -1;
    }
  }
  return -1;
}
