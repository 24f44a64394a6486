import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { mockApiKey } from '../helpers/gateway.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';

/**
 * What `switchyard serve` loads (memory: each unused module costs resident
 * memory for the life of the process). The CLI's admin commands, the
 * prober, the preset listing and the Redis client are loaded only by the
 * commands and settings that use them; the Redis path itself is covered by
 * test/policy/limits-redis*.test.ts, which run `serve` with counterBackend
 * redis.
 */
let mock: MockUpstream;
let dataDir: string;

before(async () => {
  mock = await startMockUpstream({ apiKey: mockApiKey });
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-serve-modules-'));
});

after(async () => {
  await mock.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function serveAndRecord(): Promise<{ modules: string[]; status: number; openApiStatus: number }> {
  const log = join(dataDir, 'modules.log');
  writeFileSync(log, '');
  const file = join(dataDir, 'switchyard.yaml');
  writeFileSync(file, stringify({ port: 0, logLevel: 'warn', dataDir, providers: [{ id: 'mock', protocol: 'openai-chat', baseUrl: `${mock.url}/v1`, apiKey: mockApiKey, models: ['mock-small'] }] }));
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/helpers/module-recorder.mjs', 'src/cli/main.ts', 'serve', '--config', file], {
    env: { ...process.env, SWITCHYARD_CONFIG: '', MODULE_RECORDER_LOG: log },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway did not start in 30 s:\n${output}`)), 30_000);
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`gateway exited before listening:\n${output}`));
      });
    });
    const health = await fetch(`${url}/healthz`);
    // The admin API's OpenAPI document is built on first request, and still served.
    const openApi = await fetch(`${url}/api/openapi.json`);
    const document = (await openApi.json()) as { openapi?: string };
    assert.equal(document.openapi, '3.1.0');
    return { modules: readFileSync(log, 'utf8').split('\n').filter((line) => line !== ''), status: health.status, openApiStatus: openApi.status };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

test('serve loads neither the CLI-only modules nor ioredis, and serves', async () => {
  const { modules, status, openApiStatus } = await serveAndRecord();
  assert.equal(status, 200);
  assert.equal(openApiStatus, 200);
  // The recorder sees the gateway's own modules: the list is not empty by accident.
  assert.ok(modules.some((url) => url.includes('/src/server/start.ts')), 'the recorder saw the server start');
  assert.ok(modules.some((url) => url.includes('/src/pipeline/proxy.ts')), 'the recorder saw the proxy');
  for (const unwanted of ['/node_modules/ioredis/', '/src/policy/redis-counters.ts', '/src/cli/admin-commands.ts', '/src/cli/probe.ts']) {
    assert.deepEqual(
      modules.filter((url) => url.includes(unwanted)),
      [],
      `serve loaded ${unwanted}`,
    );
  }
});
