import { performance } from 'node:perf_hooks';
import { GatewayError, toGatewayError, type AttemptFailure } from '../core/errors.js';
import type { ChatRequest } from '../core/request.js';
import { emptyUsage } from '../core/usage.js';
import type { ProtocolDefinition } from '../protocols/codec.js';
import { costMicros } from '../providers/pricing.js';
import { candidateKey, type AttemptPermit } from '../routing/health.js';
import type { RoutedCandidate } from '../routing/resolve.js';
import { createRouter, type RoutePlan } from '../routing/router.js';
import { sessionKey } from '../routing/session-key.js';
import { defaultResilience, retryDecision, sleep } from './backoff.js';
import type { AttemptContext, Outcome, ProxyDependencies, ProxyInput } from './proxy-types.js';
import { protocolOf, writeError, writeJson } from './respond.js';
import { clientGone, tryCandidate, type AttemptResult, type RawUpstreamError } from './try-candidate.js';
import { attemptFailure } from './upstream-attempt.js';

export type { Outcome, ProxyDependencies, ProxyInput } from './proxy-types.js';
export { writeError, writeJson } from './respond.js';

/**
 * The life of a data-plane request after authentication: route the model
 * name to ordered candidates, try each until one answers, and stream or send
 * its answer in the client's protocol. Failures before the first byte
 * reached the client are retried (backoff with jitter, Retry-After honoured
 * up to a cap) and then fall over to the next candidate; after it, the
 * stream ends with the client protocol's own error event.
 */
export async function proxyRequest(given: ProxyDependencies, input: ProxyInput): Promise<void> {
  const deps = withRouting(given);
  const client = protocolOf(deps, input.clientProtocol);
  const outcome: Outcome = { status: 0, usage: emptyUsage(), ttftMs: null, errorCode: null };
  try {
    await serve(deps, input, client, outcome);
  } catch (thrown) {
    const error = toGatewayError(thrown);
    outcome.status = error.status;
    outcome.errorCode = error.code;
    input.onFailure?.(error);
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

type RoutedDependencies = ProxyDependencies & Required<Pick<ProxyDependencies, 'router' | 'resilience'>>;

function withRouting(deps: ProxyDependencies): RoutedDependencies {
  if (deps.router !== undefined && deps.resilience !== undefined) return deps as RoutedDependencies;
  return {
    ...deps,
    router: deps.router ?? createRouter({ breakerFailureThreshold: 3, breakerCooldownMs: 30_000, credentialPool: 'round-robin', affinityTtlMs: 3_600_000 }),
    resilience: deps.resilience ?? defaultResilience,
  };
}

function planFor(deps: RoutedDependencies, input: ProxyInput): RoutePlan {
  if (input.pinned !== undefined) return { candidates: input.pinned.candidates };
  return deps.router.plan(deps.snapshot.current(), {
    requested: input.requestedModel,
    groupId: input.groupId ?? null,
    session: () => sessionKey({ keyId: input.keyId, headers: input.clientHeaders, body: input.body }),
  });
}

async function serve(deps: RoutedDependencies, input: ProxyInput, client: ProtocolDefinition, outcome: Outcome): Promise<void> {
  const plan = planFor(deps, input);
  let decoded: ChatRequest | undefined;
  const context: AttemptContext = {
    deps,
    input,
    client,
    outcome,
    canonical() {
      if (decoded === undefined) {
        const codec = client.codec;
        if (codec === undefined) throw new GatewayError({ code: 'SY_UNSUPPORTED', status: 501, message: `decoding ${client.id} is not available` });
        decoded = codec.decodeRequest(input.body, { model: input.requestedModel, stream: input.stream });
      }
      return decoded;
    },
  };
  const resilience = input.pinned?.retries === undefined ? deps.resilience : { ...deps.resilience, retries: input.pinned.retries };
  const attempts: AttemptFailure[] = [];
  /** Candidates that failed (a served attempt returns at once). */
  const tried = new Set<string>();
  /** Candidates passed over for an open circuit. */
  const skippedKeys = new Set<string>();
  let lastError: GatewayError | undefined;
  let lastRaw: RawUpstreamError | undefined;
  /** The soonest an open circuit among the skipped candidates admits a probe. */
  let soonestRetryMs: number | undefined;
  /** One try of one candidate: run it, release its permit, and record how it went. */
  const attemptOnce = async (candidate: RoutedCandidate, permit: AttemptPermit): Promise<AttemptResult> => {
    let result: AttemptResult;
    try {
      result = await tryCandidate(context, candidate, permit);
    } finally {
      permit.finish();
    }
    if (result.kind === 'served') {
      deps.router.remember(plan, candidate);
      return result;
    }
    tried.add(candidateKey(candidate));
    attempts.push(attemptFailure(candidate, result.error));
    lastError = result.error;
    lastRaw = result.raw;
    outcome.candidate = candidate;
    outcome.upstreamProtocol = candidate.provider.protocol;
    return result;
  };

  for (const candidate of plan.candidates) {
    for (let tryIndex = 0; ; tryIndex += 1) {
      if (input.signal.aborted) throw clientGone();
      const permit = deps.router.health.acquire(candidate, { force: input.pinned?.ignoreCircuit === true });
      if (permit === undefined) {
        if (tryIndex === 0) {
          skippedKeys.add(candidateKey(candidate));
          const breaker = deps.router.health.breaker(candidate);
          soonestRetryMs = Math.min(soonestRetryMs ?? Number.POSITIVE_INFINITY, breaker.retryInMs);
          const skipped = new GatewayError({
            code: 'SY_UPSTREAM_UNREACHABLE',
            status: 503,
            retryable: true,
            message: breaker.state === 'open' ? `circuit open after repeated failures; next try in ${Math.ceil(breaker.retryInMs / 1000)} s` : 'circuit half-open; its one trial request is in flight',
            ...(breaker.retryInMs > 0 ? { retryAfterSeconds: breaker.retryInMs / 1000 } : { retryAfterSeconds: 1 }),
          });
          attempts.push({ ...attemptFailure(candidate, skipped), status: 503 });
          lastError ??= skipped;
        }
        break;
      }
      const result = await attemptOnce(candidate, permit);
      if (result.kind === 'served') return;
      if (result.kind === 'rejected') {
        // The request itself was refused (bad input, no access): another candidate would refuse it too.
        if (result.raw !== undefined && attempts.length === 1) return sendRawUpstreamError(input, outcome, result.raw);
        throw attempts.length === 1 ? result.error : allFailed(input, attempts, result.error, undefined);
      }
      const decision = retryDecision(resilience, { tryIndex, retryAfterMs: result.retryAfterMs, sameCandidateRetryable: result.sameCandidate });
      if (!decision.retry) break;
      // After a Retry-After the circuit reopens at exactly that instant; a timer may fire a hair early.
      await sleep(decision.delayMs + (result.retryAfterMs === undefined ? 0 : 5), input.signal);
    }
  }

  if (tried.size === 0 && !input.signal.aborted) {
    // Every circuit is open. A breaker sheds load onto alternatives; with none
    // left it does not turn the request away untried: one trial at a time
    // goes to the first candidate whose trial slot is free, the rest fail fast.
    for (const candidate of plan.candidates) {
      const permit = deps.router.health.acquire(candidate, { lastResort: true });
      if (permit === undefined) continue;
      const result = await attemptOnce(candidate, permit);
      if (result.kind === 'served') return;
      break;
    }
  }

  const oneCandidate = tried.size === 1 && [...skippedKeys].every((key) => tried.has(key));
  // One candidate (however often retried), same protocol: the client gets the upstream's own last error, as sent.
  if (lastRaw !== undefined && oneCandidate) return sendRawUpstreamError(input, outcome, lastRaw);
  if ((oneCandidate || attempts.length === 1) && lastError !== undefined) throw lastError;
  throw allFailed(input, attempts, lastError, soonestRetryMs);
}

function sendRawUpstreamError(input: ProxyInput, outcome: Outcome, raw: RawUpstreamError): void {
  outcome.status = raw.status;
  outcome.errorCode = 'SY_UPSTREAM_ERROR';
  const headers: Record<string, string> = { 'x-request-id': input.requestId };
  if (raw.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(raw.retryAfterSeconds));
  writeJson(input.response, raw.status, raw.text, headers);
}

/** One error listing every attempt; Retry-After is the soonest any candidate may be tried again. */
function allFailed(input: ProxyInput, attempts: AttemptFailure[], lastError: GatewayError | undefined, soonestRetryMs: number | undefined): GatewayError {
  const retryAfterSeconds = [lastError?.retryAfterSeconds, soonestRetryMs === undefined ? undefined : soonestRetryMs / 1000]
    .filter((value): value is number => value !== undefined && Number.isFinite(value))
    .reduce<number | undefined>((soonest, value) => (soonest === undefined ? value : Math.min(soonest, value)), undefined);
  return new GatewayError({
    code: 'SY_ALL_CANDIDATES_FAILED',
    status: lastError?.status ?? 502,
    retryable: true,
    message: `every candidate for "${input.requestedModel}" failed: ${attempts.map((attempt) => `${attempt.provider}/${attempt.model}${attempt.credential === undefined ? '' : ` (${attempt.credential})`}: ${attempt.message}`).join('; ')}`,
    attempts,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}
