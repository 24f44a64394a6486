import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli, pickedUp, runCli } from '../helpers/cli.js';
import { startTestGateway } from '../helpers/gateway.js';

test('the CLI lists and disables keys of a running gateway, and refuses bad input clearly', async () => {
  const context = await startTestGateway();
  try {
    assert.match(cli(context.dataDir, 'keys', 'list'), new RegExp(`^${context.keyId}\\ttest\\tsk-sy-.{4}…\\tenabled`, 'm'));
    cli(context.dataDir, 'keys', 'disable', context.keyId);
    await pickedUp();
    const response = await fetch(`${context.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${context.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(response.status, 401);
    const failed = runCli(context.dataDir, 'plans', 'create', '--name', 'bad', '--rpm', 'lots');
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /--rpm must be a number/);
  } finally {
    await context.close();
  }
});
