import type { SseEvent } from '../../src/protocols/sse/decode.js';
import { createSseDecoder } from '../../src/protocols/sse/decode.js';

/** The data of every SSE event in a text, JSON-parsed (except [DONE]). For tests. */
export function sseData(text: string): unknown[] {
  const decoder = createSseDecoder();
  return [...decoder.push(text), ...decoder.flush()].map((event) => (event.data === '[DONE]' ? '[DONE]' : (JSON.parse(event.data) as unknown)));
}

/** Chunks as an upstream would send them, framed as SSE events. For tests. */
export function sseEvents(chunks: unknown[]): SseEvent[] {
  return chunks.map((chunk) => {
    const data = typeof chunk === 'string' ? chunk : JSON.stringify(chunk);
    return { data, raw: `data: ${data}\n\n` };
  });
}
