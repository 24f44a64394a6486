import { sql } from 'kysely';
import type { Db } from '../../src/store/database.js';
import { createGatewayKey, type GatewayKeySettings } from '../../src/store/repositories/gateway-keys.js';
import { upsertPlan, type PlanInput } from '../../src/store/repositories/plans.js';

/** A plan and a key on it, written straight to the store (the admin API is tested on its own). */
export async function keyOnPlan(db: Db, plan: PlanInput, settings: GatewayKeySettings = {}): Promise<{ key: string; keyId: string; planId: string }> {
  const planId = await upsertPlan(db, plan);
  const created = await createGatewayKey(db, { name: 'limited', planId, ...settings });
  return { key: created.key, keyId: created.id, planId };
}

export interface Outcome {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
}

/** Fires `count` chat requests at once and waits for every answer. */
export async function burst(options: { url: string; key: string; count: number; body?: Record<string, unknown> }): Promise<Outcome[]> {
  const body = JSON.stringify(options.body ?? { model: 'fast', max_tokens: 10, messages: [{ role: 'user', content: 'hello' }] });
  return Promise.all(
    Array.from({ length: options.count }, async () => {
      const response = await fetch(`${options.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
        body,
      });
      const parsed = (await response.json()) as { error?: { code?: string } };
      return { status: response.status, code: parsed.error?.code, retryAfter: response.headers.get('retry-after') };
    }),
  );
}

export async function settledTotals(db: Db, keyId: string): Promise<{ rows: number; ok: number; cost: number; tokens: number }> {
  const row = await db
    .selectFrom('usage')
    .select([
      sql<number>`count(*)`.as('rows'),
      sql<number>`sum(case when status = 200 then 1 else 0 end)`.as('ok'),
      sql<number>`coalesce(sum(cost_micros), 0)`.as('cost'),
      sql<number>`coalesce(sum(input_tokens + output_tokens), 0)`.as('tokens'),
    ])
    .where('key_id', '=', keyId)
    .executeTakeFirstOrThrow();
  return { rows: Number(row.rows), ok: Number(row.ok), cost: Number(row.cost), tokens: Number(row.tokens) };
}

/** Fixed one-minute windows: start a per-minute burst well inside a window so it cannot straddle two. */
export async function awayFromMinuteEdge(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 8000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
