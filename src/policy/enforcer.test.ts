import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayError } from '../core/errors.js';
import { createEnforcer, type PolicyAlert } from './enforcer.js';
import { createMemoryCounters } from './memory-counters.js';
import { compileModelPatterns } from './model-pattern.js';
import { periodWindow } from './period.js';
import type { Plan, ResetPeriod } from './plan.js';

function plan(overrides: Partial<Plan>): Plan {
  return {
    id: 'plan_test',
    name: 'test',
    spendLimitMicros: null,
    tokenLimit: null,
    rpm: null,
    tpm: null,
    concurrency: null,
    requestsPerHour: null,
    requestsPerDay: null,
    maxInputTokens: null,
    maxOutputTokens: null,
    resetPeriod: 'monthly',
    allowedModels: [],
    alertThresholdPercent: null,
    hardCutoff: true,
    ...overrides,
  };
}

const price = { input: 1, output: 1 };

function setup(limits: Partial<Plan>, start: number) {
  let now = start;
  const alerts: PolicyAlert[] = [];
  const enforcer = createEnforcer({ backend: createMemoryCounters({ now: () => now }), now: () => now, onAlert: (alert) => alerts.push(alert) });
  const thePlan = plan(limits);
  const spend = async (cost: number) => {
    const reservation = await enforcer.admit({ keyId: 'key_a', plan: thePlan, inputTokens: cost / 2, outputTokens: cost / 2, price });
    await enforcer.settle(reservation, { costMicros: cost, tokens: cost });
  };
  return { enforcer, alerts, spend, setNow: (value: number) => (now = value), plan: thePlan };
}

async function refused(promise: Promise<unknown>, code: string): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GatewayError);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected ${code}`);
}

const resetCases: Array<{ period: ResetPeriod; start: string; sameWindow: string; nextWindow: string }> = [
  { period: 'daily', start: '2026-03-10T08:00:00Z', sameWindow: '2026-03-10T23:59:59Z', nextWindow: '2026-03-11T00:00:00Z' },
  // 2026-03-10 is a Tuesday: the week runs Monday 9th to Sunday 15th.
  { period: 'weekly', start: '2026-03-10T08:00:00Z', sameWindow: '2026-03-15T23:00:00Z', nextWindow: '2026-03-16T00:00:00Z' },
  { period: 'monthly', start: '2026-03-10T08:00:00Z', sameWindow: '2026-03-31T23:59:00Z', nextWindow: '2026-04-01T00:00:00Z' },
];

for (const { period, start, sameWindow, nextWindow } of resetCases) {
  test(`a ${period} budget refuses until the period turns, then starts from zero`, async () => {
    const { spend, setNow } = setup({ spendLimitMicros: 100, resetPeriod: period }, Date.parse(start));
    await spend(60);
    await refused(spend(60), 'SY_BUDGET_EXHAUSTED');
    setNow(Date.parse(sameWindow));
    const error = await refused(spend(60), 'SY_BUDGET_EXHAUSTED');
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterSeconds, Math.ceil((Date.parse(nextWindow) - Date.parse(sameWindow)) / 1000));
    setNow(Date.parse(nextWindow));
    await spend(60);
    await refused(spend(60), 'SY_BUDGET_EXHAUSTED');
  });
}

test('a total budget never resets', async () => {
  const { spend, setNow } = setup({ spendLimitMicros: 100, resetPeriod: 'total' }, Date.parse('2026-01-01T00:00:00Z'));
  await spend(90);
  setNow(Date.parse('2030-01-01T00:00:00Z'));
  const error = await refused(spend(20), 'SY_BUDGET_EXHAUSTED');
  assert.equal(error.retryAfterSeconds, undefined);
  assert.match(error.message, /does not reset/);
});

test('alerts fire once per threshold crossing, and again in the next period', async () => {
  const { spend, alerts, setNow } = setup({ spendLimitMicros: 100, alertThresholdPercent: 80, hardCutoff: false, resetPeriod: 'daily' }, Date.parse('2026-03-10T08:00:00Z'));
  for (let index = 0; index < 7; index += 1) await spend(10);
  assert.equal(alerts.length, 0);
  await spend(10);
  assert.deepEqual(alerts.map((alert) => [alert.metric, alert.thresholdPercent, alert.used]), [['spend', 80, 80]]);
  await spend(10);
  await spend(10);
  await spend(10);
  // Hard cutoff off: tracked past the limit, the 100 % alert once.
  assert.deepEqual(alerts.map((alert) => alert.thresholdPercent), [80, 100]);
  await spend(50);
  assert.equal(alerts.length, 2);
  setNow(Date.parse('2026-03-11T01:00:00Z'));
  await spend(85);
  assert.deepEqual(alerts.map((alert) => alert.thresholdPercent), [80, 100, 80]);
});

test('a failed request releases its reservation and its concurrency slot', async () => {
  const { enforcer, plan: thePlan } = setup({ spendLimitMicros: 100, concurrency: 1 }, Date.parse('2026-03-10T08:00:00Z'));
  const first = await enforcer.admit({ keyId: 'key_a', plan: thePlan, inputTokens: 40, outputTokens: 40, price });
  await refused(enforcer.admit({ keyId: 'key_a', plan: thePlan, inputTokens: 1, outputTokens: 1, price }), 'SY_RATE_LIMITED');
  await enforcer.settle(first, { costMicros: 0, tokens: 0 });
  const second = await enforcer.admit({ keyId: 'key_a', plan: thePlan, inputTokens: 50, outputTokens: 50, price });
  await enforcer.settle(second, { costMicros: 100, tokens: 100 });
  await refused(enforcer.admit({ keyId: 'key_a', plan: thePlan, inputTokens: 1, outputTokens: 0, price }), 'SY_BUDGET_EXHAUSTED');
});

test('requests per hour and per day are separate windows', async () => {
  const { spend, setNow } = setup({ requestsPerHour: 2, requestsPerDay: 3 }, Date.parse('2026-03-10T08:10:00Z'));
  await spend(1);
  await spend(1);
  const hourly = await refused(spend(1), 'SY_RATE_LIMITED');
  assert.equal(hourly.retryAfterSeconds, 50 * 60);
  setNow(Date.parse('2026-03-10T09:00:00Z'));
  await spend(1);
  const daily = await refused(spend(1), 'SY_RATE_LIMITED');
  assert.match(daily.message, /3 requests per day/);
});

test('model patterns: exact names and wildcards', () => {
  const matcher = compileModelPatterns(['claude-*', 'openai/gpt-4o-mini', '*-flash']);
  assert.ok(matcher('claude-sonnet-4-5'));
  assert.ok(matcher('openai/gpt-4o-mini'));
  assert.ok(matcher('gemini-2.5-flash'));
  assert.ok(!matcher('gpt-4o'));
  assert.ok(!matcher('openai/gpt-4o-mini-2024'));
  assert.ok(!matcher('xclaude-3'));
  assert.ok(compileModelPatterns([])('anything'));
});

test('period windows are UTC days, Monday weeks and calendar months', () => {
  const at = Date.parse('2026-03-15T12:00:00Z'); // a Sunday
  assert.equal(new Date(periodWindow('weekly', at).start).toISOString(), '2026-03-09T00:00:00.000Z');
  assert.equal(new Date(periodWindow('monthly', at).end ?? 0).toISOString(), '2026-04-01T00:00:00.000Z');
  assert.equal(new Date(periodWindow('daily', at).start).toISOString(), '2026-03-15T00:00:00.000Z');
});

test('prompt token caps: short prompts pass untokenized, long ones are sampled, near ones counted', async () => {
  const { promptWithinTokens } = await import('./request-shape.js');
  const body = (text: string) => ({ messages: [{ role: 'user', content: text }] });
  assert.ok((await promptWithinTokens(body('short'), 10)));
  const long = 'The quick brown fox jumps over the lazy dog. '.repeat(4600); // 46,001 tokens
  assert.ok((await promptWithinTokens(body(long), 100_000)));
  assert.ok(!(await promptWithinTokens(body(long), 8000)));
  assert.ok((await promptWithinTokens(body(long), 46_100)));
  assert.ok(!(await promptWithinTokens(body(long), 45_900)));
  // Chinese runs near one token per character: the sample learns that.
  const chinese = '这是一个关于网关的测试句子。'.repeat(3000);
  assert.ok(!(await promptWithinTokens(body(chinese), 20_000)));
});
