import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestGateway } from '../helpers/gateway.js';
import { awayFromMinuteEdge, burst, keyOnPlan, settledTotals } from './limits-helpers.js';

// "hello" is 3 input + 4 output tokens at the mock (see limits-memory.test.ts).
const tokensPerRequest = 7;

test('TPM: settled tokens in the minute never pass the limit', async () => {
  const context = await startTestGateway();
  try {
    const tpm = 40 * tokensPerRequest;
    const { key, keyId } = await keyOnPlan(context.gateway.db, { name: 'tpm', tpm });
    await context.gateway.state.reload();
    await awayFromMinuteEdge();
    const outcomes = await burst({ url: context.gateway.url, key, count: 200 });
    const ok = outcomes.filter((outcome) => outcome.status === 200).length;
    assert.ok(outcomes.filter((outcome) => outcome.status === 429).every((outcome) => outcome.retryAfter !== null));
    await context.gateway.usage.flush();
    const totals = await settledTotals(context.gateway.db, keyId);
    assert.ok(totals.tokens <= tpm, `${totals.tokens} tokens > ${tpm}`);
    assert.ok(ok >= 1 && ok <= 40, `${ok} admitted`);
    assert.ok(ok < 200);
  } finally {
    await context.close();
  }
});
