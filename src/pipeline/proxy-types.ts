import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { CancelSignal } from '../core/cancellation.js';
import type { GatewayError } from '../core/errors.js';
import type { ProtocolId } from '../core/protocol.js';
import type { ChatRequest } from '../core/request.js';
import type { Usage } from '../core/usage.js';
import type { ProtocolDefinition } from '../protocols/codec.js';
import type { UpstreamClient } from '../providers/upstream-client.js';
import type { RoutedCandidate } from '../routing/resolve.js';
import type { Router } from '../routing/router.js';
import type { ResilienceOptions } from './backoff.js';
import type { SnapshotSource } from './snapshot.js';
import type { UsageSink } from './usage-record.js';

export interface ProxyDependencies {
  snapshot: SnapshotSource;
  protocols: Partial<Record<ProtocolId, ProtocolDefinition>>;
  upstream: UpstreamClient;
  usage: UsageSink;
  /**
   * Live routing state: health, circuit breakers, pools, session pins. The
   * server always passes its own; without one (tests that call the pipeline
   * directly) each request is routed by a fresh router with no memory.
   */
  router?: Router;
  /** Retry policy; default `defaultResilience`. */
  resilience?: ResilienceOptions;
}

export interface ProxyInput {
  requestId: string;
  clientProtocol: ProtocolId;
  body: Record<string, unknown>;
  /**
   * The body's bytes exactly as the client sent them, while `body` is still
   * exactly what they hold (nothing rewrote it): a same-protocol request is
   * then forwarded as these bytes with only the changed members re-encoded.
   */
  raw?: Buffer;
  requestedModel: string;
  stream: boolean;
  keyId: string | null;
  /** The key's group: routing shows it global routes and its own group's. */
  groupId?: string | null;
  clientHeaders: IncomingHttpHeaders;
  /** The raw response; the caller has handed it over (Fastify reply.hijack()). */
  response: ServerResponse;
  /** Aborted when the client goes away. */
  signal: CancelSignal;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /**
   * Explicit candidates instead of routing the model name (probes test one
   * credential). `ignoreCircuit` tries them even when their circuit is open;
   * the result still reports into it, so a passing probe closes it.
   */
  pinned?: { candidates: RoutedCandidate[]; ignoreCircuit: boolean; retries?: number };
  /** Told the error the client got, if any (probes report it with its attempts). */
  onFailure?(error: GatewayError): void;
}

/** What the usage row records about the request. */
export interface Outcome {
  candidate?: RoutedCandidate;
  upstreamProtocol?: ProtocolId;
  status: number;
  usage: Usage;
  ttftMs: number | null;
  errorCode: string | null;
}

/** Everything one attempt needs: the request, its client protocol, and where to record the outcome. */
export interface AttemptContext {
  deps: ProxyDependencies;
  input: ProxyInput;
  client: ProtocolDefinition;
  canonical(): ChatRequest;
  outcome: Outcome;
}
