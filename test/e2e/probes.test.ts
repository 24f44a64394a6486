import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/server.js';
import { startRoutingGateway, type RoutingGateway } from '../helpers/routing-gateway.js';

/** Probes from the admin API and the CLI, through the real pipeline to mock upstreams. */
const adminToken = 'sy-admin-test-token-0123456789';
let context: RoutingGateway;

before(async () => {
  context = await startRoutingGateway({
    // `good` checks its key: the pool's second key is wrong.
    mocks: { good: { apiKey: 'sk-right' }, bad: {} },
    configure: (mocks) => ({
      adminToken,
      providers: [
        { id: 'good', protocol: 'openai-chat', baseUrl: `${mocks.good!.url}/v1`, apiKeys: ['sk-right', 'sk-wrong'], models: ['m'] },
        { id: 'bad', protocol: 'openai-chat', baseUrl: `${mocks.bad!.url}/fault/500/v1`, apiKey: 'sk-bad', models: ['m'] },
      ],
      aliases: { fast: 'good/m' },
      chains: { resilient: { strategy: 'priority', steps: ['bad/m', 'good/m'] } },
      routing: { retries: 0, breakerFailureThreshold: 1, breakerCooldownMs: 60_000 },
    }),
  });
});
after(() => context.close());

function admin(path: string, body: unknown = {}, token = adminToken): Promise<Response> {
  return fetch(`${context.gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface Result {
  target: string;
  ok: boolean;
  status: number;
  credential?: string;
  provider?: string;
  error?: { code: string; attempts: Array<{ provider: string }> };
}

test('the probe endpoints refuse a missing or wrong admin token', async () => {
  assert.equal((await fetch(`${context.gateway.url}/api/probes`, { method: 'POST' })).status, 401);
  assert.equal((await admin('/api/providers/good/probe', {}, 'not-the-token-at-all')).status, 401);
  // A gateway key is not an admin token.
  assert.equal((await admin('/api/probes', {}, context.key)).status, 401);
});

test('probing a provider tests each of its credentials', async () => {
  const response = await admin('/api/providers/good/probe');
  assert.equal(response.status, 200);
  const { results } = (await response.json()) as { results: Result[] };
  assert.deepEqual(
    results.map((result) => [result.credential, result.ok, result.status]),
    [
      ['config:good:1', true, 200],
      ['config:good:2', false, 401],
    ],
  );
  // The probe was a real request in the provider's own protocol.
  const probe = context.mocks.good!.requests.at(-2)!;
  assert.equal(probe.url, '/v1/chat/completions');
  assert.equal((probe.body as { model: string }).model, 'm');
  assert.equal((await admin('/api/providers/nope/probe')).status, 404);
  assert.equal((await admin('/api/providers/good/probe', { model: 7 })).status, 400);
});

test('a passing probe closes an open circuit', async () => {
  const provider = context.gateway.state.current().providers.get('good')!;
  const candidate = { provider, model: 'm', credential: provider.credentials[0] };
  context.gateway.router.health.acquire(candidate)?.fail();
  assert.equal(context.gateway.router.health.breaker(candidate).state, 'open');
  const { results } = (await (await admin('/api/providers/good/probe')).json()) as { results: Result[] };
  assert.equal(results[0]?.ok, true);
  assert.equal(context.gateway.router.health.breaker(candidate).state, 'closed');
});

test('probing every route goes end to end, failover included', async () => {
  const response = await admin('/api/probes');
  assert.equal(response.status, 200);
  const { results } = (await response.json()) as { results: Result[] };
  const byTarget = new Map(results.map((result) => [result.target, result]));
  assert.deepEqual([...byTarget.keys()].sort(), ['bad/m', 'chain:resilient', 'fast', 'good/m']);
  assert.equal(byTarget.get('fast')?.ok, true);
  // Whichever key the pool starts with, a refused key (401) falls over to the good one.
  assert.equal(byTarget.get('good/m')?.ok, true);
  assert.equal(byTarget.get('good/m')?.credential, 'config:good:1');
  assert.equal(byTarget.get('bad/m')?.ok, false);
  assert.equal(byTarget.get('bad/m')?.status, 500);
  // The chain's first step is down, the second serves: the route works.
  assert.equal(byTarget.get('chain:resilient')?.ok, true);
  assert.equal(byTarget.get('chain:resilient')?.provider, 'good');
});

test('the CLI probes a provider and exits non-zero when a probe fails', async () => {
  let mock: MockUpstream | undefined;
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-probe-cli-'));
  try {
    mock = await startMockUpstream({});
    const file = join(directory, 'switchyard.yaml');
    writeFileSync(
      file,
      [
        `dataDir: ${join(directory, 'data')}`,
        'providers:',
        `  - { id: up, protocol: openai-chat, baseUrl: "${mock.url}/v1", apiKey: sk-up, models: [m] }`,
        `  - { id: down, protocol: openai-chat, baseUrl: "${mock.url}/fault/503/v1", apiKey: sk-down, models: [m] }`,
        '',
      ].join('\n'),
    );
    // Asynchronous: the mock upstream runs in this process and must keep answering.
    const cli = (...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'probe', ...args, '--config', file], { env: { ...process.env, SWITCHYARD_CONFIG: '' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const up = await cli('up');
    assert.equal(up.status, 0, up.stderr + up.stdout);
    assert.match(up.stdout, /^ok {4}up\/m via up\/m \(config:up\) {2}200/m);
    const all = await cli();
    assert.equal(all.status, 1, all.stderr);
    assert.match(all.stdout, /^ok {4}up\/m/m);
    assert.match(all.stdout, /^FAIL {2}down\/m .*503/m);
  } finally {
    await mock?.close();
    rmSync(directory, { recursive: true, force: true });
  }
});
