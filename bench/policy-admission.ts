// Cost of policy on the hot path: `npx tsx bench/policy-admission.ts`.
// Measures admit + settle against the in-memory counters for a plan with
// every limit set, and the per-request prompt checks on a 200 KB prompt.
import { performance } from 'node:perf_hooks';
import { createEnforcer } from '../src/policy/enforcer.js';
import { createMemoryCounters } from '../src/policy/memory-counters.js';
import type { Plan } from '../src/policy/plan.js';
import { estimateInputTokens, promptWithinTokens } from '../src/policy/request-shape.js';

const plan: Plan = {
  id: 'plan_bench',
  name: 'bench',
  spendLimitMicros: 1e15,
  tokenLimit: 1e15,
  rpm: 1e9,
  tpm: 1e12,
  concurrency: 1e6,
  requestsPerHour: 1e9,
  requestsPerDay: 1e9,
  maxInputTokens: null,
  maxOutputTokens: null,
  resetPeriod: 'monthly',
  allowedModels: [],
  alertThresholdPercent: 80,
  hardCutoff: true,
};
const enforcer = createEnforcer({ backend: createMemoryCounters() });
const price = { input: 3, output: 15 };

async function measure(label: string, iterations: number, run: () => Promise<void> | void): Promise<void> {
  for (let index = 0; index < Math.min(1000, iterations); index += 1) await run();
  const start = performance.now();
  for (let index = 0; index < iterations; index += 1) await run();
  const perCall = ((performance.now() - start) / iterations) * 1000;
  process.stdout.write(`${label}: ${perCall.toFixed(1)} µs per request\n`);
}

await measure('admit + settle, every limit set (memory counters)', 50_000, async () => {
  const reservation = await enforcer.admit({ keyId: 'key_bench', plan, inputTokens: 500, outputTokens: 1024, price });
  await enforcer.settle(reservation, { costMicros: 100, tokens: 600 });
});

const prompt = 'The quick brown fox jumps over the lazy dog. '.repeat(4600);
const body = { model: 'x', messages: [{ role: 'user', content: prompt }] };
process.stdout.write(`prompt: ${Buffer.byteLength(JSON.stringify(body))} bytes\n`);
await measure('bytes/4 estimate (always)', 100_000, () => void estimateInputTokens(210_000));
await measure('max-input check, 200 KB prompt, limit 300k tokens (fits by length, no tokenizing)', 200, () => void promptWithinTokens(body, 300_000));
await measure('max-input check, 200 KB prompt (~46k tokens), limit 100k (sampled, well under)', 200, () => void promptWithinTokens(body, 100_000));
await measure('max-input check, 200 KB prompt (~46k tokens), limit 8k (sampled, well over)', 200, () => void promptWithinTokens(body, 8000));
await measure('max-input check, 200 KB prompt (~46k tokens), limit 50k (near: counted exactly)', 20, () => void promptWithinTokens(body, 50_000));
