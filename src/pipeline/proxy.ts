import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { GatewayError, toGatewayError, type AttemptFailure } from '../core/errors.js';
import type { ProtocolId } from '../core/protocol.js';
import type { ChatRequest } from '../core/request.js';
import { emptyUsage, type Usage } from '../core/usage.js';
import type { EncodedRequest, ProtocolDefinition } from '../protocols/codec.js';
import { costMicros } from '../providers/pricing.js';
import type { UpstreamClient } from '../providers/upstream-client.js';
import { resolveModel, type Candidate } from '../routing/resolve.js';
import { pipePassthroughStream, pipeTranslatedStream, type StreamOutcome } from './pipe-stream.js';
import type { SnapshotSource } from './snapshot.js';
import {
  attemptFailure,
  isRetryableStatus,
  retryAfterSeconds,
  transportError,
  upstreamHeaders,
  upstreamUrl,
} from './upstream-attempt.js';
import type { UsageSink } from './usage-record.js';

export interface ProxyDependencies {
  snapshot: SnapshotSource;
  protocols: Partial<Record<ProtocolId, ProtocolDefinition>>;
  upstream: UpstreamClient;
  usage: UsageSink;
}

export interface ProxyInput {
  requestId: string;
  clientProtocol: ProtocolId;
  body: Record<string, unknown>;
  requestedModel: string;
  stream: boolean;
  keyId: string | null;
  /** The key's group: routing shows it global routes and its own group's. */
  groupId?: string | null;
  clientHeaders: IncomingHttpHeaders;
  /** The raw response; the caller has handed it over (Fastify reply.hijack()). */
  response: ServerResponse;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** performance.now() when the request arrived. */
  startedAt: number;
}

interface Outcome {
  candidate?: Candidate;
  upstreamProtocol?: ProtocolId;
  status: number;
  usage: Usage;
  ttftMs: number | null;
  errorCode: string | null;
}

function protocolOf(deps: ProxyDependencies, id: ProtocolId): ProtocolDefinition {
  const definition = deps.protocols[id];
  if (definition === undefined) {
    throw new GatewayError({ code: 'SY_UNSUPPORTED', status: 501, message: `protocol ${id} is not available` });
  }
  return definition;
}

export function writeJson(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

export function writeError(response: ServerResponse, definition: ProtocolDefinition, error: GatewayError, requestId: string): void {
  const rendered = definition.renderError(error);
  writeJson(response, rendered.status, JSON.stringify(rendered.body), { 'x-request-id': requestId, ...rendered.headers });
}

/** The request for one candidate: passthrough when protocols match, else decode and re-encode. */
function encodeFor(
  deps: ProxyDependencies,
  input: ProxyInput,
  candidate: Candidate,
  canonical: () => ChatRequest,
): { request: EncodedRequest; passthrough: boolean } {
  const upstream = protocolOf(deps, candidate.provider.protocol);
  if (candidate.provider.protocol === input.clientProtocol) {
    return { request: upstream.passthrough.prepare(input.body, { model: candidate.model, stream: input.stream }), passthrough: true };
  }
  const codec = upstream.codec;
  if (codec === undefined || protocolOf(deps, input.clientProtocol).codec === undefined) {
    throw new GatewayError({
      code: 'SY_UNSUPPORTED',
      status: 501,
      message: `translating ${input.clientProtocol} to ${candidate.provider.protocol} is not available`,
    });
  }
  return { request: codec.encodeRequest(canonical(), { model: candidate.model, provider: candidate.provider.id }), passthrough: false };
}

async function readBodyText(response: Dispatcher.ResponseData): Promise<string> {
  return response.body.text();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The life of a data-plane request after authentication: resolve the model
 * to candidates, try each until one answers, and stream or send its answer
 * in the client's protocol. Failures before the first byte reached the
 * client fall over to the next candidate; after it, the stream ends with
 * the client protocol's own error event.
 */
export async function proxyRequest(deps: ProxyDependencies, input: ProxyInput): Promise<void> {
  const client = protocolOf(deps, input.clientProtocol);
  const outcome: Outcome = { status: 0, usage: emptyUsage(), ttftMs: null, errorCode: null };
  try {
    await serve(deps, input, client, outcome);
  } catch (thrown) {
    const error = toGatewayError(thrown);
    outcome.status = error.status;
    outcome.errorCode = error.code;
    if (input.response.headersSent) {
      if (!input.response.writableEnded) input.response.end(client.encodeStreamError(error));
    } else {
      writeError(input.response, client, error, input.requestId);
    }
  } finally {
    const candidate = outcome.candidate;
    const price = candidate?.provider.prices[candidate.model];
    deps.usage.record({
      requestId: input.requestId,
      at: Date.now(),
      keyId: input.keyId,
      provider: candidate?.provider.id ?? '',
      model: candidate?.model ?? '',
      requestedModel: input.requestedModel,
      credentialId: candidate?.credential?.id ?? null,
      clientProtocol: input.clientProtocol,
      upstreamProtocol: outcome.upstreamProtocol ?? input.clientProtocol,
      stream: input.stream,
      usage: outcome.usage,
      costMicros: price === undefined ? 0 : costMicros(outcome.usage, price),
      latencyMs: Math.round((performance.now() - input.startedAt) * 1000) / 1000,
      ttftMs: outcome.ttftMs,
      status: outcome.status,
      errorCode: outcome.errorCode,
    });
  }
}

async function serve(deps: ProxyDependencies, input: ProxyInput, client: ProtocolDefinition, outcome: Outcome): Promise<void> {
  const candidates = resolveModel(deps.snapshot.current(), input.requestedModel, { groupId: input.groupId ?? null });
  let decoded: ChatRequest | undefined;
  const canonical = (): ChatRequest => {
    if (decoded === undefined) {
      const codec = client.codec;
      if (codec === undefined) throw new GatewayError({ code: 'SY_UNSUPPORTED', status: 501, message: `decoding ${client.id} is not available` });
      decoded = codec.decodeRequest(input.body, { model: input.requestedModel, stream: input.stream });
    }
    return decoded;
  };
  const attempts: AttemptFailure[] = [];
  let lastError: GatewayError | undefined;

  for (const [position, candidate] of candidates.entries()) {
    const isLast = position === candidates.length - 1;
    const upstream = protocolOf(deps, candidate.provider.protocol);
    const { request, passthrough } = encodeFor(deps, input, candidate, canonical);
    outcome.candidate = candidate;
    outcome.upstreamProtocol = candidate.provider.protocol;

    let response: Dispatcher.ResponseData;
    try {
      response = await deps.upstream.request({
        url: upstreamUrl(candidate.provider.baseUrl, request),
        headers: upstreamHeaders({
          candidate,
          protocol: candidate.provider.protocol,
          definition: upstream,
          clientHeaders: input.clientHeaders,
          forwardClientHeaders: passthrough,
          request,
          stream: input.stream,
        }),
        body: JSON.stringify(request.body),
        signal: input.signal,
      });
    } catch (thrown) {
      if (input.signal.aborted) throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 499, message: 'client closed the request' });
      lastError = transportError(thrown);
      attempts.push(attemptFailure(candidate, lastError));
      continue;
    }

    if (response.statusCode >= 400) {
      const text = await readBodyText(response);
      const retryAfter = retryAfterSeconds(response.headers);
      if (isRetryableStatus(response.statusCode) && !isLast) {
        lastError = upstreamError(upstream, response.statusCode, text, retryAfter);
        attempts.push(attemptFailure(candidate, lastError));
        continue;
      }
      if (passthrough && attempts.length === 0) {
        // Same protocol: the upstream's error is already in the client's shape.
        outcome.status = response.statusCode;
        outcome.errorCode = 'SY_UPSTREAM_ERROR';
        const headers: Record<string, string> = { 'x-request-id': input.requestId };
        if (retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(retryAfter));
        writeJson(input.response, response.statusCode, text, headers);
        return;
      }
      lastError = upstreamError(upstream, response.statusCode, text, retryAfter);
      attempts.push(attemptFailure(candidate, lastError));
      break;
    }

    const isEventStream = String(response.headers['content-type'] ?? '').includes('text/event-stream');
    if (input.stream && isEventStream) {
      const result: StreamOutcome = passthrough
        ? await pipePassthroughStream({ upstream: response, adapter: upstream.passthrough, client, input })
        : await pipeTranslatedStream({
            upstream: response,
            upstreamDefinition: upstream,
            client,
            input,
            provider: candidate.provider.id,
            context: { model: input.requestedModel, includeUsage: canonical().streamUsage === true },
          });
      outcome.status = result.error === undefined ? 200 : result.error.status;
      outcome.errorCode = result.error?.code ?? null;
      outcome.usage = result.usage ?? emptyUsage();
      outcome.ttftMs = result.ttftMs;
      return;
    }

    const text = await readBodyText(response);
    outcome.ttftMs = Math.round((performance.now() - input.startedAt) * 1000) / 1000;
    const body = parseJson(text);
    if (body === undefined) {
      throw new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: 'upstream answered with a body that is not JSON' });
    }
    outcome.status = 200;
    if (passthrough) {
      outcome.usage = upstream.passthrough.readUsage(body) ?? emptyUsage();
      writeJson(input.response, 200, text, { 'x-request-id': input.requestId });
      return;
    }
    const upstreamCodec = upstream.codec;
    const clientCodec = client.codec;
    if (upstreamCodec === undefined || clientCodec === undefined) throw new Error('codec vanished mid-request');
    const decodedResponse = upstreamCodec.decodeResponse(body, { provider: candidate.provider.id });
    outcome.usage = decodedResponse.usage;
    const encoded = clientCodec.encodeResponse(decodedResponse, { model: input.requestedModel });
    writeJson(input.response, 200, JSON.stringify(encoded), { 'x-request-id': input.requestId });
    return;
  }

  if (attempts.length === 1 && lastError !== undefined) throw lastError;
  throw new GatewayError({
    code: 'SY_ALL_CANDIDATES_FAILED',
    status: lastError?.status ?? 502,
    retryable: true,
    message: `every candidate for "${input.requestedModel}" failed: ${attempts.map((attempt) => `${attempt.provider}/${attempt.model}: ${attempt.message}`).join('; ')}`,
    attempts,
    ...(lastError?.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: lastError.retryAfterSeconds }),
  });
}

function upstreamError(definition: ProtocolDefinition, status: number, text: string, retryAfter: number | undefined): GatewayError {
  const body = parseJson(text);
  if (definition.codec !== undefined && body !== undefined) {
    const decoded = definition.codec.decodeError(status, body);
    if (retryAfter === undefined) return decoded;
    return new GatewayError({
      code: decoded.code,
      status: decoded.status,
      message: decoded.message,
      retryable: decoded.retryable,
      retryAfterSeconds: retryAfter,
      upstreamBody: body,
      ...(decoded.param === undefined ? {} : { param: decoded.param }),
    });
  }
  const message = extractMessage(body) ?? (text.slice(0, 200) || `HTTP ${status}`);
  return new GatewayError({
    code: status === 429 ? 'SY_RATE_LIMITED' : 'SY_UPSTREAM_ERROR',
    status,
    retryable: isRetryableStatus(status),
    message: `upstream answered ${status}: ${message}`,
    upstreamBody: body,
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
  });
}

function extractMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as Record<string, unknown>).error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  return undefined;
}
