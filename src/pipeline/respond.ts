import type { ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors.js';
import type { ProtocolId } from '../core/protocol.js';
import { editMembers, withEdits } from '../core/json-members.js';
import type { ChatRequest } from '../core/request.js';
import type { EncodedRequest, ProtocolDefinition } from '../protocols/codec.js';
import type { Candidate } from '../routing/resolve.js';
import type { ProxyDependencies, ProxyInput } from './proxy-types.js';
import { isRetryableStatus } from './upstream-attempt.js';

export function protocolOf(deps: Pick<ProxyDependencies, 'protocols'>, id: ProtocolId): ProtocolDefinition {
  const definition = deps.protocols[id];
  if (definition === undefined) {
    throw new GatewayError({ code: 'SY_UNSUPPORTED', status: 501, message: `protocol ${id} is not available` });
  }
  return definition;
}

export function writeJson(response: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

export function writeError(response: ServerResponse, definition: ProtocolDefinition, error: GatewayError, requestId: string): void {
  const rendered = definition.renderError(error);
  writeJson(response, rendered.status, JSON.stringify(rendered.body), { 'x-request-id': requestId, ...rendered.headers });
}

/** The request for one candidate: passthrough when protocols match, else decode and re-encode. */
export function encodeFor(options: {
  deps: ProxyDependencies;
  input: ProxyInput;
  candidate: Candidate;
  canonical: () => ChatRequest;
}): { request: EncodedRequest; passthrough: boolean } {
  const { deps, input, candidate } = options;
  const upstream = protocolOf(deps, candidate.provider.protocol);
  if (candidate.provider.protocol === input.clientProtocol) {
    const { edits, ...target } = upstream.passthrough.prepare(input.body, { model: candidate.model, stream: input.stream });
    const bytes = input.raw === undefined ? undefined : editMembers(input.raw, edits, (key) => Object.hasOwn(input.body, key));
    return { request: bytes === undefined ? { ...target, body: withEdits(input.body, edits) } : { ...target, body: undefined, bytes }, passthrough: true };
  }
  const codec = upstream.codec;
  if (codec === undefined || protocolOf(deps, input.clientProtocol).codec === undefined) {
    throw new GatewayError({
      code: 'SY_UNSUPPORTED',
      status: 501,
      message: `translating ${input.clientProtocol} to ${candidate.provider.protocol} is not available`,
    });
  }
  return { request: codec.encodeRequest(options.canonical(), { model: candidate.model, provider: candidate.provider.id }), passthrough: false };
}


function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function extractMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as Record<string, unknown>).error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  return undefined;
}

/** An upstream error answer as a GatewayError, through the protocol's own decoder when it has one. */
export function upstreamError(definition: ProtocolDefinition, status: number, text: string, retryAfter: number | undefined): GatewayError {
  const body = parseJson(text);
  if (definition.codec !== undefined && body !== undefined) {
    const decoded = definition.codec.decodeError(status, body);
    if (retryAfter === undefined) return decoded;
    return new GatewayError({
      code: decoded.code,
      status: decoded.status,
      message: decoded.message,
      retryable: decoded.retryable,
      retryAfterSeconds: retryAfter,
      upstreamBody: body,
      ...(decoded.param === undefined ? {} : { param: decoded.param }),
    });
  }
  const message = extractMessage(body) ?? (text.slice(0, 200) || `HTTP ${status}`);
  return new GatewayError({
    code: status === 429 ? 'SY_RATE_LIMITED' : 'SY_UPSTREAM_ERROR',
    status,
    retryable: isRetryableStatus(status),
    message: `upstream answered ${status}: ${message}`,
    upstreamBody: body,
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
  });
}
