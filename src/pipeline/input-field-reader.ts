/**
 * Reads the raw text out of {"input": "<raw text>"} as the JSON arrives in
 * pieces, so a custom tool call (Codex's apply_patch) offered to a
 * non-OpenAI upstream as a function can stream back to the client as raw
 * text instead of waiting for the call to end.
 *
 * It commits to streaming only once the pieces start exactly like
 * `{"input":"` (whitespace allowed between tokens, as JSON allows). Anything
 * else (other keys first, not JSON at all) is kept whole and unwrapped at
 * the end the same way a non-streamed response is (`unwrap`), so nothing is
 * lost either way. Inside the string, escapes are decoded as soon as they
 * are complete; a `\uXXXX` half of a surrogate pair goes out alone and the
 * client's concatenation puts the pair back together.
 */
export interface InputFieldReader {
  /** The raw text this piece completes (possibly ''). */
  push(piece: string): string;
  /** What is still owed when the call ends. */
  end(): string;
}

/** The prefix to match, and after which of its characters JSON allows whitespace. */
const prefix = '{"input":"';
const whitespaceAllowedAt = new Set([0, 1, 8, 9]);

const simpleEscapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function createInputFieldReader(unwrap: (whole: string) => string): InputFieldReader {
  let state: 'prefix' | 'string' | 'done' | 'whole' = 'prefix';
  /** Everything received, for the fallback. */
  let received = '';
  let matched = 0;
  /** An escape sequence started but not yet complete ("\\", "\\u00"). */
  let escape = '';

  const readString = (text: string): string => {
    let out = '';
    for (const character of text) {
      if (state !== 'string') break;
      if (escape !== '') {
        escape += character;
        if (escape.length === 2 && escape[1] !== 'u') {
          out += simpleEscapes[character] ?? character;
          escape = '';
        } else if (escape.length === 6) {
          const code = Number.parseInt(escape.slice(2), 16);
          out += Number.isNaN(code) ? escape : String.fromCharCode(code);
          escape = '';
        }
      } else if (character === '\\') escape = '\\';
      else if (character === '"') state = 'done';
      else out += character;
    }
    return out;
  };

  return {
    push(piece) {
      received += piece;
      if (state === 'string') return readString(piece);
      if (state !== 'prefix') return '';
      for (let at = 0; at < piece.length; at += 1) {
        const character = piece.charAt(at);
        if (character === prefix.charAt(matched)) matched += 1;
        else if (!(whitespaceAllowedAt.has(matched) && /\s/.test(character))) {
          state = 'whole';
          return '';
        }
        if (matched === prefix.length) {
          state = 'string';
          return readString(piece.slice(at + 1));
        }
      }
      return '';
    },
    end() {
      // Never committed: unwrap what came, exactly as a whole response is.
      if (state === 'prefix' || state === 'whole') return received === '' ? '' : unwrap(received);
      return '';
    },
  };
}
