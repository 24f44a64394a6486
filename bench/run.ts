/**
 * `npm run bench`: what the gateway costs on top of a direct call.
 *
 * Starts the mock upstreams (each its own process) and the gateway from its
 * production build (`dist/`, a child process with a temporary data
 * directory, a key created with the CLI, metering on), then measures each
 * scenario direct-to-mock and through the gateway in alternating windows,
 * prints a table and writes JSON under bench/results/. See bench/README.md.
 *
 * Flags: --duration S (per window, default 4) --rounds N (default 2)
 *        --soak S (default 60; 0 skips) --only a,b (scenario names)
 *        --pin auto|on|off (default auto: pin only on a quiet machine)
 *        --profile (gateway under --cpu-prof, profile in bench/results/profiles)
 *        --compare DIR (also measure a gateway built into DIR, e.g. the
 *          dist/ of the commit before a change: before/after in one run)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { codingAgentChat, smallAnthropicMessages, smallChat } from './lib/bodies.js';
import { probe } from './lib/http-load.js';
import { measureScenario, type Scenario, type ScenarioResult } from './lib/measure.js';
import { hasTaskset, pinSelf, rssMb, runToCompletion, startProcess, type BenchProcess } from './lib/processes.js';
import { bottleneckTable, checkTargets, compareTable, scenarioTable, targetTable, type Skipped } from './lib/report.js';
import { runSoak } from './lib/soak.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '2' },
    soak: { type: 'string', default: '60' },
    only: { type: 'string' },
    pin: { type: 'string', default: 'auto' },
    profile: { type: 'boolean', default: false },
    compare: { type: 'string' },
  },
});
const windowSeconds = Number(values.duration);
const rounds = Number(values.rounds);
const soakSeconds = Number(values.soak);
const only = values.only?.split(',').map((name) => name.trim());
const root = resolve(import.meta.dirname, '..');
const resultsDir = join(root, 'bench', 'results');
const mockKey = 'sk-mock-upstream-key';

// Two cores: the gateway gets one to itself; the load generator and the
// mocks share the other. Pinning steadies the figures on a quiet machine;
// on an oversubscribed one (other engineers' test runs) a pinned gateway
// queues behind whatever else runs on its core and every cross-core wake-up
// waits (measured: +11 ms at one connection pinned vs +0.5 ms unpinned at
// load average 17), so `auto` pins only when the 1-minute load average is
// below half the cores.
const cpuCount = availableParallelism();
const quiet = (loadavg()[0] ?? 0) < cpuCount / 2;
const pin = values.pin !== 'off' && cpuCount >= 2 && hasTaskset() && (values.pin === 'on' || quiet);
const loadCpu = pin ? 0 : undefined;
const gatewayCpu = pin ? 1 : undefined;
if (loadCpu !== undefined) pinSelf(loadCpu);

function machine(): { nproc: number; cpuModel: string; memoryGb: number; node: string; loadAverageAtStart: number[]; pinned: unknown } {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: cpuCount,
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
    pinned: pin ? { gatewayCpu, loadGeneratorAndMocksCpu: loadCpu } : false,
  };
}

function startMock(name: string, flags: string[]): Promise<BenchProcess> {
  return startProcess({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', join(root, 'test/mock-upstream/main.ts'), '--port', '0', '--api-key', mockKey, ...flags],
    ...(loadCpu === undefined ? {} : { cpu: loadCpu }),
    ready: /listening on (http:\/\/\S+)/,
  });
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function main(): Promise<void> {
  const info = machine();
  process.stdout.write(`switchyard bench: ${JSON.stringify(info)}\n`);
  const mocks = {
    fast: await startMock('mock (instant)', []),
    slow: await startMock('mock (50 ms)', ['--delay', '50']),
    drip: await startMock('mock (50 ms between chunks)', ['--chunk-delay', '50']),
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const configFile = join(dataDir, 'switchyard.yaml');
  const provider = (id: string, mock: BenchProcess): Record<string, unknown> => ({
    id,
    protocol: 'openai-chat',
    baseUrl: `${mock.url}/v1`,
    apiKey: mockKey,
    models: ['mock-small'],
    prices: { 'mock-small': { input: 0.15, output: 0.6 } },
  });
  // As in production: info logging, metering every second, the default body limit and timeouts.
  writeFileSync(
    configFile,
    JSON.stringify({ host: '127.0.0.1', port: 0, logLevel: 'info', providers: [provider('mock', mocks.fast), provider('slow', mocks.slow), provider('drip', mocks.drip)] }),
  );
  const profileDir = join(resultsDir, 'profiles');
  if (values.profile) mkdirSync(profileDir, { recursive: true });
  // A gateway from a build directory, with its own data directory and a key made with its own CLI.
  const startGatewayFrom = async (name: string, dist: string, directory: string): Promise<{ process: BenchProcess; key: string }> => {
    mkdirSync(directory, { recursive: true });
    const cli = join(dist, 'cli/main.js');
    const created = runToCompletion(process.execPath, [cli, 'keys', 'create', '--name', 'bench', '--config', configFile, '--data-dir', directory]);
    const key = /(sk-sy-\S+)/.exec(created)?.[1];
    if (key === undefined) throw new Error(`could not create a gateway key:\n${created}`);
    const started = await startProcess({
      name,
      command: process.execPath,
      args: [...(values.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), cli, 'serve', '--config', configFile, '--data-dir', directory],
      ...(gatewayCpu === undefined ? {} : { cpu: gatewayCpu }),
      ready: /listening on (http:\/\/\S+)/,
    });
    return { process: started, key };
  };
  const underTest = await startGatewayFrom('gateway', join(root, 'dist'), join(dataDir, 'gateway'));
  const gateway = underTest.process;
  const key = underTest.key;
  const baseline = values.compare === undefined ? undefined : await startGatewayFrom('baseline gateway', resolve(values.compare), join(dataDir, 'baseline'));
  const stderr: string[] = [];
  gateway.child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));

  const results: ScenarioResult[] = [];
  const skipped: Skipped[] = [];
  let soak: Awaited<ReturnType<typeof runSoak>> | undefined;
  let idleRssMb = 0;
  let afterLoadRssMb = 0;
  try {
    await sleep(2000);
    idleRssMb = rssMb(gateway.pid);
    const json = { 'content-type': 'application/json' };
    const gatewayHeaders = { ...json, authorization: `Bearer ${key}` };
    const directHeaders = { ...json, authorization: `Bearer ${mockKey}` };
    const chat = (mock: BenchProcess, providerId: string, body: (model: string) => string): Pick<Scenario, 'direct' | 'gateway' | 'mock' | 'baseline'> => ({
      mock,
      direct: { url: `${mock.url}/v1/chat/completions`, headers: directHeaders, body: body('mock-small') },
      gateway: { url: `${gateway.url}/v1/chat/completions`, headers: gatewayHeaders, body: body(`${providerId}/mock-small`) },
      ...(baseline === undefined
        ? {}
        : { baseline: { url: `${baseline.process.url}/v1/chat/completions`, headers: { ...json, authorization: `Bearer ${baseline.key}` }, body: body(`${providerId}/mock-small`) } }),
    });
    const scenarios: Scenario[] = [
      { name: 'small-1', title: 'small chat, 1 connection', kind: 'http', connections: 1, ...chat(mocks.fast, 'mock', (model) => smallChat(model, false)) },
      { name: 'small-50', title: 'small chat, 50 connections', kind: 'http', connections: 50, ...chat(mocks.fast, 'mock', (model) => smallChat(model, false)) },
      { name: 'slow-50', title: 'small chat, upstream 50 ms, 50 connections', kind: 'http', connections: 50, ...chat(mocks.slow, 'slow', (model) => smallChat(model, false)) },
      { name: 'stream-1', title: 'stream, 1 connection', kind: 'stream', connections: 1, ...chat(mocks.fast, 'mock', (model) => smallChat(model, true)) },
      { name: 'streams-1000', title: '1,000 concurrent streams (50 ms between chunks)', kind: 'stream', connections: 1000, ...chat(mocks.drip, 'drip', (model) => smallChat(model, true)) },
      { name: 'prompt-200k', title: '200 KB coding-agent prompt, 10 connections', kind: 'http', connections: 10, ...chat(mocks.fast, 'mock', (model) => codingAgentChat(model)) },
    ];
    // Anthropic Messages in, OpenAI Chat upstream; direct is the same question in Chat form.
    const anthropicBody = smallAnthropicMessages('mock/mock-small');
    const anthropicHeaders = { ...json, 'x-api-key': key, 'anthropic-version': '2023-06-01' };
    const anthropicProbe = await probe({ url: `${gateway.url}/v1/messages`, headers: anthropicHeaders, body: anthropicBody });
    if (anthropicProbe.status === 200) {
      scenarios.push({
        name: 'cross-anthropic',
        title: 'Anthropic Messages in → Chat upstream, 10 connections',
        kind: 'http',
        connections: 10,
        mock: mocks.fast,
        direct: { url: `${mocks.fast.url}/v1/chat/completions`, headers: directHeaders, body: smallChat('mock-small', false) },
        gateway: { url: `${gateway.url}/v1/messages`, headers: anthropicHeaders, body: anthropicBody },
      });
    } else {
      skipped.push({
        name: 'cross-anthropic',
        title: 'Anthropic Messages in → Chat upstream',
        reason: `the gateway answered ${anthropicProbe.status} to POST /v1/messages (${anthropicProbe.status === 404 || anthropicProbe.status === 501 ? 'no Anthropic codec/route in this build yet' : anthropicProbe.text.slice(0, 120)})`,
      });
    }

    for (const scenario of scenarios) {
      if (only !== undefined && !only.includes(scenario.name)) continue;
      process.stdout.write(`· ${scenario.title} …\n`);
      const result = await measureScenario({ scenario, gateway, ...(baseline === undefined ? {} : { baselineGateway: baseline.process }), seconds: windowSeconds, rounds, warmupSeconds: Math.min(1, windowSeconds / 2) });
      results.push(result);
      process.stdout.write(`  direct ${Math.round(result.direct.requestsPerSecond)} req/s p50 ${result.direct.latency.p50.toFixed(3)} ms · gateway ${Math.round(result.gateway.requestsPerSecond)} req/s p50 ${result.gateway.latency.p50.toFixed(3)} ms, ${result.gateway.gatewayCpuMsPerRequest.toFixed(3)} ms CPU/req\n`);
    }
    afterLoadRssMb = rssMb(gateway.pid);
    if (soakSeconds > 0 && (only === undefined || only.includes('soak'))) {
      process.stdout.write(`· soak: ${soakSeconds} s of mixed load (20 connections + 100 slow streams) …\n`);
      soak = await runSoak({
        gatewayPid: gateway.pid,
        seconds: soakSeconds,
        connections: 20,
        streams: 100,
        small: { url: `${gateway.url}/v1/chat/completions`, headers: gatewayHeaders, body: smallChat('mock/mock-small', false) },
        stream: { url: `${gateway.url}/v1/chat/completions`, headers: gatewayHeaders, body: smallChat('drip/mock-small', true) },
      });
    }
  } finally {
    await gateway.stop();
    await baseline?.process.stop();
    for (const mock of Object.values(mocks)) await mock.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const peakUnderLoadRssMb = Math.max(...results.map((result) => result.gateway.gatewayPeakRssMb), soak?.rssPeakMb ?? 0);
  const memory = { idleRssMb, peakUnderLoadRssMb, afterLoadRssMb };
  const checks = checkTargets({ results, memory, soak });
  const finishedInfo = { ...info, loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100) };
  const report = [
    '',
    `Machine: ${String(info.nproc)} CPUs (${String(info.cpuModel)}), ${String(info.memoryGb)} GB, Node ${process.version}; ` +
      (pin ? `gateway pinned to CPU ${gatewayCpu}, load generator and mocks to CPU ${loadCpu}` : `not pinned (--pin ${values.pin ?? 'auto'}${quiet ? '' : ', machine busy'})`) +
      `; load average ${finishedInfo.loadAverageAtStart.join(' ')} → ${finishedInfo.loadAverageAtEnd.join(' ')} (other work on the machine makes figures noisy).`,
    `Windows of ${windowSeconds} s × ${rounds} rounds per side, alternating direct and gateway. Latencies in ms.`,
    '',
    scenarioTable(results, skipped),
    '',
    'Is the mock the bottleneck? CPU per request of each process:',
    '',
    bottleneckTable(results),
    '',
    `Memory (gateway RSS): idle ${memory.idleRssMb.toFixed(1)} MB, peak under load ${memory.peakUnderLoadRssMb.toFixed(1)} MB, after the scenarios ${memory.afterLoadRssMb.toFixed(1)} MB.`,
    '',
    targetTable(checks),
    '',
    ...(baseline === undefined ? [] : [`Before/after in the same run: baseline = ${values.compare ?? ''}`, '', compareTable(results), '']),
  ].join('\n');
  process.stdout.write(report);
  if (stderr.length > 0) process.stdout.write(`\nGateway stderr:\n${stderr.join('').slice(0, 2000)}\n`);
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine: finishedInfo, windowSeconds, rounds, results, skipped, memory, soak, checks }, null, 2));
  process.stdout.write(`\nWrote ${file}\n`);
}

await main();
