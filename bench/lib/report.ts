import type { ScenarioResult, SideResult } from './measure.js';
import type { SoakResult } from './soak.js';
import { round } from './stats.js';

/** A skipped scenario and why (the cross-protocol one before its codec lands). */
export interface Skipped {
  name: string;
  title: string;
  reason: string;
}

export interface MemoryFigures {
  idleRssMb: number;
  peakUnderLoadRssMb: number;
  afterLoadRssMb: number;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | 'n/a';
}

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(3) : '–');
const signed = (value: number): string => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(3)}` : '–');
const rate = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function failures(side: SideResult): string {
  return side.failed === 0 ? '0' : `${side.failed} (${side.failures[0] ?? ''})`;
}

/** The main table: one row per scenario (two for streams: first byte, then whole stream). */
export function scenarioTable(results: ScenarioResult[], skipped: Skipped[]): string {
  const lines = [
    row(['scenario', 'conns', 'direct req/s', 'gateway req/s', 'gw/direct', 'p50 direct', 'p50 gateway', 'added p50 ms', 'p99 direct', 'p99 gateway', 'added p99 ms', 'gw CPU ms/req', 'gw busy', 'errors d/g']),
    row(Array.from({ length: 14 }, () => '---')),
  ];
  for (const result of results) {
    const { direct, gateway } = result;
    const common = [String(result.connections), rate(direct.requestsPerSecond), rate(gateway.requestsPerSecond), ratio(gateway.requestsPerSecond / direct.requestsPerSecond)];
    const tail = [ms(gateway.gatewayCpuMsPerRequest), `${Math.round(gateway.gatewayBusy * 100)} %`, `${failures(direct)} / ${failures(gateway)}`];
    if (result.kind === 'stream' && direct.ttft !== undefined && gateway.ttft !== undefined) {
      lines.push(row([`${result.title} — first byte`, ...common, ms(direct.ttft.p50), ms(gateway.ttft.p50), signed(gateway.ttft.p50 - direct.ttft.p50), ms(direct.ttft.p99), ms(gateway.ttft.p99), signed(gateway.ttft.p99 - direct.ttft.p99), ...tail]));
      lines.push(row([`${result.title} — whole stream`, '', '', '', '', ms(direct.latency.p50), ms(gateway.latency.p50), signed(gateway.latency.p50 - direct.latency.p50), ms(direct.latency.p99), ms(gateway.latency.p99), signed(gateway.latency.p99 - direct.latency.p99), '', '', '']));
      continue;
    }
    lines.push(row([result.title, ...common, ms(direct.latency.p50), ms(gateway.latency.p50), signed(gateway.latency.p50 - direct.latency.p50), ms(direct.latency.p99), ms(gateway.latency.p99), signed(gateway.latency.p99 - direct.latency.p99), ...tail]));
  }
  for (const skip of skipped) lines.push(row([`${skip.title} — SKIPPED: ${skip.reason}`, ...Array.from({ length: 13 }, () => '')]));
  return lines.join('\n');
}

/** Is the mock ever the bottleneck? Its CPU per request next to the gateway's. */
export function bottleneckTable(results: ScenarioResult[]): string {
  const lines = [
    row(['scenario', 'mock CPU ms/req', 'mock req/s on one core', 'gateway CPU ms/req', 'gateway req/s on one core', 'load generator CPU ms/req (gateway side)']),
    row(Array.from({ length: 6 }, () => '---')),
  ];
  for (const result of results) {
    const mock = result.direct.mockCpuMsPerRequest;
    const gateway = result.gateway.gatewayCpuMsPerRequest;
    lines.push(row([result.title, ms(mock), rate(1000 / mock), ms(gateway), rate(1000 / gateway), ms(result.gateway.loadCpuMsPerRequest)]));
  }
  return lines.join('\n');
}

export function checkTargets(options: { results: ScenarioResult[]; memory: MemoryFigures; soak: SoakResult | undefined }): TargetCheck[] {
  const find = (name: string): ScenarioResult | undefined => options.results.find((result) => result.name === name);
  const checks: TargetCheck[] = [];
  const single = find('small-1');
  if (single) {
    const added = single.gateway.latency.p50 - single.direct.latency.p50;
    checks.push({ target: 'added median latency, 1 connection ≤ 0.1 ms', measured: `${signed(added)} ms`, met: added <= 0.1 });
  }
  const slow = find('slow-50');
  if (slow) {
    const added = slow.gateway.latency.p99 - slow.direct.latency.p99;
    checks.push({ target: 'added p99, 50 connections, upstream 50 ms ≤ 2 ms', measured: `${signed(added)} ms`, met: added <= 2 });
  }
  const busy = find('small-50');
  if (busy) {
    const cpu = busy.gateway.gatewayCpuMsPerRequest;
    checks.push({ target: 'gateway CPU per request ≤ 0.1 ms (≥ 10,000 req/s on one core)', measured: `${ms(cpu)} ms → ${rate(1000 / cpu)} req/s on one core (measured ${rate(busy.gateway.requestsPerSecond)} req/s at ${Math.round(busy.gateway.gatewayBusy * 100)} % of a core)`, met: cpu <= 0.1 });
  }
  const stream = find('stream-1');
  if (stream?.gateway.ttft && stream.direct.ttft) {
    const added = stream.gateway.ttft.p50 - stream.direct.ttft.p50;
    checks.push({ target: 'added time to first streamed byte ≤ 0.3 ms', measured: `${signed(added)} ms`, met: added <= 0.3 });
  }
  const many = find('streams-1000');
  if (many) {
    const peak = many.gateway.peakConcurrent ?? 0;
    checks.push({ target: '1,000 concurrent streams without errors', measured: `${many.gateway.ok} streams ok, ${many.gateway.failed} failed, ${peak} open at once, peak RSS ${round(many.gateway.gatewayPeakRssMb, 1)} MB`, met: many.gateway.failed === 0 && peak >= 1000 });
  }
  const large = find('prompt-200k');
  if (large) {
    const cpu = large.gateway.gatewayCpuMsPerRequest;
    checks.push({ target: '200 KB prompts ≥ 1,500 req/s on one core', measured: `${ms(cpu)} ms CPU/req → ${rate(1000 / cpu)} req/s on one core (measured ${rate(large.gateway.requestsPerSecond)} req/s)`, met: 1000 / cpu >= 1500 });
  }
  checks.push({ target: 'RSS idle ≤ 70 MB', measured: `${round(options.memory.idleRssMb, 1)} MB`, met: options.memory.idleRssMb <= 70 });
  checks.push({ target: 'RSS under load ≤ 150 MB', measured: `${round(options.memory.peakUnderLoadRssMb, 1)} MB peak`, met: options.memory.peakUnderLoadRssMb <= 150 });
  if (options.soak) {
    const soak = options.soak;
    checks.push({
      target: 'RSS flat over the soak (last fifth within 10 % of the first)',
      measured: `${soak.seconds} s, ${soak.requests.toLocaleString('en-US')} requests, ${soak.failed} failed: ${round(soak.rssStartMb, 1)} → ${round(soak.rssEndMb, 1)} MB (${signed(soak.rssGrowth * 100)} %), peak ${round(soak.rssPeakMb, 1)} MB`,
      met: soak.rssGrowth <= 0.1 && soak.failed === 0,
    });
  }
  return checks;
}

export function targetTable(checks: TargetCheck[]): string {
  const lines = [row(['target', 'measured', 'met']), row(['---', '---', '---'])];
  for (const check of checks) lines.push(row([check.target, check.measured, check.met === 'n/a' ? 'n/a' : check.met ? 'yes' : 'NO']));
  return lines.join('\n');
}

/** With --compare: the gateway under test against a baseline build, measured in the same run. */
export function compareTable(results: ScenarioResult[]): string {
  const lines = [
    row(['scenario', 'baseline CPU ms/req', 'this build CPU ms/req', 'change', 'baseline p50', 'this build p50', 'baseline p99', 'this build p99', 'baseline req/s', 'this build req/s']),
    row(Array.from({ length: 10 }, () => '---')),
  ];
  for (const result of results) {
    const before = result.baseline;
    if (before === undefined) continue;
    const after = result.gateway;
    const pick = (side: SideResult): { p50: number; p99: number } => (result.kind === 'stream' && side.ttft ? side.ttft : side.latency);
    const change = (after.gatewayCpuMsPerRequest / before.gatewayCpuMsPerRequest - 1) * 100;
    lines.push(row([result.title + (result.kind === 'stream' ? ' (first byte)' : ''), ms(before.gatewayCpuMsPerRequest), ms(after.gatewayCpuMsPerRequest), `${change >= 0 ? '+' : ''}${change.toFixed(0)} %`, ms(pick(before).p50), ms(pick(after).p50), ms(pick(before).p99), ms(pick(after).p99), rate(before.requestsPerSecond), rate(after.requestsPerSecond)]));
  }
  return lines.join('\n');
}
