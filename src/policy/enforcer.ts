import { GatewayError } from '../core/errors.js';
import { costMicros, type ModelPrice } from '../providers/pricing.js';
import type { Bucket, CounterBackend, LimitKind } from './counters.js';
import { fixedWindow, periodWindow, type PeriodWindow } from './period.js';
import type { Plan } from './plan.js';

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;
/** A crashed replica's concurrency slots clear after this long without admissions. */
const concurrencyTtlMs = 10 * minuteMs;

export interface AdmissionRequest {
  keyId: string;
  plan: Plan;
  /** Estimated prompt tokens. */
  inputTokens: number;
  /** The most output tokens the request may produce (what is reserved). */
  outputTokens: number;
  /** The first candidate's price; no price reserves no money. */
  price: ModelPrice | undefined;
}

/** What one admitted request holds until it settles. */
export interface Reservation {
  keyId: string;
  plan: Plan;
  window: PeriodWindow;
  costMicros: number;
  tokens: number;
  spendKey: string | undefined;
  tokensKey: string | undefined;
  tpmKey: string | undefined;
  concurrencyKey: string | undefined;
}

export interface ActualUsage {
  costMicros: number;
  tokens: number;
}

export type AlertMetric = 'spend' | 'tokens';

export interface PolicyAlert {
  keyId: string;
  planId: string;
  metric: AlertMetric;
  /** The threshold crossed: the plan's percentage, or 100. */
  thresholdPercent: number;
  used: number;
  limit: number;
  periodStart: number;
  at: number;
}

export interface Enforcer {
  readonly backend: CounterBackend;
  /** Checks every limit and reserves, or throws SY_RATE_LIMITED / SY_BUDGET_EXHAUSTED. */
  admit(request: AdmissionRequest): Promise<Reservation>;
  /** Replaces the reservation with the real usage (zero on failure) and frees the concurrency slot. */
  settle(reservation: Reservation, actual: ActualUsage): Promise<void>;
}

interface PlannedBucket extends Bucket {
  kind: LimitKind;
  /** When the bucket empties again (epoch ms), for Retry-After; null: never. */
  freesAt: number | null;
}

/** The counter of a key's spend (micro-dollars) in the budget window starting at windowStart. */
export function spendCounterKey(keyId: string, windowStart: number): string {
  return `{${keyId}}:spend:${windowStart}`;
}

/** The counter of a key's tokens in the budget window starting at windowStart. */
export function tokensCounterKey(keyId: string, windowStart: number): string {
  return `{${keyId}}:tokens:${windowStart}`;
}

function dollars(micros: number): string {
  return `$${(micros / 1_000_000).toFixed(2)}`;
}

function refusal(bucket: PlannedBucket, plan: Plan, now: number): GatewayError {
  const retryAfterSeconds = bucket.freesAt === null ? undefined : Math.max(1, Math.ceil((bucket.freesAt - now) / 1000));
  const resets = bucket.freesAt === null ? 'it does not reset (plan period "total")' : `it resets at ${new Date(bucket.freesAt).toISOString()}`;
  const retry = retryAfterSeconds === undefined ? {} : { retryAfterSeconds };
  switch (bucket.kind) {
    case 'spend':
      return new GatewayError({
        code: 'SY_BUDGET_EXHAUSTED',
        status: 429,
        message: `Budget exhausted: this key's ${plan.resetPeriod} spend limit of ${dollars(bucket.limit ?? 0)} (plan "${plan.name}") is used up; ${resets}.`,
        ...retry,
      });
    case 'tokens':
      return new GatewayError({
        code: 'SY_BUDGET_EXHAUSTED',
        status: 429,
        message: `Token budget exhausted: this key's ${plan.resetPeriod} limit of ${bucket.limit ?? 0} tokens (plan "${plan.name}") is used up; ${resets}.`,
        ...retry,
      });
    case 'rpm':
    case 'tpm':
    case 'requests-per-hour':
    case 'requests-per-day':
    case 'concurrency': {
      const what = {
        rpm: `${bucket.limit ?? 0} requests per minute`,
        tpm: `${bucket.limit ?? 0} tokens per minute`,
        'requests-per-hour': `${bucket.limit ?? 0} requests per hour`,
        'requests-per-day': `${bucket.limit ?? 0} requests per day`,
        concurrency: `${bucket.limit ?? 0} concurrent requests`,
      }[bucket.kind];
      return new GatewayError({
        code: 'SY_RATE_LIMITED',
        status: 429,
        retryable: true,
        message: `Rate limit reached: this key allows ${what} (plan "${plan.name}"). Retry after ${retryAfterSeconds ?? 1} s.`,
        retryAfterSeconds: retryAfterSeconds ?? 1,
      });
    }
  }
}

/**
 * Admission and settlement against the counters. Every counter of a key
 * carries the key id in braces, so in a Redis cluster they share a slot and
 * one script can touch them all.
 */
export function createEnforcer(options: { backend: CounterBackend; now?: () => number; onAlert?(alert: PolicyAlert): void }): Enforcer {
  const { backend } = options;
  const now = options.now ?? Date.now;

  function plannedBuckets(request: AdmissionRequest, at: number, window: PeriodWindow, reservation: Reservation): PlannedBucket[] {
    const { plan, keyId } = request;
    const tag = `{${keyId}}`;
    const buckets: PlannedBucket[] = [];
    const periodTtl = window.end === null ? 0 : window.end - at + dayMs;
    const tracksSpend = plan.spendLimitMicros !== null;
    if (tracksSpend) {
      reservation.spendKey = spendCounterKey(keyId, window.start);
      buckets.push({ kind: 'spend', key: reservation.spendKey, amount: reservation.costMicros, limit: plan.hardCutoff ? plan.spendLimitMicros : null, ttlMs: periodTtl, freesAt: window.end });
    }
    if (plan.tokenLimit !== null) {
      reservation.tokensKey = tokensCounterKey(keyId, window.start);
      buckets.push({ kind: 'tokens', key: reservation.tokensKey, amount: reservation.tokens, limit: plan.hardCutoff ? plan.tokenLimit : null, ttlMs: periodTtl, freesAt: window.end });
    }
    const minute = fixedWindow(minuteMs, at);
    if (plan.rpm !== null) buckets.push({ kind: 'rpm', key: `${tag}:rpm:${minute.start}`, amount: 1, limit: plan.rpm, ttlMs: 2 * minuteMs, freesAt: minute.end });
    if (plan.tpm !== null) {
      reservation.tpmKey = `${tag}:tpm:${minute.start}`;
      buckets.push({ kind: 'tpm', key: reservation.tpmKey, amount: reservation.tokens, limit: plan.tpm, ttlMs: 2 * minuteMs, freesAt: minute.end });
    }
    if (plan.requestsPerHour !== null) {
      const hour = fixedWindow(hourMs, at);
      buckets.push({ kind: 'requests-per-hour', key: `${tag}:rph:${hour.start}`, amount: 1, limit: plan.requestsPerHour, ttlMs: hourMs + minuteMs, freesAt: hour.end });
    }
    if (plan.requestsPerDay !== null) {
      const day = fixedWindow(dayMs, at);
      buckets.push({ kind: 'requests-per-day', key: `${tag}:rpd:${day.start}`, amount: 1, limit: plan.requestsPerDay, ttlMs: dayMs + minuteMs, freesAt: day.end });
    }
    if (plan.concurrency !== null) {
      reservation.concurrencyKey = `${tag}:concurrency`;
      buckets.push({ kind: 'concurrency', key: reservation.concurrencyKey, amount: 1, limit: plan.concurrency, ttlMs: concurrencyTtlMs, slidingTtl: true, freesAt: at + 1000 });
    }
    return buckets;
  }

  async function checkAlerts(reservation: Reservation, metric: AlertMetric, used: number, limit: number | null): Promise<void> {
    const { plan } = reservation;
    if (limit === null || limit <= 0 || options.onAlert === undefined) return;
    const thresholds = plan.alertThresholdPercent === null || plan.alertThresholdPercent >= 100 ? [100] : [plan.alertThresholdPercent, 100];
    for (const threshold of thresholds) {
      if (used * 100 < limit * threshold) continue;
      const ttl = reservation.window.end === null ? 0 : reservation.window.end - now() + dayMs;
      const first = await backend.claimOnce(`{${reservation.keyId}}:alert:${metric}:${reservation.window.start}:${threshold}`, ttl);
      if (first) {
        options.onAlert({ keyId: reservation.keyId, planId: plan.id, metric, thresholdPercent: threshold, used, limit, periodStart: reservation.window.start, at: now() });
      }
    }
  }

  return {
    backend,
    async admit(request: AdmissionRequest): Promise<Reservation> {
      const at = now();
      const window = periodWindow(request.plan.resetPeriod, at);
      const tokens = request.inputTokens + request.outputTokens;
      const reservation: Reservation = {
        keyId: request.keyId,
        plan: request.plan,
        window,
        tokens,
        costMicros:
          request.price === undefined
            ? 0
            : costMicros({ inputTokens: request.inputTokens, outputTokens: request.outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }, request.price),
        spendKey: undefined,
        tokensKey: undefined,
        tpmKey: undefined,
        concurrencyKey: undefined,
      };
      const buckets = plannedBuckets(request, at, window, reservation);
      const result = await backend.admit(buckets);
      if (!result.admitted) {
        const bucket = buckets[result.refused];
        if (bucket === undefined) throw new Error('counter backend refused an unknown bucket');
        throw refusal(bucket, request.plan, at);
      }
      return reservation;
    },
    async settle(reservation: Reservation, actual: ActualUsage): Promise<void> {
      const adjustments: Array<{ key: string; delta: number; ttlMs: number; metric?: AlertMetric }> = [];
      const periodTtl = reservation.window.end === null ? 0 : reservation.window.end - now() + dayMs;
      if (reservation.spendKey !== undefined) adjustments.push({ key: reservation.spendKey, delta: actual.costMicros - reservation.costMicros, ttlMs: periodTtl, metric: 'spend' });
      if (reservation.tokensKey !== undefined) adjustments.push({ key: reservation.tokensKey, delta: actual.tokens - reservation.tokens, ttlMs: periodTtl, metric: 'tokens' });
      if (reservation.tpmKey !== undefined) adjustments.push({ key: reservation.tpmKey, delta: actual.tokens - reservation.tokens, ttlMs: 2 * minuteMs });
      if (reservation.concurrencyKey !== undefined) adjustments.push({ key: reservation.concurrencyKey, delta: -1, ttlMs: concurrencyTtlMs });
      if (adjustments.length === 0) return;
      const values = await backend.adjust(adjustments.map(({ key, delta, ttlMs }) => ({ key, delta, ttlMs })));
      for (const [index, adjustment] of adjustments.entries()) {
        const value = values[index] ?? 0;
        if (adjustment.metric === 'spend') await checkAlerts(reservation, 'spend', value, reservation.plan.spendLimitMicros);
        if (adjustment.metric === 'tokens') await checkAlerts(reservation, 'tokens', value, reservation.plan.tokenLimit);
      }
    },
  };
}
