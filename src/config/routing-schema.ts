import { z } from 'zod';

/**
 * The routing and resilience part of the configuration: chains, retries,
 * the circuit breaker, credential pools and session affinity. Strict like
 * the rest, so a misspelt key is refused at start with its name.
 */
const strategies = ['priority', 'cheapest', 'fastest', 'least-busy', 'weighted', 'score'] as const;

export const upstreamTimeoutsSchema = z
  .object({
    connectMs: z.coerce.number().int().positive().optional(),
    /** Until the response headers (first byte) arrive. */
    headersMs: z.coerce.number().int().positive().optional(),
    /** Between two body chunks (a stream that stalls). */
    bodyMs: z.coerce.number().int().positive().optional(),
  })
  .strict();

const chainStepSchema = z.union([
  z.string().min(1),
  z
    .object({
      /** "provider/model" or an alias. */
      target: z.string().min(1),
      /** Tier 0 is tried first (e.g. 0 subscription, 1 cheap, 2 free). */
      tier: z.number().int().nonnegative().default(0),
      /** Relative weight for the weighted strategy. */
      weight: z.number().positive().default(1),
    })
    .strict(),
]);

export const chainSchema = z
  .object({
    strategy: z.enum(strategies).default('priority'),
    steps: z.array(chainStepSchema).min(1, 'a chain needs at least one step'),
    /** Keep one conversation on the credential that served it (prompt-cache hits). */
    affinity: z.boolean().default(false),
  })
  .strict();

export const routingSchema = z
  .object({
    /** Extra tries of the same candidate on a retryable failure before falling over. */
    retries: z.coerce.number().int().min(0).max(10).default(1),
    /** Exponential backoff with full jitter: random(0, min(max, base × 2^try)). */
    retryBaseDelayMs: z.coerce.number().int().nonnegative().default(200),
    retryMaxDelayMs: z.coerce.number().int().nonnegative().default(5_000),
    /** The longest Retry-After the gateway sleeps; a longer one skips to the next candidate. */
    maxRetryAfterMs: z.coerce.number().int().nonnegative().default(5_000),
    /** Consecutive failures that open a credential's circuit. */
    breakerFailureThreshold: z.coerce.number().int().positive().default(3),
    /** How long an open circuit stays open before one probe request (ms). */
    breakerCooldownMs: z.coerce.number().int().positive().default(30_000),
    /** How credentials of one provider share load. */
    credentialPool: z.enum(['round-robin', 'least-busy']).default('round-robin'),
    /** How long a conversation stays pinned to its credential (ms). */
    affinityTtlMs: z.coerce.number().int().positive().default(3_600_000),
  })
  .strict();

export type ChainConfig = z.infer<typeof chainSchema>;
export type RoutingConfig = z.infer<typeof routingSchema>;
