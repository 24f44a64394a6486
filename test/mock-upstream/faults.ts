import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Upstream faults on demand, for tests and benchmarks, the same for every
 * protocol the mock speaks (applied in server.ts before any protocol
 * handler runs). A fault is chosen per request by, in order:
 *   1. a path prefix in the provider's base URL: http://mock/fault/429=3/v1
 *      (the prefix is stripped before routing, so any protocol works);
 *   2. the upstream model name: a provider model "fault-503" or
 *      "fault-hang-stream=2" (Gemini's model in the path counts too);
 *   3. the mock's fault plan, `context.faults`: one entry consumed per
 *      data-plane request (null = answer normally), for "fail twice, then
 *      recover" scenarios.
 * Specs: 429[=retry-after s, default 1] · 500 · 503[=retry-after s] · reset
 * (TCP reset before any byte) · hang-headers (never answers) ·
 * hang-stream[=events, default 1] (sends that many writes, then stalls) ·
 * malformed-sse[=events, default 0] (a broken event after that many writes).
 */
export type FaultKind = '429' | '500' | '503' | 'reset' | 'hang-headers' | 'hang-stream' | 'malformed-sse';

export interface Fault {
  kind: FaultKind;
  /** Retry-After seconds (429/503) or the number of writes before the fault (stream faults). */
  value?: number;
}

const kinds: readonly string[] = ['429', '500', '503', 'reset', 'hang-headers', 'hang-stream', 'malformed-sse'];

export function parseFault(spec: string): Fault | undefined {
  const [kind, value] = spec.split('=');
  if (kind === undefined || !kinds.includes(kind)) return undefined;
  const fault: Fault = { kind: kind as FaultKind };
  if (value !== undefined && value !== '' && Number.isFinite(Number(value))) fault.value = Number(value);
  return fault;
}

/** The path without a /fault/<spec> prefix, and the fault it named. */
export function stripFaultPrefix(path: string): { path: string; fault?: Fault } {
  const match = /^\/fault\/([^/]+)(\/.*)$/.exec(path);
  if (match === null) return { path };
  const fault = parseFault(decodeURIComponent(match[1] ?? ''));
  return fault === undefined ? { path } : { path: match[2] ?? '/', fault };
}

export function faultFromModel(path: string, body: unknown): Fault | undefined {
  const model = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).model : undefined;
  const name = typeof model === 'string' ? model : /\/models\/([^/:]+):/.exec(path)?.[1];
  return name?.startsWith('fault-') === true ? parseFault(decodeURIComponent(name.slice('fault-'.length))) : undefined;
}

/** An error body in the shape of the API the path belongs to. */
function errorBody(path: string, status: number): unknown {
  const message = `mock fault: upstream answered ${status}`;
  if (/\/messages$/.test(path)) {
    const type = status === 429 ? 'rate_limit_error' : status === 503 ? 'overloaded_error' : 'api_error';
    return { type: 'error', error: { type, message } };
  }
  if (/:(stream)?[gG]enerateContent$/.test(path)) {
    const state = status === 429 ? 'RESOURCE_EXHAUSTED' : status === 503 ? 'UNAVAILABLE' : 'INTERNAL';
    return { error: { code: status, message, status: state } };
  }
  const type = status === 429 ? 'requests' : 'server_error';
  return { error: { message, type, param: null, code: status === 429 ? 'rate_limit_exceeded' : null } };
}

/**
 * Applies a fault. Returns true when the fault answered (or will never
 * answer) the request; false when the protocol handler should run, with the
 * response wrapped to stall or corrupt its stream.
 */
export function applyFault(fault: Fault, request: IncomingMessage, response: ServerResponse, path: string): boolean {
  switch (fault.kind) {
    case '429':
    case '500':
    case '503': {
      const status = Number(fault.kind);
      const retryAfter = fault.kind === '429' ? (fault.value ?? 1) : fault.value;
      const text = JSON.stringify(errorBody(path, status));
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
      if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
      response.writeHead(status, headers);
      response.end(text);
      return true;
    }
    case 'reset':
      // A TCP RST, as a crashed or overloaded load balancer sends.
      request.socket.resetAndDestroy();
      return true;
    case 'hang-headers':
      // Never answer; the socket closes when the caller gives up (or the mock closes).
      return true;
    case 'hang-stream':
      wrapWrites(response, fault.value ?? 1, { stall: true });
      return false;
    case 'malformed-sse':
      wrapWrites(response, fault.value ?? 0, { inject: 'data: {"choices": [{"delta": {"content": "unterminated\n\n' });
      return false;
  }
}

/**
 * After `goodWrites` body writes, either stalls (every later write and the
 * end are swallowed, headers already sent) or injects one malformed event
 * and carries on.
 */
function wrapWrites(response: ServerResponse, goodWrites: number, after: { stall: true } | { inject: string }): void {
  const write = response.write.bind(response) as (chunk: unknown) => boolean;
  const end = response.end.bind(response) as (chunk?: unknown) => ServerResponse;
  let writes = 0;
  let stalled = false;
  let injected = false;
  const step = (): void => {
    if (writes === goodWrites && !stalled && !injected) {
      if ('stall' in after) {
        stalled = true;
        // The status line and headers still go out (writeHead alone only queues them): the stall is in the body.
        response.flushHeaders();
      } else {
        injected = true;
        write(after.inject);
      }
    }
  };
  (response as { write: unknown }).write = (chunk: unknown): boolean => {
    step();
    if (stalled) return true;
    writes += 1;
    return write(chunk);
  };
  (response as { end: unknown }).end = (chunk?: unknown): ServerResponse => {
    step();
    if (stalled) return response;
    return chunk === undefined ? end() : end(chunk);
  };
}
