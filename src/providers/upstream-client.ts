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
  body: string;
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
        connections: 256,
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
      const url = new URL(request.url);
      return agentFor(request.timeouts?.connectMs ?? timeouts.connectMs).request({
        origin: url.origin,
        path: request.url.slice(url.origin.length),
        method: 'POST',
        headers: request.headers,
        body: request.body,
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
