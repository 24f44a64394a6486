import type { RoutingConfig } from '../config/routing-schema.js';
import type { ResilienceOptions } from '../pipeline/backoff.js';
import { createRouter, type Router } from '../routing/router.js';

/** The process's routing state and retry policy, from the `routing:` configuration section. */
export function createRouting(config: RoutingConfig): { router: Router; resilience: ResilienceOptions } {
  return {
    router: createRouter({
      breakerFailureThreshold: config.breakerFailureThreshold,
      breakerCooldownMs: config.breakerCooldownMs,
      credentialPool: config.credentialPool,
      affinityTtlMs: config.affinityTtlMs,
    }),
    resilience: {
      retries: config.retries,
      retryBaseDelayMs: config.retryBaseDelayMs,
      retryMaxDelayMs: config.retryMaxDelayMs,
      maxRetryAfterMs: config.maxRetryAfterMs,
    },
  };
}
