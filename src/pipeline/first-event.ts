import type { Readable } from 'node:stream';
import { GatewayError } from '../core/errors.js';
import { createSseDecoder, type SseEvent } from '../protocols/sse/decode.js';

/**
 * Reads an upstream event stream up to its first whole SSE event, then puts
 * the bytes back (`unshift`) so the stream pipe sees them unchanged. Until
 * that event the client has received nothing, so a stream that breaks,
 * stalls past the body timeout, or opens with garbage or an error event can
 * still fall over to the next candidate. Resolves with the first event
 * (undefined when the stream ended without one); rejects with the transport
 * error.
 */
export async function peekFirstEvent(body: Readable): Promise<SseEvent | undefined> {
  body.setEncoding('utf8');
  const decoder = createSseDecoder();
  let seen = '';
  const restore = (): void => {
    if (seen !== '') body.unshift(seen, 'utf8');
  };
  for (;;) {
    const chunk = body.read() as string | null;
    if (chunk !== null) {
      seen += chunk;
      const [first] = decoder.push(chunk);
      if (first !== undefined) {
        restore();
        return first;
      }
      continue;
    }
    if (body.readableEnded || body.destroyed) {
      restore();
      return decoder.flush()[0];
    }
    const outcome = await new Promise<'readable' | 'end' | Error>((resolve) => {
      const done = (value: 'readable' | 'end' | Error): void => {
        body.off('readable', onReadable);
        body.off('end', onEnd);
        body.off('error', onError);
        body.off('close', onEnd);
        resolve(value);
      };
      const onReadable = (): void => done('readable');
      const onEnd = (): void => done('end');
      const onError = (error: Error): void => done(error);
      body.on('readable', onReadable);
      body.on('end', onEnd);
      body.on('error', onError);
      body.on('close', onEnd);
    });
    if (outcome instanceof Error) throw outcome;
    if (outcome === 'end') {
      if (body.errored !== null && body.errored !== undefined) throw body.errored;
      return decoder.flush()[0];
    }
  }
}

/**
 * A first event that means the upstream failed although it answered 200:
 * an SSE `error` event (Anthropic's overloaded_error), a JSON body carrying
 * `error` or `type: "error"`, or data that is not JSON at all. Every one of
 * the four protocols sends JSON in `data`, so this needs no codec.
 */
export function firstEventFailure(event: SseEvent | undefined): GatewayError | undefined {
  if (event === undefined) {
    return new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, retryable: true, message: 'upstream ended the stream before its first event' });
  }
  if (event.data === '[DONE]') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.data);
  } catch {
    return new GatewayError({
      code: 'SY_UPSTREAM_BAD_RESPONSE',
      status: 502,
      retryable: true,
      message: `upstream sent a malformed first stream event: ${event.data.slice(0, 120)}`,
    });
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const error = record.error;
  if (event.event === 'error' || record.type === 'error' || (typeof error === 'object' && error !== null)) {
    const detail = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
    const message = typeof detail.message === 'string' ? detail.message : event.data.slice(0, 200);
    return new GatewayError({ code: 'SY_UPSTREAM_ERROR', status: 502, retryable: true, message: `upstream stream opened with an error: ${message}`, upstreamBody: parsed });
  }
  return undefined;
}
