import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { CancelSignal } from '../core/cancellation.js';
import { GatewayError } from '../core/errors.js';
import type { StreamEvent } from '../core/stream.js';
import { mergeUsage, type Usage } from '../core/usage.js';
import type { PassthroughAdapter, ProtocolDefinition, StreamContext } from '../protocols/codec.js';
import { createSseDecoder, type SseEvent } from '../protocols/sse/decode.js';
import { transportError } from './upstream-attempt.js';

export interface StreamOutcome {
  usage: Usage | undefined;
  ttftMs: number | null;
  error: GatewayError | undefined;
}

interface StreamInput {
  requestId: string;
  response: ServerResponse;
  signal: CancelSignal;
  startedAt: number;
}

const streamHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** Resolves when the client can take more, or has gone away (so a vanished client never hangs us). */
function writable(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * Reads an upstream SSE body event by event and hands each to `onEvents`,
 * which returns the text to send the client. Handles backpressure, client
 * disconnects and upstream failures mid-stream (ended with the client
 * protocol's error event, since after the first byte nothing can be hidden).
 */
async function pump(options: {
  upstream: Dispatcher.ResponseData;
  client: ProtocolDefinition;
  input: StreamInput;
  onEvents(events: SseEvent[], final: boolean): string;
  /** The text that ends the stream after a transport failure: close what the client saw, then the error. */
  closeWithError(error: GatewayError): string;
  /** Raw bytes instead of SSE events, for upstreams framed otherwise (AWS event stream); the end still calls onEvents([], true). */
  onBytes?(chunk: Buffer): string;
  streamError(): GatewayError | undefined;
}): Promise<{ ttftMs: number | null; error: GatewayError | undefined }> {
  const { response, startedAt } = options.input;
  response.writeHead(200, { ...streamHeaders, 'x-request-id': options.input.requestId });
  const decoder = createSseDecoder();
  let ttftMs: number | null = null;
  let error: GatewayError | undefined;
  // undici hands over one body chunk per upstream write (per HTTP chunk),
  // however many arrived in one TCP read, and each response.write() was a
  // writev of its own. Writes made in the same tick are corked and leave in
  // one syscall when the tick ends: no added wait, far fewer syscalls.
  // Uncork before end(): on Node 24 an end() while corked drops what was
  // written in that tick (the last events and [DONE] of a translated stream).
  let corked = false;
  const uncork = (): void => {
    if (!corked) return;
    corked = false;
    response.uncork();
  };
  const send = async (text: string): Promise<void> => {
    if (text === '' || response.destroyed) return;
    if (ttftMs === null) ttftMs = Math.round((performance.now() - startedAt) * 1000) / 1000;
    if (!corked) {
      corked = true;
      response.cork();
      process.nextTick(uncork);
    }
    if (!response.write(text)) await writable(response);
  };
  const onBytes = options.onBytes === undefined ? undefined : options.onBytes.bind(options);
  if (onBytes === undefined) options.upstream.body.setEncoding('utf8');
  try {
    for await (const chunk of options.upstream.body) {
      await send(onBytes === undefined ? options.onEvents(decoder.push(chunk as string), false) : onBytes(chunk as Buffer));
      if (response.destroyed) break;
    }
    if (!response.destroyed) await send(options.onEvents(decoder.flush(), true));
  } catch (thrown) {
    if (!options.input.signal.aborted) {
      error = transportError(thrown);
      if (!response.destroyed) response.write(options.closeWithError(error));
    }
  }
  error ??= options.streamError();
  uncork();
  if (!response.destroyed) response.end();
  if (options.input.signal.aborted && error === undefined) {
    error = new GatewayError({ code: 'SY_BAD_REQUEST', status: 499, message: 'client closed the stream' });
  }
  return { ttftMs, error };
}

export async function pipePassthroughStream(options: {
  upstream: Dispatcher.ResponseData;
  adapter: PassthroughAdapter;
  client: ProtocolDefinition;
  input: StreamInput & { body: Record<string, unknown> };
}): Promise<StreamOutcome> {
  const observer = options.adapter.createStreamObserver({ body: options.input.body });
  const result = await pump({
    upstream: options.upstream,
    client: options.client,
    input: options.input,
    onEvents(events) {
      let text = '';
      for (const event of events) if (observer.observe(event)) text += event.raw;
      return text;
    },
    closeWithError: (error) => options.client.encodeStreamError(error),
    streamError: () => observer.error(),
  });
  return { ...result, usage: observer.usage() };
}


export async function pipeTranslatedStream(options: {
  upstream: Dispatcher.ResponseData;
  upstreamDefinition: ProtocolDefinition;
  client: ProtocolDefinition;
  input: StreamInput;
  provider: string;
  context: StreamContext;
  /** Rewrites decoded events before the client's encoder sees them (custom tool calls). */
  transformEvents?: (events: StreamEvent[]) => StreamEvent[];
}): Promise<StreamOutcome> {
  const upstreamCodec = options.upstreamDefinition.codec;
  const clientCodec = options.client.codec;
  if (upstreamCodec === undefined || clientCodec === undefined) throw new Error('stream translation needs both codecs');
  const upstreamDecoder = upstreamCodec.createStreamDecoder({ provider: options.provider });
  const transform = options.transformEvents ?? ((events: StreamEvent[]): StreamEvent[] => events);
  const decoder = { decode: (event: SseEvent) => transform(upstreamDecoder.decode(event)), end: () => transform(upstreamDecoder.end()) };
  const decodeUpstreamBytes = upstreamCodec.framing === 'aws-event-stream' ? upstreamDecoder.decodeBytes?.bind(upstreamDecoder) : undefined;
  const decodeBytes = decodeUpstreamBytes === undefined ? undefined : (chunk: Buffer): StreamEvent[] => transform(decodeUpstreamBytes(chunk));
  const encoder = clientCodec.createStreamEncoder(options.context);
  let usage: Usage | undefined;
  let streamError: GatewayError | undefined;
  let ended = false;
  const encode = (events: StreamEvent[]): string => {
    let text = '';
    for (const event of events) {
      if (event.type === 'usage') usage = mergeUsage(usage, event.usage);
      else if (event.type === 'message-start' && event.usage !== undefined) usage = mergeUsage(usage, event.usage);
      else if (event.type === 'error') streamError = event.error;
      text += encoder.encode(event);
    }
    return text;
  };
  const result = await pump({
    upstream: options.upstream,
    client: options.client,
    input: options.input,
    ...(decodeBytes === undefined ? {} : { onBytes: (chunk: Buffer) => encode(decodeBytes(chunk)) }),
    onEvents(events, final) {
      let text = '';
      for (const event of events) text += encode(decoder.decode(event));
      if (final && !ended) {
        ended = true;
        text += encode(decoder.end());
        if (streamError === undefined) text += encoder.end();
      }
      return text;
    },
    // Through the client's encoder, not encodeStreamError: the encoder knows what it already sent
    // (open blocks, whether a finish went out) and must not end the stream twice.
    closeWithError(error) {
      if (ended) return '';
      ended = true;
      const closing = decoder.end().filter((event) => event.type !== 'finish');
      // A decoder that reports a cut stream itself (Anthropic's) already produced the error event.
      if (!closing.some((event) => event.type === 'error')) closing.push({ type: 'error', error });
      return encode(closing);
    },
    streamError: () => streamError,
  });
  return { ...result, usage };
}
