import type { Snapshot } from '../pipeline/snapshot.js';
import type { CounterBackend } from '../policy/counters.js';
import { spendCounterKey, tokensCounterKey } from '../policy/enforcer.js';
import { periodWindow } from '../policy/period.js';
import type { Db } from '../store/database.js';

/**
 * In-memory counters start empty, so a restart would forget what keys
 * already spent this period. At start the spend and token counters of every
 * key with a budget are loaded from the usage table (rows written so far,
 * i.e. all but the last batch window). Redis keeps its counters across
 * gateway restarts and is not seeded.
 */
export async function seedSpendCounters(options: { db: Db; snapshot: Snapshot; backend: CounterBackend; now: number }): Promise<number> {
  const { db, snapshot, backend, now } = options;
  let seeded = 0;
  for (const key of snapshot.keysByHash.values()) {
    const plan = key.plan;
    if (plan === null || (plan.spendLimitMicros === null && plan.tokenLimit === null)) continue;
    const window = periodWindow(plan.resetPeriod, now);
    const totals = await db
      .selectFrom('usage')
      .select((builder) => [builder.fn.sum<number>('cost_micros').as('cost'), builder.fn.sum<number>('input_tokens').as('input'), builder.fn.sum<number>('output_tokens').as('output')])
      .where('key_id', '=', key.id)
      .where('created_at', '>=', window.start)
      .executeTakeFirst();
    const ttlMs = window.end === null ? 0 : window.end - now + 86_400_000;
    const adjustments = [];
    if (plan.spendLimitMicros !== null) adjustments.push({ key: spendCounterKey(key.id, window.start), delta: Number(totals?.cost ?? 0), ttlMs });
    if (plan.tokenLimit !== null) adjustments.push({ key: tokensCounterKey(key.id, window.start), delta: Number(totals?.input ?? 0) + Number(totals?.output ?? 0), ttlMs });
    await backend.adjust(adjustments);
    seeded += 1;
  }
  return seeded;
}
