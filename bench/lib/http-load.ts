import autocannon from 'autocannon';

/**
 * Closed-loop load with autocannon at a fixed number of connections.
 * autocannon's own histogram has 1 ms resolution, which is coarser than
 * the overhead we measure, so every response time is also recorded here
 * (autocannon hands it over in milliseconds with sub-microsecond precision).
 */
export interface HttpLoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
  latenciesMs: number[];
}

export function runHttpLoad(options: {
  url: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  body: string;
}): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const latenciesMs: number[] = [];
    const startedAt = performance.now();
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        connections: options.connections,
        duration: options.durationSeconds,
        headers: options.headers,
        body: options.body,
        timeout: 30,
      },
      (error, result) => {
        if (error !== null) {
          reject(error);
          return;
        }
        resolve({
          requests: result.requests.total,
          ok: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          durationSeconds: (performance.now() - startedAt) / 1000,
          latenciesMs,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode >= 200 && statusCode < 300) latenciesMs.push(responseTimeMs);
    });
  });
}

/** One request, for probing a route before measuring it. */
export async function probe(options: { url: string; headers: Record<string, string>; body: string }): Promise<{ status: number; text: string }> {
  const { request } = await import('undici');
  const response = await request(options.url, { method: 'POST', headers: options.headers, body: options.body });
  return { status: response.statusCode, text: await response.body.text() };
}
