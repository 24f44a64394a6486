import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRoutingGateway } from '../helpers/routing-gateway.js';

/** Credential pools and session affinity end to end: which key the upstream saw. */
const keys = ['sk-pool-1', 'sk-pool-2', 'sk-pool-3'];

function keyOf(request: { headers: Record<string, string | string[] | undefined> }): string {
  return String(request.headers.authorization).replace('Bearer ', '');
}

test('a credential pool spreads requests round robin over its keys', async () => {
  const context = await startRoutingGateway({
    mocks: { a: {} },
    configure: (mocks) => ({ providers: [{ id: 'a', protocol: 'openai-chat', baseUrl: `${mocks.a!.url}/v1`, apiKeys: keys, models: ['m'] }] }),
  });
  try {
    for (let index = 0; index < 6; index += 1) {
      const response = await context.chat({ model: 'a/m', messages: [{ role: 'user', content: `turn ${index}` }] });
      assert.equal(response.status, 200);
    }
    assert.deepEqual(context.mocks.a!.requests.map(keyOf), [...keys, ...keys]);
  } finally {
    await context.close();
  }
});

test('affinity keeps a conversation on its key, fails over when that key fails, then sticks to the new one', async () => {
  const context = await startRoutingGateway({
    mocks: { a: {} },
    configure: (mocks) => ({
      providers: [{ id: 'a', protocol: 'openai-chat', baseUrl: `${mocks.a!.url}/v1`, apiKeys: keys, models: ['m'] }],
      chains: { sticky: { strategy: 'priority', steps: ['a/m'], affinity: true } },
      routing: { retries: 0 },
    }),
  });
  try {
    const mock = context.mocks.a!;
    const conversation = (turn: string): Record<string, unknown> => ({
      model: 'sticky',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'answer' },
        { role: 'user', content: turn },
      ],
    });
    // Another conversation moves the pool's round robin between turns.
    const other = { model: 'sticky', messages: [{ role: 'user', content: 'a different conversation' }] };
    for (const turn of ['t1', 't2', 't3']) {
      assert.equal((await context.chat(conversation(turn))).status, 200);
      assert.equal((await context.chat(other)).status, 200);
    }
    const conversationKeys = mock.requests.filter((_request, index) => index % 2 === 0).map(keyOf);
    assert.equal(new Set(conversationKeys).size, 1, `one key for the conversation: ${conversationKeys.join(', ')}`);
    const pinned = conversationKeys[0]!;
    // The pinned key fails (503): the turn is served by another key, which becomes the new pin.
    mock.context.faults.push({ kind: '503' });
    const before = mock.requests.length;
    assert.equal((await context.chat(conversation('t4'))).status, 200);
    const [failedOn, servedOn] = mock.requests.slice(before).map(keyOf);
    assert.equal(failedOn, pinned);
    assert.notEqual(servedOn, pinned);
    assert.equal((await context.chat(conversation('t5'))).status, 200);
    assert.equal(keyOf(mock.requests.at(-1)!), servedOn);
  } finally {
    await context.close();
  }
});

test('an explicit session id (x-claude-code-session-id) pins a conversation whatever its messages', async () => {
  const context = await startRoutingGateway({
    mocks: { a: {} },
    configure: (mocks) => ({
      providers: [{ id: 'a', protocol: 'openai-chat', baseUrl: `${mocks.a!.url}/v1`, apiKeys: keys, models: ['m'] }],
      chains: { sticky: { strategy: 'priority', steps: ['a/m'], affinity: true } },
    }),
  });
  try {
    for (let index = 0; index < 4; index += 1) {
      const response = await context.chat({ model: 'sticky', messages: [{ role: 'user', content: `unrelated ${index}` }] }, { 'x-claude-code-session-id': 'session-42' });
      assert.equal(response.status, 200);
    }
    assert.equal(new Set(context.mocks.a!.requests.map(keyOf)).size, 1);
  } finally {
    await context.close();
  }
});
