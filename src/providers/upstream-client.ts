import { EventEmitter } from 'node:events';
import { Agent, type Dispatcher } from 'undici';

export interface UpstreamTimeouts {
  connectMs: number;
  /** Until the response headers arrive (first byte). */
  headersMs: number;
  /** Between two body chunks. */
  bodyMs: number;
}

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
  signal?: AbortSignal;
  /** Per-provider overrides of the client's default timeouts. */
  timeouts?: Partial<UpstreamTimeouts>;
}

export interface UpstreamClient {
  /** The defaults, for callers that enforce a phase themselves. */
  readonly timeouts?: UpstreamTimeouts;
  request(request: UpstreamRequest): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

/**
 * What undici watches instead of the AbortSignal itself. On Node 20 adding
 * one listener to an AbortSignal costs about 25 µs (microbenchmark in
 * bench/README.md) — more than the rest of the gateway's own work per
 * request — and undici adds one per request. undici accepts an
 * EventEmitter with `aborted`/`reason` as a signal, which costs ~1 µs.
 */
class AbortTwin extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
}

const twinKey = Symbol('switchyard.abortTwin');
type TwinnedSignal = AbortSignal & { [twinKey]?: AbortTwin };

export interface RequestAbort {
  /** The real signal, for everything that reads `aborted` or listens to it. */
  readonly signal: AbortSignal;
  /** Aborts the signal and whatever upstream call it was given to. */
  abort(): void;
}

/**
 * An AbortController whose upstream calls are cancelled through its cheap
 * twin. Signals from anywhere else still work, at undici's usual cost.
 */
export function createRequestAbort(): RequestAbort {
  const controller = new AbortController();
  const twin = new AbortTwin();
  (controller.signal as TwinnedSignal)[twinKey] = twin;
  return {
    signal: controller.signal,
    abort() {
      if (twin.aborted) return;
      controller.abort();
      twin.aborted = true;
      twin.reason = controller.signal.reason;
      twin.emit('abort');
    },
  };
}

function upstreamSignal(signal: AbortSignal | undefined): AbortSignal | AbortTwin | undefined {
  return signal === undefined ? undefined : ((signal as TwinnedSignal)[twinKey] ?? signal);
}

/** Origin and path of an upstream URL; most requests go to a handful of base URLs, so the split is remembered per URL. */
const splitCache = new Map<string, { origin: string; path: string }>();
const splitCacheLimit = 1024;

function splitUrl(url: string): { origin: string; path: string } {
  let split = splitCache.get(url);
  if (split === undefined) {
    const origin = new URL(url).origin;
    split = { origin, path: url.slice(origin.length) };
    if (splitCache.size >= splitCacheLimit) splitCache.clear();
    splitCache.set(url, split);
  }
  return split;
}

/**
 * One pooled undici dispatcher for every upstream: keep-alive connections per
 * origin, pipelining off (providers do not all support it). `request`, not
 * `fetch`: fetch's Web streams cost several times more when proxying.
 * Headers and body timeouts are per request; the connect timeout belongs to
 * the dispatcher, so a provider with its own connect timeout gets its own
 * agent (one per distinct value, created on first use).
 */
export function createUpstreamClient(timeouts: UpstreamTimeouts): UpstreamClient {
  const agents = new Map<number, Agent>();
  const agentFor = (connectMs: number): Agent => {
    let agent = agents.get(connectMs);
    if (agent === undefined) {
      agent = new Agent({
        // No cap per origin: a cap of 256 queued the 257th concurrent stream to one
        // provider behind the others (seconds to first byte with 1,000 agents).
        connections: null,
        keepAliveTimeout: 30_000,
        connect: { timeout: connectMs },
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
      agents.set(connectMs, agent);
    }
    return agent;
  };
  agentFor(timeouts.connectMs);
  return {
    timeouts,
    request(request) {
      const { origin, path } = splitUrl(request.url);
      return agentFor(request.timeouts?.connectMs ?? timeouts.connectMs).request({
        origin,
        path,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: upstreamSignal(request.signal),
        headersTimeout: request.timeouts?.headersMs ?? timeouts.headersMs,
        bodyTimeout: request.timeouts?.bodyMs ?? timeouts.bodyMs,
      });
    },
    close: async () => {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
    },
  };
}
