import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli, pickedUp } from '../helpers/cli.js';
import { startTestGateway } from '../helpers/gateway.js';

// Each CLI run starts a Node process with tsx (seconds on a loaded machine),
// so the CLI tests are spread over two files.
test('the CLI creates a plan and a key a running gateway enforces, and reports usage', async () => {
  const context = await startTestGateway();
  try {
    const plan = JSON.parse(cli(context.dataDir, 'plans', 'create', '--name', 'two a minute', '--rpm', '2', '--allow', 'mock-*', '--json')) as { id: string; rpm: number };
    assert.equal(plan.rpm, 2);
    const created = JSON.parse(cli(context.dataDir, 'keys', 'create', '--name', 'cli-key', '--plan', plan.id, '--tag', 'ci', '--json')) as { key: { id: string; tags: string[] }; secret: string };
    assert.match(created.secret, /^sk-sy-/);
    assert.deepEqual(created.key.tags, ['ci']);
    await pickedUp();

    const statuses = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await fetch(`${context.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock/mock-small', messages: [{ role: 'user', content: 'hi' }] }),
      });
      statuses.push(response.status);
    }
    // Two a minute, unless the minute turned between the requests.
    assert.ok(statuses.join() === '200,200,429' || statuses.join() === '200,200,200', statuses.join());

    await context.gateway.usage.flush();
    const byKey = JSON.parse(cli(context.dataDir, 'usage', '--by', 'key', '--key', created.key.id, '--json')) as Array<{ bucket: string; requests: number }>;
    assert.deepEqual(byKey.map((row) => [row.bucket, row.requests]), [[created.key.id, 3]]);
  } finally {
    await context.close();
  }
});
