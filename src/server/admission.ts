import type { FastifyBaseLogger } from 'fastify';
import { performance } from 'node:perf_hooks';
import { GatewayError, toGatewayError } from '../core/errors.js';
import { emptyUsage } from '../core/usage.js';
import type { ProtocolId } from '../core/protocol.js';
import type { GatewayKeyRecord, Snapshot } from '../pipeline/snapshot.js';
import type { UsageRecord, UsageSink } from '../pipeline/usage-record.js';
import type { Enforcer, Reservation } from '../policy/enforcer.js';
import { allowsEverything } from '../policy/model-pattern.js';
import { planNeedsCounters } from '../policy/plan.js';
import { estimateInputTokens, promptWithinTokens, requestedMaxOutputTokens, withMaxOutputTokens, withSystemPrompt } from '../policy/request-shape.js';
import { resolveModel, type Candidate } from '../routing/resolve.js';

/** Output tokens reserved when neither the client nor the plan caps them. */
export const defaultOutputReserve = 1024;

export interface AdmissionInput {
  /** createApp always sets one; absent, a plan with limits is refused rather than run unchecked. */
  enforcer: Enforcer | undefined;
  snapshot: Snapshot;
  key: GatewayKeyRecord;
  protocol: ProtocolId;
  body: Record<string, unknown>;
  model: string;
  /** Size of the request body (Content-Length), for the cheap token estimate. */
  bodyBytes: number;
  usage: UsageSink;
  logger: FastifyBaseLogger;
  /** For the usage row of a refused request. */
  requestId: string;
  stream: boolean;
  startedAt: number;
}

export interface Admitted {
  body: Record<string, unknown>;
  model: string;
  /** Settles the reservation with the real usage, then forwards the record (with the key's group). */
  usage: UsageSink;
  /** Releases the reservation if the pipeline never reported (a throw before it started). */
  finish(): void;
}

function forbiddenModel(model: string): GatewayError {
  return new GatewayError({ code: 'SY_FORBIDDEN', status: 403, message: `This key is not allowed to use the model "${model}".`, param: 'model' });
}

/** The allow-lists pass a name itself, or every "provider/model" it resolves to. */
function allowedFor(key: GatewayKeyRecord, model: string, candidates: readonly Candidate[]): boolean {
  if (allowsEverything(key.allowsModel) || key.allowsModel(model)) return true;
  return candidates.every((candidate) => key.allowsModel(candidate.model) || key.allowsModel(`${candidate.provider.id}/${candidate.model}`));
}

/** Whether a key may use a model name at all: visible to its group and allowed by its lists (model listings). */
export function keyMayUse(snapshot: Snapshot, key: GatewayKeyRecord, model: string): boolean {
  let candidates: Candidate[];
  try {
    candidates = resolveModel(snapshot, model, { groupId: key.groupId });
  } catch {
    return false;
  }
  return candidates.length > 0 && allowedFor(key, model, candidates);
}

/**
 * Policy before the pipeline: default model, group-scoped routing, model
 * allow-lists, per-request token caps, the injected system prompt, and the
 * atomic reservation of rate, budget and concurrency. Reads only the
 * snapshot and the counters; the database is never touched here.
 */
export async function admit(input: AdmissionInput): Promise<Admitted> {
  try {
    return await admitOrThrow(input);
  } catch (thrown) {
    // A refused request is metered too: the request log shows who hit which limit.
    const error = toGatewayError(thrown);
    input.usage.record({
      requestId: input.requestId,
      at: Date.now(),
      keyId: input.key.id,
      groupId: input.key.groupId,
      provider: '',
      model: '',
      requestedModel: input.model,
      credentialId: null,
      clientProtocol: input.protocol,
      upstreamProtocol: input.protocol,
      stream: input.stream,
      usage: emptyUsage(),
      costMicros: 0,
      latencyMs: Math.round((performance.now() - input.startedAt) * 1000) / 1000,
      ttftMs: null,
      status: error.status,
      errorCode: error.code,
    });
    throw error;
  }
}

async function admitOrThrow(input: AdmissionInput): Promise<Admitted> {
  const { key } = input;
  const model = (input.model === '' || input.model === 'default') && key.defaultModel !== null ? key.defaultModel : input.model;
  const plan = key.plan;
  // A key with a plan or an allow-list resolves the model here, so the group
  // boundary and the lists hold before anything is checked or reserved. A key
  // with neither leaves resolution to the router (which enforces the group
  // too), instead of resolving the same name twice per request.
  const restricted = plan !== null || !allowsEverything(key.allowsModel);
  const candidates = restricted ? resolveModel(input.snapshot, model, { groupId: key.groupId }) : [];
  if (restricted && !allowedFor(key, model, candidates)) throw forbiddenModel(model);

  let body = input.body;
  let outputCap = requestedMaxOutputTokens(input.protocol, body);
  if (plan?.maxOutputTokens != null) {
    if (outputCap !== undefined && outputCap > plan.maxOutputTokens) {
      throw new GatewayError({
        code: 'SY_BAD_REQUEST',
        status: 400,
        message: `The request asks for up to ${outputCap} output tokens; this key's plan allows at most ${plan.maxOutputTokens}.`,
        param: 'max_tokens',
      });
    }
    if (outputCap === undefined) {
      outputCap = plan.maxOutputTokens;
      body = withMaxOutputTokens(input.protocol, body, outputCap);
    }
  }
  if (plan?.maxInputTokens != null && !(await promptWithinTokens(body, plan.maxInputTokens))) {
    throw new GatewayError({
      code: 'SY_BAD_REQUEST',
      status: 400,
      message: `The prompt is longer than this key's plan allows (${plan.maxInputTokens} input tokens).`,
      param: 'messages',
    });
  }
  if (key.systemPrompt !== null && key.systemPrompt !== '') body = withSystemPrompt(input.protocol, body, key.systemPrompt);

  let reservation: Reservation | undefined;
  if (plan !== null && planNeedsCounters(plan)) {
    const first = candidates[0];
    const enforcer = input.enforcer;
    if (enforcer === undefined) throw new Error('no enforcer for a plan with limits');
    try {
      reservation = await enforcer.admit({
        keyId: key.id,
        plan,
        inputTokens: estimateInputTokens(input.bodyBytes),
        outputTokens: outputCap ?? defaultOutputReserve,
        price: first === undefined ? undefined : first.provider.prices[first.model],
      });
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      // Limits that cannot be checked are not skipped: refuse, retryably (fail closed).
      input.logger.error({ err: error, keyId: key.id }, 'limit counters unavailable');
      throw new GatewayError({ code: 'SY_INTERNAL', status: 503, retryable: true, retryAfterSeconds: 1, message: 'The gateway cannot check this key\'s limits right now (counter store unavailable); retry shortly.', cause: error });
    }
  }

  let settled = reservation === undefined;
  const settle = (record: UsageRecord | undefined): void => {
    if (settled || reservation === undefined) return;
    settled = true;
    const actual = record === undefined ? { costMicros: 0, tokens: 0 } : { costMicros: record.costMicros, tokens: record.usage.inputTokens + record.usage.outputTokens };
    input.enforcer?.settle(reservation, actual).catch((error: unknown) => input.logger.error({ err: error, keyId: key.id }, 'settling a reservation failed'));
  };
  return {
    body,
    model,
    usage: {
      record(record) {
        settle(record);
        input.usage.record({ ...record, groupId: key.groupId });
      },
    },
    finish: () => settle(undefined),
  };
}
