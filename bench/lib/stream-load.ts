import { Agent, request as httpRequest } from 'node:http';

/**
 * Streaming load: `concurrency` clients, each sending one streaming request
 * after another until the time is up. autocannon cannot time the first
 * byte, so this client does: time to first body byte (the first SSE event)
 * and time to the end of the stream, per request, in milliseconds. A stream
 * counts as failed unless it answers 200 and ends with `data: [DONE]`.
 */
export interface StreamLoadResult {
  requests: number;
  ok: number;
  failed: number;
  /** The first few failure reasons, for the report. */
  failures: string[];
  durationSeconds: number;
  ttftMs: number[];
  totalMs: number[];
  /** Most streams open at the same moment. */
  peakConcurrent: number;
}

export async function runStreamLoad(options: {
  url: string;
  concurrency: number;
  durationSeconds: number;
  headers: Record<string, string>;
  body: string;
}): Promise<StreamLoadResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency });
  const body = Buffer.from(options.body);
  const headers = { ...options.headers, 'content-length': String(body.length) };
  const result: StreamLoadResult = { requests: 0, ok: 0, failed: 0, failures: [], durationSeconds: 0, ttftMs: [], totalMs: [], peakConcurrent: 0 };
  const startedAt = performance.now();
  const deadline = startedAt + options.durationSeconds * 1000;
  let open = 0;

  const fail = (reason: string): void => {
    result.failed += 1;
    if (result.failures.length < 5) result.failures.push(reason);
  };

  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const sentAt = performance.now();
      let firstByteAt: number | undefined;
      let tail = '';
      open += 1;
      if (open > result.peakConcurrent) result.peakConcurrent = open;
      const finish = (): void => {
        open -= 1;
        resolve();
      };
      const outgoing = httpRequest(
        { host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers, agent },
        (response) => {
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            firstByteAt ??= performance.now();
            tail = (tail + chunk).slice(-64);
          });
          response.on('end', () => {
            const endedAt = performance.now();
            result.requests += 1;
            if (response.statusCode !== 200) fail(`status ${response.statusCode}: ${tail}`);
            else if (!tail.includes('data: [DONE]')) fail(`stream ended without [DONE]: …${tail}`);
            else {
              result.ok += 1;
              result.ttftMs.push((firstByteAt ?? endedAt) - sentAt);
              result.totalMs.push(endedAt - sentAt);
            }
            finish();
          });
          response.on('error', (error) => {
            result.requests += 1;
            fail(`response error: ${error.message}`);
            finish();
          });
        },
      );
      outgoing.on('error', (error) => {
        result.requests += 1;
        fail(`request error: ${error.message}`);
        finish();
      });
      outgoing.end(body);
    });

  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) await one();
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.durationSeconds = (performance.now() - startedAt) / 1000;
  agent.destroy();
  return result;
}
