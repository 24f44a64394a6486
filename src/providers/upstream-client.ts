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
}

export interface UpstreamClient {
  request(request: UpstreamRequest): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

/**
 * One pooled undici dispatcher for every upstream: keep-alive connections per
 * origin, pipelining off (providers do not all support it). `request`, not
 * `fetch`: fetch's Web streams cost several times more when proxying.
 */
export function createUpstreamClient(timeouts: UpstreamTimeouts): UpstreamClient {
  const agent = new Agent({
    connections: 256,
    keepAliveTimeout: 30_000,
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
  });
  return {
    request(request) {
      return agent.request({
        origin: new URL(request.url).origin,
        path: request.url.slice(new URL(request.url).origin.length),
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: request.signal,
      });
    },
    close: () => agent.close(),
  };
}
