import type { FastifyRequest } from 'fastify';

/**
 * The body bytes as received, kept beside the parsed body so a
 * same-protocol request can be forwarded as the client's own bytes with
 * only the model re-encoded (core/json-members.ts), instead of
 * re-serialising the whole object.
 */
const rawBodies = new WeakMap<FastifyRequest, Buffer>();

export function keepRawBody(request: FastifyRequest, bytes: Buffer): void {
  rawBodies.set(request, bytes);
}

/** The bytes `request.body` was parsed from, if it came from a JSON body. */
export function rawBodyOf(request: FastifyRequest): Buffer | undefined {
  return rawBodies.get(request);
}
