import type { ServerResponse } from 'node:http';
import { createSseDecoder } from '../protocols/sse/decode.js';
import { asObject } from '../core/json.js';

/** The final response object, and the size of the JSON it came in. */
type Handler = (response: { id: string; output: unknown[] } & Record<string, unknown>, bytes: number) => void;


function parse(text: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * Watches what the pipeline sends a Responses client, whichever path made
 * it (passthrough bytes or a translated answer), and hands over the final
 * response object of a successful answer: the JSON body, or the `response`
 * of the stream's response.completed / response.incomplete event. Only
 * those events are parsed; the rest streams by untouched.
 */
export function captureResponsesResult(response: ServerResponse, onResponse: Handler): void {
  const decoder = createSseDecoder();
  let mode: 'unknown' | 'json' | 'sse' | 'skip' = 'unknown';
  let json = '';
  let delivered = false;

  const deliver = (value: Record<string, unknown> | undefined, bytes: number): void => {
    if (value === undefined || delivered || typeof value.id !== 'string' || !Array.isArray(value.output)) return;
    if (value.status !== 'completed' && value.status !== 'incomplete') return;
    delivered = true;
    onResponse(value as { id: string; output: unknown[] } & Record<string, unknown>, bytes);
  };

  const take = (chunk: unknown): void => {
    if (mode === 'skip' || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
    if (text === '') return;
    if (mode === 'unknown') {
      if (response.statusCode !== 200) {
        mode = 'skip';
        return;
      }
      mode = /^\s*(event|data|:)/.test(text) ? 'sse' : 'json';
    }
    if (mode === 'json') {
      json += text;
      return;
    }
    for (const event of decoder.push(text)) {
      const name = event.event ?? '';
      if (name === 'response.completed' || name === 'response.incomplete' || (name === '' && /"response\.(completed|incomplete)"/.test(event.data))) {
        deliver(asObject(parse(event.data)?.response), event.data.length);
      }
    }
  };

  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  (response as { write: unknown }).write = (...args: unknown[]): boolean => {
    take(args[0]);
    return write(...args);
  };
  (response as { end: unknown }).end = (...args: unknown[]): ServerResponse => {
    take(args[0]);
    if (mode === 'json') deliver(parse(json), json.length);
    return end(...args);
  };
}
