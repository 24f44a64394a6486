import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../../core/errors.js';
import type { ProtocolId } from '../../core/protocol.js';
import { proxyRequest } from '../../pipeline/proxy.js';
import type { AppDependencies } from '../app.js';
import { admit } from '../admission.js';
import { authenticate, extractKey } from '../authenticate.js';
import { cancelledWhenClientLeaves } from '../client-gone.js';
import { rawBodyOf } from '../raw-body.js';

export interface DataPlaneCall {
  protocol: ProtocolId;
  body: Record<string, unknown>;
  model: string;
  stream: boolean;
}

/** The body as an object, or a 400 in the client's protocol. */
export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: 'The request body must be a JSON object.' });
  }
  return body as Record<string, unknown>;
}

/**
 * Shared tail of every data-plane route: authenticate, hand the raw response
 * to the pipeline, and abort the upstream call if the client goes away.
 */
export async function handleDataPlane(
  deps: AppDependencies,
  request: FastifyRequest,
  reply: FastifyReply,
  call: DataPlaneCall,
): Promise<void> {
  const startedAt = performance.now();
  if (deps.isDraining()) {
    throw new GatewayError({ code: 'SY_SHUTTING_DOWN', status: 503, retryable: true, message: 'The gateway is shutting down; retry.', retryAfterSeconds: 1 });
  }
  if (deps.usage.saturated?.() === true) {
    // Serving unmetered, or dropping usage records, would lose data; refusing is retryable.
    throw new GatewayError({ code: 'SY_METERING_UNAVAILABLE', status: 503, retryable: true, message: 'The gateway cannot record usage right now (its store has been failing); retry shortly.', retryAfterSeconds: 5 });
  }
  const snapshot = deps.state.current();
  const key = authenticate(snapshot, extractKey(request.headers, request.query), deps.now?.() ?? Date.now());
  const contentLength = Number(request.headers['content-length']);
  const admitted = await admit({
    enforcer: deps.enforcer,
    snapshot,
    key,
    protocol: call.protocol,
    body: call.body,
    model: call.model,
    bodyBytes: Number.isFinite(contentLength) && contentLength > 0 ? contentLength : JSON.stringify(call.body).length,
    usage: deps.usage,
    logger: request.log,
    requestId: request.id,
    stream: call.stream,
    startedAt,
  });
  const response = reply.raw;
  const signal = cancelledWhenClientLeaves(response);
  reply.hijack();
  try {
    await proxyRequest(
      { snapshot: deps.state, protocols: deps.protocols, upstream: deps.upstream, usage: admitted.usage, router: deps.router, resilience: deps.resilience },
      {
        requestId: request.id,
        clientProtocol: call.protocol,
        body: admitted.body,
        // The client's bytes still hold the body only if neither the route nor admission rewrote it.
        ...(admitted.body === request.body ? { raw: rawBodyOf(request) } : {}),
        requestedModel: admitted.model,
        stream: call.stream,
        keyId: key.id,
        groupId: key.groupId,
        clientHeaders: request.headers,
        response,
        signal,
        startedAt,
      },
    );
  } finally {
    admitted.finish();
  }
}
