// Temporary experiment harness (not committed): gateway variants × scenarios, RSS + CPU/req.
import { mkdtempSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { codingAgentChat, smallChat } from './lib/bodies.js';
import { runHttpLoad } from './lib/http-load.js';
import { runStreamLoad } from './lib/stream-load.js';
import { cpuTimeMs, rssMb, runToCompletion, startProcess, type BenchProcess } from './lib/processes.js';

const root = resolve(import.meta.dirname, '..');
const mockKey = 'sk-mock-upstream-key';
const variants = JSON.parse(process.env.VARIANTS ?? '[{"name":"default","flags":[],"dist":"dist"}]') as { name: string; flags: string[]; dist: string }[];
const scenarios = (process.env.SCEN ?? 'small-50,prompt-200k,streams-1000').split(',');
const seconds = Number(process.env.SECS ?? 6);
const repeat = Number(process.env.REPEAT ?? 2);
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const startMock = (flags: string[]): Promise<BenchProcess> => startProcess({ name: 'mock', command: process.execPath, args: ['--import', 'tsx', join(root, 'test/mock-upstream/main.ts'), '--port', '0', '--api-key', mockKey, ...flags], ready: /listening on (http:\/\/\S+)/ });
const fast = await startMock([]);
const drip = await startMock(['--chunk-delay', '50']);
const dataDir = mkdtempSync(join(tmpdir(), 'sy-exp-'));
const configFile = join(dataDir, 'c.yaml');
const provider = (id: string, mock: BenchProcess): Record<string, unknown> => ({ id, protocol: 'openai-chat', baseUrl: `${mock.url}/v1`, apiKey: mockKey, models: ['mock-small'], prices: { 'mock-small': { input: 0.15, output: 0.6 } } });
writeFileSync(configFile, JSON.stringify({ host: '127.0.0.1', port: 0, logLevel: 'info', providers: [provider('mock', fast), provider('drip', drip)] }));
const rows: string[] = [];
for (let r = 0; r < repeat; r++) {
  for (const variant of variants) {
    const dir = join(dataDir, `${variant.name}-${r}`);
    mkdirSync(dir);
    const cli = join(root, variant.dist, 'cli/main.js');
    const key = /(sk-sy-\S+)/.exec(runToCompletion(process.execPath, [cli, 'keys', 'create', '--name', 'b', '--config', configFile, '--data-dir', dir]))![1]!;
    const gw = await startProcess({ name: variant.name, command: process.execPath, args: [...variant.flags, cli, 'serve', '--config', configFile, '--data-dir', dir], ready: /listening on (http:\/\/\S+)/ });
    gw.child.stdout?.resume(); gw.child.stderr?.resume();
    await sleep(2000);
    const out: string[] = [`${variant.name}#${r} idle ${rssMb(gw.pid).toFixed(1)}`];
    let peak = 0;
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb(gw.pid)); }, 100);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    for (const s of scenarios) {
      peak = 0;
      const cpu0 = cpuTimeMs(gw.pid);
      let n = 0; let failed = 0;
      if (s === 'small-50') { const x = await runHttpLoad({ url: `${gw.url}/v1/chat/completions`, connections: 50, durationSeconds: seconds, headers, body: smallChat('mock/mock-small', false) }); n = x.ok; failed = x.requests - x.ok; }
      if (s === 'prompt-200k') { const x = await runHttpLoad({ url: `${gw.url}/v1/chat/completions`, connections: 10, durationSeconds: seconds, headers, body: codingAgentChat('mock/mock-small') }); n = x.ok; failed = x.requests - x.ok; }
      if (s === 'streams-1000') { const x = await runStreamLoad({ url: `${gw.url}/v1/chat/completions`, concurrency: 1000, durationSeconds: seconds, headers, body: smallChat('drip/mock-small', true) }); n = x.ok; failed = x.failed; }
      if (s === 'stream-1') { const x = await runStreamLoad({ url: `${gw.url}/v1/chat/completions`, concurrency: 1, durationSeconds: seconds, headers, body: smallChat('mock/mock-small', true) }); n = x.ok; failed = x.failed; }
      const cpu = (cpuTimeMs(gw.pid) - cpu0) / Math.max(1, n);
      appendFileSync('/tmp/mem/gc.log', `${variant.name}#${r} ${s} n=${n} `); process.kill(gw.pid, 'SIGUSR2'); await sleep(300);
      out.push(`${s}: ${n} ok ${failed} bad, ${cpu.toFixed(3)} ms/req, peak ${peak.toFixed(1)} after ${rssMb(gw.pid).toFixed(1)}`);
    }
    clearInterval(sampler);
    rows.push(out.join(' | '));
    process.stdout.write(rows.at(-1) + '\n');
    await gw.stop();
  }
}
await fast.stop(); await drip.stop();
