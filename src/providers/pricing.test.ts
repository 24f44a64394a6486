import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costMicros } from './pricing.js';

test('cost splits cached and uncached input (Bifrost formula)', () => {
  // 1000 prompt tokens of which 600 read from cache, 100 written; 200 output.
  const usage = { inputTokens: 1000, cacheReadTokens: 600, cacheWriteTokens: 100, outputTokens: 200, reasoningTokens: 50 };
  const price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
  // 300×3 + 600×0.3 + 100×3.75 + 200×15 = 900 + 180 + 375 + 3000 micro-USD
  assert.equal(costMicros(usage, price), 4455);
});

test('missing cache rates fall back to the input rate', () => {
  const usage = { inputTokens: 100, cacheReadTokens: 50, cacheWriteTokens: 0, outputTokens: 10, reasoningTokens: 0 };
  assert.equal(costMicros(usage, { input: 1, output: 2 }), 100 + 20);
});
