import assert from 'node:assert/strict';
import { test } from 'node:test';
import { budgetToEffort, effortToBudget } from './reasoning.js';

test('effort → budget → effort is the identity', () => {
  for (const effort of ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const) {
    assert.equal(budgetToEffort(effortToBudget(effort)), effort);
  }
});

test('budgets between bands round down', () => {
  assert.equal(budgetToEffort(31999), 'high');
  assert.equal(budgetToEffort(1500), 'minimal');
  assert.equal(budgetToEffort(500), 'minimal');
});
