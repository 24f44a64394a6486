import type { Candidate } from './resolve.js';
import { getOrCreate } from '../core/get-or-create.js';

/**
 * Live health of every upstream, in memory only (a restart forgets it, which
 * is the safe direction: every credential starts closed).
 *
 * - A circuit breaker per credential (provider + credential): closed → open
 *   after `failureThreshold` consecutive failures, or at once on a 429 that
 *   says how long to wait; open → half-open when the cooldown has passed,
 *   where exactly one request (the probe) is let through; its success closes
 *   the circuit, its failure opens it again for another cooldown. JavaScript
 *   runs one callback at a time, so "one probe" is a flag checked and set in
 *   the same synchronous step.
 * - Statistics per provider/model/credential for the strategies: time to
 *   first token and error rate as exponentially weighted moving averages,
 *   requests in flight, and quota headroom from rate-limit headers.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface HealthOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
}

/** What an upstream said about its remaining quota (x-ratelimit-remaining-requests and the like). */
export interface RateLimitReading {
  remaining: number;
  limit: number;
}

export interface CandidateStats {
  /** EWMA of time to first token (ms); undefined until one request succeeded. */
  ttftMs: number | undefined;
  /** EWMA of failures (0 = never fails, 1 = always). */
  errorRate: number;
  inFlight: number;
  /** Share of quota left, 0..1 (1 when unknown); near 0 after a recent 429. */
  headroom: number;
}

export interface FailureReport {
  /** The upstream asked to wait this long (429/503 Retry-After): the circuit opens for it. */
  retryAfterMs?: number;
  /** A 429: quota is exhausted for now. */
  rateLimited?: boolean;
}

/** One attempt at one candidate, holding its in-flight slot until `finish`. */
export interface AttemptPermit {
  readonly probe: boolean;
  /** The upstream answered well: closes the circuit. The in-flight slot stays held until `finish` (a stream still runs). */
  succeed(report?: { ttftMs?: number; rateLimit?: RateLimitReading }): void;
  /** The upstream failed (also after a success: a stream that broke midway); ends the attempt. */
  fail(report?: FailureReport): void;
  /** Ends the attempt without a verdict (client error, client gone); idempotent, frees the probe slot. */
  finish(): void;
}

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** Milliseconds until an open circuit admits a probe (0 when not open). */
  retryInMs: number;
}

interface Breaker {
  state: BreakerState;
  consecutiveFailures: number;
  openUntil: number;
  probing: boolean;
}

interface Stats {
  ttftMs: number | undefined;
  errorRate: number;
  inFlight: number;
  rateLimit: (RateLimitReading & { at: number }) | undefined;
  rateLimitedAt: number | undefined;
}

const ttftWeight = 0.3;
const errorWeight = 0.2;
/** A 429 weighs on headroom for this long, fading linearly. */
const rateLimitMemoryMs = 60_000;
/** A rate-limit reading older than this is no longer trusted. */
const readingMaxAgeMs = 60_000;

/**
 * Keys per candidate object, remembered: resolved routes are cached per
 * snapshot (routing/resolve.ts), so the same candidate objects come back
 * request after request, and a string built once also keeps its hash for
 * the Map lookups below.
 */
const credentialKeys = new WeakMap<Candidate, string>();
const candidateKeys = new WeakMap<Candidate, string>();

export function credentialKey(candidate: Candidate): string {
  return getOrCreate(credentialKeys, candidate, () => `${candidate.provider.id}#${candidate.credential?.id ?? '-'}`);
}

export function candidateKey(candidate: Candidate): string {
  return getOrCreate(candidateKeys, candidate, () => `${candidate.provider.id}/${candidate.model}#${candidate.credential?.id ?? '-'}`);
}

export interface HealthRegistry {
  /**
   * A permit to try this candidate, or undefined when its circuit is open
   * (or half-open with its one probe already out). `force` (explicit probes)
   * ignores the circuit but still reports into it. `lastResort` (no other
   * candidate is left) lets one trial through an open circuit before its
   * cooldown, one at a time, like a half-open probe.
   */
  acquire(candidate: Candidate, options?: { force?: boolean; lastResort?: boolean }): AttemptPermit | undefined;
  breaker(candidate: Candidate): BreakerSnapshot;
  stats(candidate: Candidate): CandidateStats;
}

export function createHealthRegistry(options: HealthOptions): HealthRegistry {
  const now = options.now ?? Date.now;
  const breakers = new Map<string, Breaker>();
  const stats = new Map<string, Stats>();

  const breakerOf = (key: string): Breaker => {
    let breaker = breakers.get(key);
    if (breaker === undefined) {
      breaker = { state: 'closed', consecutiveFailures: 0, openUntil: 0, probing: false };
      breakers.set(key, breaker);
    }
    return breaker;
  };
  const statsOf = (key: string): Stats => {
    let entry = stats.get(key);
    if (entry === undefined) {
      entry = { ttftMs: undefined, errorRate: 0, inFlight: 0, rateLimit: undefined, rateLimitedAt: undefined };
      stats.set(key, entry);
    }
    return entry;
  };
  const open = (breaker: Breaker, forMs: number): void => {
    breaker.state = 'open';
    breaker.openUntil = Math.max(breaker.openUntil, now() + forMs);
  };

  return {
    acquire(candidate, acquireOptions = {}) {
      const breaker = breakerOf(credentialKey(candidate));
      let probe = false;
      if (breaker.state === 'open' && now() >= breaker.openUntil) breaker.state = 'half-open';
      if (!acquireOptions.force) {
        if (breaker.state === 'open' && acquireOptions.lastResort !== true) return undefined;
        if (breaker.state !== 'closed') {
          if (breaker.probing) return undefined;
          breaker.probing = true;
          probe = true;
        }
      }
      const entry = statsOf(candidateKey(candidate));
      entry.inFlight += 1;
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        entry.inFlight -= 1;
        if (probe) breaker.probing = false;
      };
      let succeeded = false;
      let failed = false;
      return {
        probe,
        succeed(report = {}) {
          if (succeeded || failed) return;
          succeeded = true;
          breaker.state = 'closed';
          breaker.consecutiveFailures = 0;
          breaker.openUntil = 0;
          entry.errorRate *= 1 - errorWeight;
          if (report.ttftMs !== undefined) {
            entry.ttftMs = entry.ttftMs === undefined ? report.ttftMs : entry.ttftMs + ttftWeight * (report.ttftMs - entry.ttftMs);
          }
          if (report.rateLimit !== undefined) entry.rateLimit = { ...report.rateLimit, at: now() };
        },
        fail(report = {}) {
          if (failed) return;
          failed = true;
          breaker.consecutiveFailures += 1;
          entry.errorRate += errorWeight * (1 - entry.errorRate);
          if (report.rateLimited === true) entry.rateLimitedAt = now();
          if (report.retryAfterMs !== undefined && report.retryAfterMs > 0) open(breaker, report.retryAfterMs);
          else if (breaker.state === 'half-open' || breaker.consecutiveFailures >= options.failureThreshold) open(breaker, options.cooldownMs);
          finish();
        },
        finish,
      };
    },

    breaker(candidate) {
      const breaker = breakers.get(credentialKey(candidate));
      if (breaker === undefined) return { state: 'closed', consecutiveFailures: 0, retryInMs: 0 };
      const remaining = Math.max(0, breaker.openUntil - now());
      const state: BreakerState = breaker.state === 'open' && remaining === 0 ? 'half-open' : breaker.state;
      return { state, consecutiveFailures: breaker.consecutiveFailures, retryInMs: state === 'open' ? remaining : 0 };
    },

    stats(candidate) {
      const entry = stats.get(candidateKey(candidate));
      if (entry === undefined) return { ttftMs: undefined, errorRate: 0, inFlight: 0, headroom: 1 };
      let headroom = 1;
      const at = now();
      if (entry.rateLimit !== undefined && at - entry.rateLimit.at < readingMaxAgeMs && entry.rateLimit.limit > 0) {
        headroom = Math.min(1, Math.max(0, entry.rateLimit.remaining / entry.rateLimit.limit));
      }
      if (entry.rateLimitedAt !== undefined && at - entry.rateLimitedAt < rateLimitMemoryMs) {
        headroom = Math.min(headroom, (at - entry.rateLimitedAt) / rateLimitMemoryMs);
      }
      return { ttftMs: entry.ttftMs, errorRate: entry.errorRate, inFlight: entry.inFlight, headroom };
    },
  };
}
