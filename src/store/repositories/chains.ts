import type { Db } from '../database.js';
import type { ChainsTable } from '../schema.js';

export interface ChainInput {
  name: string;
  groupId?: string | null;
  strategy: string;
  steps: Array<{ target: string; tier?: number; weight?: number }>;
  affinity?: boolean;
}

export async function upsertChain(db: Db, input: ChainInput, now = Date.now()): Promise<void> {
  const values = { group_id: input.groupId ?? null, strategy: input.strategy, steps_json: JSON.stringify(input.steps), affinity: input.affinity === true ? 1 : 0 };
  await db
    .insertInto('chains')
    .values({ name: input.name, created_at: now, ...values })
    .onConflict((conflict) => conflict.column('name').doUpdateSet(values))
    .execute();
}

export function listChains(db: Db): Promise<ChainsTable[]> {
  return db.selectFrom('chains').selectAll().orderBy('name').execute();
}

export async function deleteChain(db: Db, name: string): Promise<boolean> {
  const result = await db.deleteFrom('chains').where('name', '=', name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
