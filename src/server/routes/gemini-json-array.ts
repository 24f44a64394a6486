import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createSseDecoder } from '../../protocols/sse/decode.js';

/**
 * streamGenerateContent without alt=sse answers one JSON array, written
 * element by element as the chunks come ([{…}\n,\r\n{…}\n]), which is how
 * Google's REST streaming looks. The pipeline writes SSE; this wraps the raw
 * response so an event-stream answer is re-framed as that array on the way
 * out, while error answers (not event streams) pass untouched.
 */
export function frameStreamAsJsonArray(response: ServerResponse): void {
  const writeHead = response.writeHead.bind(response) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
  const write = response.write.bind(response) as (chunk: string) => boolean;
  const end = response.end.bind(response) as (chunk?: string) => ServerResponse;
  const decoder = createSseDecoder();
  let framing = false;
  let elements = 0;

  const reframe = (text: string, final: boolean): string => {
    let out = '';
    const events = [...decoder.push(text), ...(final ? decoder.flush() : [])];
    for (const event of events) {
      if (event.data === '') continue;
      out += (elements === 0 ? '[' : '\n,\r\n') + event.data;
      elements += 1;
    }
    if (final) out += elements === 0 ? '[]' : '\n]';
    return out;
  };

  const patched = {
    writeHead(status: number, headers?: OutgoingHttpHeaders): ServerResponse {
      const contentType = String(headers?.['content-type'] ?? '');
      if (status === 200 && contentType.includes('text/event-stream')) {
        framing = true;
        return writeHead(status, { ...headers, 'content-type': 'application/json; charset=UTF-8' });
      }
      return writeHead(status, headers);
    },
    write(chunk: string): boolean {
      if (!framing) return write(chunk);
      const text = reframe(chunk, false);
      return text === '' ? true : write(text);
    },
    end(chunk?: string): ServerResponse {
      if (!framing) return end(chunk);
      return end(reframe(chunk ?? '', true));
    },
  };
  Object.assign(response, patched);
}
