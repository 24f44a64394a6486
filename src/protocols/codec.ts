import type { GatewayError } from '../core/errors.js';
import type { MemberEdit } from '../core/json-members.js';
import type { ProtocolId } from '../core/protocol.js';
import type { ChatRequest } from '../core/request.js';
import type { ChatResponse } from '../core/response.js';
import type { StreamEvent } from '../core/stream.js';
import type { Usage } from '../core/usage.js';
import type { SseEvent } from './sse/decode.js';

/** An error rendered the way one API renders errors. */
export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Where and how to send an encoded request upstream (path relative to the provider base URL). */
export interface EncodedRequest {
  path: string;
  body: unknown;
  /** Query parameters to add (Gemini `alt=sse`). */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /**
   * The serialised body, when the pipeline built it from the client's own
   * bytes (a same-protocol request: only the changed members re-encoded);
   * `body` is then not read.
   */
  bytes?: Buffer;
}

/** A same-protocol request: where it goes, and which top-level members of the client's body change. */
export interface PassthroughRequest {
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Top-level members to set (value undefined: remove); everything else is forwarded as the client sent it. */
  edits: MemberEdit[];
}

export interface EncodeRequestOptions {
  /** The upstream model id to put in the request. */
  model: string;
  /** Provider id, so foreign reasoning signatures can be told from our own. */
  provider?: string;
}

export interface EncodeResponseOptions {
  /** The model name the client asked for (echoed back, not the upstream's). */
  model: string;
}

export interface StreamEncoder {
  /** SSE text (zero or more whole events) for one canonical event. */
  encode(event: StreamEvent): string;
  /** Text that closes the stream after the last event (`data: [DONE]`), if any. */
  end(): string;
}

export interface StreamDecoder {
  /** Canonical events for one SSE event from upstream. */
  decode(event: SseEvent): StreamEvent[];
  /**
   * Canonical events for raw upstream bytes: present when the codec's
   * stream is not SSE (`framing: 'aws-event-stream'`); the decoder frames
   * the bytes itself.
   */
  decodeBytes?(chunk: Uint8Array): StreamEvent[];
  /** Events owed when the upstream stream ends (closing open blocks). */
  end(): StreamEvent[];
}

export interface StreamContext {
  model: string;
  /** The client asked for usage in the stream (Chat stream_options.include_usage). */
  includeUsage?: boolean;
}

/**
 * One wire protocol. The same codec serves the inbound route (decode
 * requests, encode responses and streams, render errors) and the outbound
 * provider (encode requests, decode responses and streams, decode errors).
 */
export interface ProtocolCodec {
  readonly id: ProtocolId;
  /** How the upstream stream is framed; absent: SSE. Non-SSE decoders take bytes (StreamDecoder.decodeBytes). */
  readonly framing?: 'sse' | 'aws-event-stream';
  decodeRequest(body: unknown, context: { model?: string; stream?: boolean }): ChatRequest;
  encodeRequest(request: ChatRequest, options: EncodeRequestOptions): EncodedRequest;
  decodeResponse(body: unknown, options: { provider?: string }): ChatResponse;
  encodeResponse(response: ChatResponse, options: EncodeResponseOptions): unknown;
  createStreamDecoder(options: { provider?: string }): StreamDecoder;
  createStreamEncoder(context: StreamContext): StreamEncoder;
  renderError(error: GatewayError): RenderedError;
  /** An error body from upstream, turned into a GatewayError with the upstream's message. */
  decodeError(status: number, body: unknown): GatewayError;
}

/**
 * Same-protocol fast path: the client's body goes upstream with only the
 * model rewritten (unknown fields survive), and the response bytes are piped
 * back while a side reader takes usage.
 */
export interface PassthroughAdapter {
  /**
   * The upstream request for a client body: model rewritten, nothing else
   * lost. Names the top-level members to change, so the pipeline can make
   * them in the client's own bytes (core/json-members.ts).
   */
  prepare(body: Record<string, unknown>, options: { model: string; stream: boolean }): PassthroughRequest;
  /** Usage from a whole (non-streaming) response body. */
  readUsage(body: unknown): Usage | undefined;
  /**
   * The top-level member of a response body that holds its usage (all that
   * readUsage reads): the pipeline parses only that member of a passthrough
   * answer (core/json-members.ts) and hands readUsage `{ [usageMember]: value }`.
   */
  readonly usageMember?: string;
  createStreamObserver(options: { body: Record<string, unknown> }): StreamObserver;
}

/** Watches a piped stream event by event. */
export interface StreamObserver {
  /** Whether to forward this event to the client (false only for events the gateway itself asked for). */
  observe(event: SseEvent): boolean;
  usage(): Usage | undefined;
  /** An error the upstream reported inside the stream, if any. */
  error(): GatewayError | undefined;
}

/**
 * A wire protocol as the gateway knows it. `codec` translates to and from
 * the canonical model; without it the protocol is served by passthrough only.
 */
export interface ProtocolDefinition {
  readonly id: ProtocolId;
  renderError(error: GatewayError): RenderedError;
  /** Client headers forwarded upstream on this protocol (anthropic-version, anthropic-beta, …). */
  readonly forwardHeaders: readonly string[];
  readonly passthrough: PassthroughAdapter;
  readonly codec?: ProtocolCodec;
  /** The SSE text that ends a stream with an error, in this protocol's own way. */
  encodeStreamError(error: GatewayError): string;
}
