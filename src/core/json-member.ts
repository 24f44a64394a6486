/**
 * One top-level member of a JSON object text, without parsing the rest.
 * The gateway passes a same-protocol answer through as text and only needs
 * its usage object; parsing the whole body (the answer's content, often
 * most of it) just for that cost more than everything else about the
 * response. Usage sits near the end in every protocol's response object.
 *
 * What this checks, and what it leaves to the client: the text must start
 * with `{` and end with `}`; the member is found by its last occurrence as
 * a key (its opening quote not escaped, followed by `:` and an object); its
 * value must parse; and the rest of the text after it, read string-aware,
 * must close exactly the outer object (so the key was at the top level and
 * the body is not truncated). The text before the member is not validated:
 * it is forwarded byte for byte to a client of the same protocol, as a
 * direct call would have delivered it. Whenever any check fails the answer
 * is `undefined` and the caller parses the whole text as before (which is
 * where a body that is not JSON at all is refused).
 */
export function readTopLevelObjectMember(text: string, name: string): Record<string, unknown> | undefined {
  const end = lastNonSpace(text);
  if (end < 0 || text.charCodeAt(firstNonSpace(text)) !== braceOpen || text.charCodeAt(end) !== braceClose) return undefined;
  const quoted = `"${name}"`;
  const at = text.lastIndexOf(quoted);
  if (at <= 0 || escaped(text, at)) return undefined;
  let index = skipSpace(text, at + quoted.length);
  if (text.charCodeAt(index) !== colon) return undefined;
  index = skipSpace(text, index + 1);
  if (text.charCodeAt(index) !== braceOpen) return undefined;
  const valueEnd = outerCloser(text, index + 1);
  if (valueEnd < 0 || text.charCodeAt(valueEnd) !== braceClose) return undefined;
  // After the value: more top-level members, then the outer object's `}` as the very last character.
  if (outerCloser(text, valueEnd + 1) !== end) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(index, valueEnd + 1));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

const braceOpen = 123;
const braceClose = 125;
const bracketOpen = 91;
const bracketClose = 93;
const quote = 34;
const backslash = 92;
const colon = 58;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function skipSpace(text: string, from: number): number {
  let index = from;
  while (isSpace(text.charCodeAt(index))) index += 1;
  return index;
}

function firstNonSpace(text: string): number {
  return skipSpace(text, 0);
}

function lastNonSpace(text: string): number {
  let index = text.length - 1;
  while (index >= 0 && isSpace(text.charCodeAt(index))) index -= 1;
  return index;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(text: string, at: number): boolean {
  let count = 0;
  for (let index = at - 1; index >= 0 && text.charCodeAt(index) === backslash; index -= 1) count += 1;
  return count % 2 === 1;
}

/**
 * Reads from `from`, string-aware, and returns the index of the first
 * closing bracket that closes something opened before `from` (-1 when the
 * text ends first or brackets do not match in kind). From just after an
 * opening brace, that is its matching brace; from just after a member's
 * value, the brace that ends the enclosing object.
 */
function outerCloser(text: string, from: number): number {
  const open: number[] = [];
  for (let index = from; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === quote) {
      index = stringEnd(text, index);
      if (index < 0) return -1;
    } else if (code === braceOpen || code === bracketOpen) {
      open.push(code);
    } else if (code === braceClose || code === bracketClose) {
      const opener = open.pop();
      if (opener === undefined) return index;
      if ((opener === braceOpen) !== (code === braceClose)) return -1;
    }
  }
  return -1;
}

/** The index of the quote closing the string that opens at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  for (let index = text.indexOf('"', from + 1); index !== -1; index = text.indexOf('"', index + 1)) {
    if (!escaped(text, index)) return index;
  }
  return -1;
}
