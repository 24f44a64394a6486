import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './load.js';

const provider = { id: 'a', baseUrl: 'http://127.0.0.1:1/v1', models: ['m'] };

test('chains: steps as strings or objects, defaults filled in', () => {
  const config = loadConfig({
    env: {},
    overrides: {
      providers: [provider],
      chains: { coding: { strategy: 'cheapest', affinity: true, steps: ['a/m', { target: 'a/m', tier: 1, weight: 2 }] } },
    },
  });
  assert.deepEqual(config.chains.coding, { strategy: 'cheapest', affinity: true, steps: ['a/m', { target: 'a/m', tier: 1, weight: 2 }] });
  assert.equal(config.routing.retries, 1);
  assert.equal(config.routing.breakerFailureThreshold, 3);
});

test('a chain with an unknown strategy, an unknown key, or no steps is refused with its path', () => {
  const refuse = (chains: unknown, pattern: RegExp): void => {
    assert.throws(() => loadConfig({ env: {}, overrides: { chains } }), (error: unknown) => error instanceof ConfigError && pattern.test(error.message));
  };
  refuse({ c: { strategy: 'fastest-ish', steps: ['a/m'] } }, /chains\.c\.strategy/);
  refuse({ c: { steps: ['a/m'], stickiness: true } }, /unknown configuration key "chains\.c\.stickiness"/);
  refuse({ c: { steps: [] } }, /at least one step/);
  refuse({ c: { steps: [{ target: 'a/m', tier: -1 }] } }, /chains\.c\.steps\.0/);
});

test('routing and per-provider timeouts are validated; environment variables reach them', () => {
  assert.throws(() => loadConfig({ env: {}, overrides: { routing: { retrys: 2 } } }), /unknown configuration key "routing\.retrys"/);
  assert.throws(() => loadConfig({ env: {}, overrides: { providers: [{ ...provider, timeouts: { headerMs: 5 } }] } }), /headerMs/);
  const config = loadConfig({ env: { SWITCHYARD_ROUTING__RETRIES: '3' }, overrides: { providers: [{ ...provider, timeouts: { headersMs: 5000 } }] } });
  assert.equal(config.routing.retries, 3);
  assert.equal(config.providers[0]?.timeouts?.headersMs, 5000);
});
