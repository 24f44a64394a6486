import { Agent, type Dispatcher } from 'undici';
import type { CancelSignal } from '../core/cancellation.js';

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
  /** An AbortSignal or a Cancellation (core/cancellation.ts). */
  signal?: CancelSignal;
  /** Per-provider overrides of the client's default timeouts. */
  timeouts?: Partial<UpstreamTimeouts>;
}

export interface UpstreamClient {
  /** The defaults, for callers that enforce a phase themselves. */
  readonly timeouts?: UpstreamTimeouts;
  request(request: UpstreamRequest): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
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
        // undici needs only aborted, reason and add/removeEventListener (lib/core/util.js addAbortListener).
        signal: request.signal,
        headersTimeout: request.timeouts?.headersMs ?? timeouts.headersMs,
        bodyTimeout: request.timeouts?.bodyMs ?? timeouts.bodyMs,
      });
    },
    close: async () => {
      await Promise.all([...agents.values()].map((agent) => agent.close()));
    },
  };
}
