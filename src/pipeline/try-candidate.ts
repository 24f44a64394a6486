import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { GatewayError } from '../core/errors.js';
import { readTopLevelObjectMember } from '../core/json-members.js';
import { emptyUsage } from '../core/usage.js';
import type { UpstreamTimeouts } from '../providers/upstream-client.js';
import type { AttemptPermit, RateLimitReading } from '../routing/health.js';
import { readRateLimit } from '../routing/rate-limit-headers.js';
import type { RoutedCandidate } from '../routing/resolve.js';
import { createAttemptDeadline, type AttemptDeadline } from './attempt-deadline.js';
import { firstEventFailure, peekFirstEvent } from './first-event.js';
import { pipePassthroughStream, pipeTranslatedStream, type StreamOutcome } from './pipe-stream.js';
import type { AttemptContext } from './proxy-types.js';
import { encodeFor, protocolOf, upstreamError, writeJson } from './respond.js';
import { createCustomToolCallRestorer, customToolNames, restoreCustomToolCalls } from './custom-tool-calls.js';
import { adaptForProvider, isRetryableStatus, isStreamContentType, retryAfterSeconds, transportError, upstreamHeaders, upstreamUrl } from './upstream-attempt.js';

/** An upstream error answer kept as sent, so a same-protocol client can get it verbatim. */
export interface RawUpstreamError {
  status: number;
  text: string;
  retryAfterSeconds: number | undefined;
}

/**
 * How one attempt ended:
 * - served: the client has its answer (or a stream that started; later
 *   failures end it with the protocol's error event);
 * - failed: nothing reached the client and another try may help;
 *   `sameCandidate` says whether retrying this one is worth it (a timeout
 *   already cost the full timeout: fall over instead);
 * - rejected: upstream refused the request itself (a 400): no failover.
 */
export type AttemptResult =
  | { kind: 'served' }
  | { kind: 'failed'; error: GatewayError; retryAfterMs: number | undefined; sameCandidate: boolean; raw?: RawUpstreamError }
  | { kind: 'rejected'; error: GatewayError; raw?: RawUpstreamError };

/**
 * Failures not worth a second try on the same candidate: a timeout already
 * cost the whole timeout, and a refused or unresolvable host stays down for
 * longer than a backoff. A reset (a stale keep-alive socket, a restart) is
 * worth one more try.
 */
const hopelessCauses = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function worthRetrying(error: GatewayError): boolean {
  if (error.code === 'SY_UPSTREAM_TIMEOUT') return false;
  const cause = error.cause as { code?: unknown } | undefined;
  return !(typeof cause?.code === 'string' && hopelessCauses.has(cause.code));
}

function failed(error: GatewayError, options: { retryAfterMs?: number; raw?: RawUpstreamError } = {}): AttemptResult {
  return {
    kind: 'failed',
    error,
    retryAfterMs: options.retryAfterMs,
    sameCandidate: worthRetrying(error),
    ...(options.raw === undefined ? {} : { raw: options.raw }),
  };
}

/** 401, 402, 403: about the credential, not the request. */
function credentialRefused(status: number): boolean {
  return status === 401 || status === 402 || status === 403;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * One try of one candidate: encode (or pass through), send with the
 * provider's timeouts, classify the answer, and on success stream or send
 * it to the client. Reports into the candidate's health permit: success
 * with time to first token and quota headroom, or failure (with the
 * Retry-After that opens its circuit). The caller releases the permit.
 */
export async function tryCandidate(context: AttemptContext, candidate: RoutedCandidate, permit: AttemptPermit): Promise<AttemptResult> {
  const deadline = createAttemptDeadline(context.input.signal);
  try {
    return await attempt(context, candidate, permit, deadline);
  } finally {
    deadline.dispose();
  }
}

async function attempt(context: AttemptContext, candidate: RoutedCandidate, permit: AttemptPermit, deadline: AttemptDeadline): Promise<AttemptResult> {
  const { deps, input, outcome } = context;
  const upstream = protocolOf(deps, candidate.provider.protocol);
  const { request, passthrough } = encodeFor({ deps, input, candidate, canonical: () => context.canonical() });
  const timeouts: Partial<UpstreamTimeouts> = { ...deps.upstream.timeouts, ...candidate.provider.timeouts };
  const started = performance.now();
  /** A transport failure, or our own deadline firing, as a failed attempt. */
  const transportFailure = (thrown: unknown): AttemptResult => {
    if (input.signal.aborted) throw clientGone();
    permit.fail();
    return failed(deadline.timedOut() ?? transportError(thrown));
  };

  let response: Dispatcher.ResponseData;
  if (timeouts.headersMs !== undefined) deadline.arm('headers', timeouts.headersMs);
  try {
    // Providers whose wire differs (Azure URLs, Vertex OAuth, Bedrock SigV4) adapt the request here.
    const outgoing = await adaptForProvider(
      candidate,
      {
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
        body: request.bytes ?? JSON.stringify(request.body),
      },
      input.stream,
    );
    response = await deps.upstream.request({ ...outgoing, signal: deadline.signal, timeouts });
  } catch (thrown) {
    return transportFailure(thrown);
  }
  deadline.disarm();

  if (response.statusCode >= 400) {
    let text: string;
    try {
      text = await response.body.text();
    } catch (thrown) {
      return transportFailure(thrown);
    }
    const retryAfter = retryAfterSeconds(response.headers);
    const error = upstreamError(upstream, response.statusCode, text, retryAfter);
    const raw = passthrough ? { status: response.statusCode, text, retryAfterSeconds: retryAfter } : undefined;
    const rawOption = raw === undefined ? {} : { raw };
    if (credentialRefused(response.statusCode)) {
      // This key is refused (revoked, out of credit, not entitled): another key or provider may not be.
      permit.fail();
      return { kind: 'failed', error, retryAfterMs: undefined, sameCandidate: false, ...rawOption };
    }
    if (!isRetryableStatus(response.statusCode)) {
      permit.finish();
      return { kind: 'rejected', error, ...rawOption };
    }
    const retryAfterMs = retryAfter === undefined ? undefined : retryAfter * 1000;
    permit.fail({ ...(retryAfterMs === undefined ? {} : { retryAfterMs }), rateLimited: response.statusCode === 429 });
    return failed(error, { ...(retryAfterMs === undefined ? {} : { retryAfterMs }), ...rawOption });
  }

  const rateLimit = readRateLimit(response.headers);
  const isEventStream = isStreamContentType(response.headers['content-type']);
  if (input.stream && isEventStream) {
    if (timeouts.bodyMs !== undefined) deadline.arm('first event', timeouts.bodyMs);
    try {
      // The peek reads SSE text; a binary event stream (Bedrock) is checked by its own decoder instead.
      const binary = upstream.codec?.framing === 'aws-event-stream';
      const failure = binary ? undefined : firstEventFailure(await peekFirstEvent(response.body));
      if (failure !== undefined) {
        discard(response);
        permit.fail();
        return failed(failure);
      }
    } catch (thrown) {
      return transportFailure(thrown);
    }
    deadline.disarm();
    succeed(permit, performance.now() - started, rateLimit);
    outcome.candidate = candidate;
    outcome.upstreamProtocol = candidate.provider.protocol;
    const result: StreamOutcome = passthrough
      ? await pipePassthroughStream({ upstream: response, adapter: upstream.passthrough, client: context.client, input })
      : await pipeTranslatedStream({
          upstream: response,
          upstreamDefinition: upstream,
          client: context.client,
          input,
          provider: candidate.provider.id,
          context: { model: input.requestedModel, includeUsage: context.canonical().streamUsage === true },
          transformEvents: createCustomToolCallRestorer(customToolNames(context.canonical())),
        });
    // A stream that broke after its first byte is the upstream's failure too.
    if (result.error !== undefined && result.error.status !== 499 && result.error.code !== 'SY_UPSTREAM_ERROR') permit.fail();
    outcome.status = result.error === undefined ? 200 : result.error.status;
    outcome.errorCode = result.error?.code ?? null;
    outcome.usage = result.usage ?? emptyUsage();
    outcome.ttftMs = result.ttftMs;
    return { kind: 'served' };
  }

  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.body.arrayBuffer());
  } catch (thrown) {
    return transportFailure(thrown);
  }
  // A passthrough answer goes to the client as the upstream's bytes: parse only its usage member when it can be found safely.
  let body: unknown;
  const usageMember = passthrough ? upstream.passthrough.usageMember : undefined;
  if (usageMember !== undefined) {
    const usageValue = readTopLevelObjectMember(bytes, usageMember);
    if (usageValue !== undefined) body = { [usageMember]: usageValue };
  }
  body ??= parseJson(bytes.toString('utf8'));
  if (body === undefined) {
    permit.fail();
    return failed(new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, retryable: true, message: 'upstream answered with a body that is not JSON' }));
  }
  succeed(permit, performance.now() - started, rateLimit);
  outcome.candidate = candidate;
  outcome.upstreamProtocol = candidate.provider.protocol;
  outcome.ttftMs = Math.round((performance.now() - input.startedAt) * 1000) / 1000;
  outcome.status = 200;
  if (passthrough) {
    outcome.usage = upstream.passthrough.readUsage(body) ?? emptyUsage();
    writeJson(input.response, 200, bytes, { 'x-request-id': input.requestId });
    return { kind: 'served' };
  }
  const upstreamCodec = upstream.codec;
  const clientCodec = context.client.codec;
  if (upstreamCodec === undefined || clientCodec === undefined) throw new Error('codec vanished mid-request');
  const decodedResponse = restoreCustomToolCalls(upstreamCodec.decodeResponse(body, { provider: candidate.provider.id }), customToolNames(context.canonical()));
  outcome.usage = decodedResponse.usage;
  const encoded = clientCodec.encodeResponse(decodedResponse, { model: input.requestedModel });
  writeJson(input.response, 200, JSON.stringify(encoded), { 'x-request-id': input.requestId });
  return { kind: 'served' };
}

function succeed(permit: AttemptPermit, ttftMs: number, rateLimit: RateLimitReading | undefined): void {
  permit.succeed(rateLimit === undefined ? { ttftMs } : { ttftMs, rateLimit });
}

/** Drops an upstream body we will not read (destroying it raises an abort error nobody else listens for). */
function discard(response: Dispatcher.ResponseData): void {
  response.body.on('error', () => undefined);
  response.body.destroy();
}

export function clientGone(): GatewayError {
  return new GatewayError({ code: 'SY_BAD_REQUEST', status: 499, message: 'client closed the request' });
}

