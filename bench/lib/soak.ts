import { runHttpLoad } from './http-load.js';
import { cpuTimeMs, rssMb } from './processes.js';
import { median } from './stats.js';
import { runStreamLoad } from './stream-load.js';
import type { Target } from './measure.js';

export interface SoakResult {
  seconds: number;
  requests: number;
  failed: number;
  /** RSS (MB) once a second. */
  rssSamplesMb: number[];
  /** Median RSS of the first and last fifth of the soak. */
  rssStartMb: number;
  rssEndMb: number;
  rssPeakMb: number;
  /** (end − start) / start. */
  rssGrowth: number;
  gatewayCpuMsPerRequest: number;
}

/**
 * Mixed load through the gateway for `seconds`: non-streaming requests and
 * slow streams at the same time, with the gateway's RSS sampled once a
 * second. Memory is flat when the last fifth sits where the first did.
 */
export async function runSoak(options: { gatewayPid: number; seconds: number; small: Target; stream: Target; connections: number; streams: number }): Promise<SoakResult> {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssMb(options.gatewayPid)), 1000);
  const cpuBefore = cpuTimeMs(options.gatewayPid);
  try {
    const [http, streams] = await Promise.all([
      runHttpLoad({ url: options.small.url, connections: options.connections, durationSeconds: options.seconds, headers: options.small.headers, body: options.small.body }),
      runStreamLoad({ url: options.stream.url, concurrency: options.streams, durationSeconds: options.seconds, headers: options.stream.headers, body: options.stream.body }),
    ]);
    const cpuMs = cpuTimeMs(options.gatewayPid) - cpuBefore;
    const fifth = Math.max(1, Math.floor(samples.length / 5));
    const rssStartMb = median(samples.slice(0, fifth));
    const rssEndMb = median(samples.slice(-fifth));
    const completed = http.ok + streams.ok;
    return {
      seconds: options.seconds,
      requests: http.requests + streams.requests,
      failed: http.non2xx + http.errors + http.timeouts + streams.failed,
      rssSamplesMb: samples.map((value) => Math.round(value * 10) / 10),
      rssStartMb,
      rssEndMb,
      rssPeakMb: Math.max(...samples),
      rssGrowth: (rssEndMb - rssStartMb) / rssStartMb,
      gatewayCpuMsPerRequest: completed === 0 ? Number.NaN : cpuMs / completed,
    };
  } finally {
    clearInterval(timer);
  }
}
