import { runHttpLoad } from './http-load.js';
import { cpuTimeMs, rssMb, type BenchProcess } from './processes.js';
import { summarize, type LatencySummary } from './stats.js';
import { runStreamLoad } from './stream-load.js';

/** One side of a comparison: the mock called directly, or the gateway in front of it. */
export interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Scenario {
  name: string;
  title: string;
  kind: 'http' | 'stream';
  connections: number;
  direct: Target;
  gateway: Target;
  /** The mock process serving this scenario (its CPU is measured on direct windows). */
  mock: BenchProcess;
  rounds?: number;
  /** With --compare: the same request to a second gateway built from another tree. */
  baseline?: Target;
}

/** Totals of one side over all its windows. */
export interface SideResult {
  requests: number;
  ok: number;
  failed: number;
  failures: string[];
  seconds: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  /** Streams only: time to first byte. */
  ttft?: LatencySummary;
  /** CPU milliseconds per completed request, per process. */
  gatewayCpuMsPerRequest: number;
  mockCpuMsPerRequest: number;
  loadCpuMsPerRequest: number;
  /** Gateway CPU time over wall time (1 = one core fully busy). */
  gatewayBusy: number;
  gatewayPeakRssMb: number;
  peakConcurrent?: number;
}

export interface ScenarioResult {
  name: string;
  title: string;
  kind: 'http' | 'stream';
  connections: number;
  direct: SideResult;
  gateway: SideResult;
  baseline?: SideResult;
}

interface WindowTotals {
  requests: number;
  ok: number;
  failed: number;
  failures: string[];
  seconds: number;
  latencies: number[];
  ttfts: number[];
  gatewayCpuMs: number;
  mockCpuMs: number;
  loadCpuMs: number;
  peakRss: number;
  peakConcurrent: number;
}

function emptyTotals(): WindowTotals {
  return { requests: 0, ok: 0, failed: 0, failures: [], seconds: 0, latencies: [], ttfts: [], gatewayCpuMs: 0, mockCpuMs: 0, loadCpuMs: 0, peakRss: 0, peakConcurrent: 0 };
}

/** Samples a process's RSS while `work` runs; returns the peak. */
async function withRssSampling<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; peakRss: number }> {
  let peakRss = rssMb(pid);
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(pid));
  }, 200);
  try {
    const value = await work();
    peakRss = Math.max(peakRss, rssMb(pid));
    return { value, peakRss };
  } finally {
    clearInterval(timer);
  }
}

async function window(options: { scenario: Scenario; target: Target; gateway: BenchProcess; seconds: number; totals: WindowTotals | undefined }): Promise<void> {
  const { scenario, target, gateway, totals } = options;
  const gatewayCpuBefore = cpuTimeMs(gateway.pid);
  const mockCpuBefore = cpuTimeMs(scenario.mock.pid);
  const loadCpuBefore = process.cpuUsage();
  const { value, peakRss } = await withRssSampling(gateway.pid, async () => {
    if (scenario.kind === 'http') {
      const result = await runHttpLoad({ url: target.url, connections: scenario.connections, durationSeconds: options.seconds, headers: target.headers, body: target.body });
      const failed = result.non2xx + result.errors + result.timeouts;
      return { requests: result.requests, ok: result.ok, failed, failures: failed > 0 ? [`${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`] : [], seconds: result.durationSeconds, latencies: result.latenciesMs, ttfts: [], peakConcurrent: 0 };
    }
    const result = await runStreamLoad({ url: target.url, concurrency: scenario.connections, durationSeconds: options.seconds, headers: target.headers, body: target.body });
    return { requests: result.requests, ok: result.ok, failed: result.failed, failures: result.failures, seconds: result.durationSeconds, latencies: result.totalMs, ttfts: result.ttftMs, peakConcurrent: result.peakConcurrent };
  });
  if (totals === undefined) return;
  const loadCpu = process.cpuUsage(loadCpuBefore);
  totals.requests += value.requests;
  totals.ok += value.ok;
  totals.failed += value.failed;
  totals.failures.push(...value.failures);
  totals.seconds += value.seconds;
  for (const latency of value.latencies) totals.latencies.push(latency);
  for (const ttft of value.ttfts) totals.ttfts.push(ttft);
  totals.gatewayCpuMs += cpuTimeMs(gateway.pid) - gatewayCpuBefore;
  totals.mockCpuMs += cpuTimeMs(scenario.mock.pid) - mockCpuBefore;
  totals.loadCpuMs += (loadCpu.user + loadCpu.system) / 1000;
  totals.peakRss = Math.max(totals.peakRss, peakRss);
  totals.peakConcurrent = Math.max(totals.peakConcurrent, value.peakConcurrent);
}

function side(totals: WindowTotals): SideResult {
  const perRequest = (ms: number): number => (totals.ok === 0 ? Number.NaN : ms / totals.ok);
  const result: SideResult = {
    requests: totals.requests,
    ok: totals.ok,
    failed: totals.failed,
    failures: totals.failures.slice(0, 5),
    seconds: totals.seconds,
    requestsPerSecond: totals.ok / totals.seconds,
    latency: summarize(totals.latencies),
    gatewayCpuMsPerRequest: perRequest(totals.gatewayCpuMs),
    mockCpuMsPerRequest: perRequest(totals.mockCpuMs),
    loadCpuMsPerRequest: perRequest(totals.loadCpuMs),
    gatewayBusy: totals.gatewayCpuMs / (totals.seconds * 1000),
    gatewayPeakRssMb: totals.peakRss,
  };
  if (totals.ttfts.length > 0) result.ttft = summarize(totals.ttfts);
  if (totals.peakConcurrent > 0) result.peakConcurrent = totals.peakConcurrent;
  return result;
}

/**
 * Measures a scenario direct and through the gateway in alternating
 * windows (direct, gateway, gateway, direct, …) after a short warm-up of
 * each, so background noise on a shared machine falls on both sides alike.
 */
export async function measureScenario(options: {
  scenario: Scenario;
  gateway: BenchProcess;
  baselineGateway?: BenchProcess;
  seconds: number;
  rounds: number;
  warmupSeconds: number;
}): Promise<ScenarioResult> {
  const { scenario, gateway } = options;
  type Which = 'direct' | 'gateway' | 'baseline';
  const totals: Record<Which, WindowTotals> = { direct: emptyTotals(), gateway: emptyTotals(), baseline: emptyTotals() };
  const sides: Which[] = scenario.baseline !== undefined && options.baselineGateway !== undefined ? ['direct', 'gateway', 'baseline'] : ['direct', 'gateway'];
  const run = (which: Which, seconds: number, into: WindowTotals | undefined): Promise<void> =>
    window({
      scenario,
      target: which === 'direct' ? scenario.direct : which === 'gateway' ? scenario.gateway : (scenario.baseline ?? scenario.gateway),
      // Direct windows still read the gateway's CPU: it should be idle then.
      gateway: which === 'baseline' ? (options.baselineGateway ?? gateway) : gateway,
      seconds,
      totals: into,
    });
  if (options.warmupSeconds > 0) for (const which of sides) await run(which, options.warmupSeconds, undefined);
  const rounds = scenario.rounds ?? options.rounds;
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const which of order) await run(which, options.seconds, totals[which]);
  }
  const result: ScenarioResult = { name: scenario.name, title: scenario.title, kind: scenario.kind, connections: scenario.connections, direct: side(totals.direct), gateway: side(totals.gateway) };
  if (sides.includes('baseline')) result.baseline = side(totals.baseline);
  return result;
}
