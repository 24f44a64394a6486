import type { RateLimitReading } from './health.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Quota left from an upstream's rate-limit headers, the tightest of requests
 * and tokens: OpenAI and most compatibles send x-ratelimit-remaining-requests
 * / x-ratelimit-limit-requests (and -tokens); Anthropic sends
 * anthropic-ratelimit-requests-remaining / -limit (and tokens).
 */
const pairs: Array<[remaining: string, limit: string]> = [
  ['x-ratelimit-remaining-requests', 'x-ratelimit-limit-requests'],
  ['x-ratelimit-remaining-tokens', 'x-ratelimit-limit-tokens'],
  ['anthropic-ratelimit-requests-remaining', 'anthropic-ratelimit-requests-limit'],
  ['anthropic-ratelimit-tokens-remaining', 'anthropic-ratelimit-tokens-limit'],
  ['x-ratelimit-remaining', 'x-ratelimit-limit'],
];

function numberHeader(headers: Headers, name: string): number | undefined {
  const value = headers[name];
  if (typeof value !== 'string') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function readRateLimit(headers: Headers): RateLimitReading | undefined {
  let tightest: RateLimitReading | undefined;
  for (const [remainingName, limitName] of pairs) {
    const remaining = numberHeader(headers, remainingName);
    const limit = numberHeader(headers, limitName);
    if (remaining === undefined || limit === undefined || limit <= 0) continue;
    if (tightest === undefined || remaining / limit < tightest.remaining / tightest.limit) tightest = { remaining, limit };
  }
  return tightest;
}
