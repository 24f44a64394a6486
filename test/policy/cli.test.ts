import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { startTestGateway } from '../helpers/gateway.js';

function cli(dataDir: string, ...args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, SWITCHYARD_CONFIG: '' } });
  assert.equal(result.status, 0, `switchyard ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** The running gateway polls the store's state version once a second. */
const pickedUp = () => new Promise((resolve) => setTimeout(resolve, 1300));

// Each CLI run starts a Node process with tsx (seconds on a loaded machine): a longer timeout.
test('the CLI manages plans and keys of a running gateway, and reports usage', { timeout: 240_000 }, async () => {
  const context = await startTestGateway();
  try {
    const plan = JSON.parse(cli(context.dataDir, 'plans', 'create', '--name', 'two a minute', '--rpm', '2', '--allow', 'mock-*', '--json')) as { id: string; rpm: number };
    assert.equal(plan.rpm, 2);
    const created = JSON.parse(cli(context.dataDir, 'keys', 'create', '--name', 'cli-key', '--plan', plan.id, '--tag', 'ci', '--json')) as { key: { id: string }; secret: string };
    assert.match(created.secret, /^sk-sy-/);
    assert.match(cli(context.dataDir, 'keys', 'list'), new RegExp(`${created.key.id}\\tcli-key\\t.*enabled\\t-\\t${plan.id}`));
    await pickedUp();

    const send = () =>
      fetch(`${context.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock/mock-small', messages: [{ role: 'user', content: 'hi' }] }),
      });
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await send()).status);
    // Two a minute, unless the minute turned between the requests.
    assert.ok(statuses.join() === '200,200,429' || statuses.join() === '200,200,200', statuses.join());

    await context.gateway.usage.flush();
    const byKey = JSON.parse(cli(context.dataDir, 'usage', '--by', 'key', '--key', created.key.id, '--json')) as Array<{ bucket: string; requests: number }>;
    assert.deepEqual(byKey.map((row) => [row.bucket, row.requests]), [[created.key.id, 3]]);

    cli(context.dataDir, 'keys', 'disable', created.key.id);
    await pickedUp();
    assert.equal((await send()).status, 401);

    const failed = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'plans', 'create', '--name', 'bad', '--rpm', 'lots', '--data-dir', context.dataDir], { encoding: 'utf8', env: { ...process.env, SWITCHYARD_CONFIG: '' } });
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /--rpm must be a number/);
  } finally {
    await context.close();
  }
});
