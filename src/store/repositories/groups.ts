import type { Db } from '../database.js';
import type { GroupsTable } from '../schema.js';

export interface GroupInput {
  id: string;
  name?: string;
  defaultPlanId?: string | null;
}

export async function upsertGroup(db: Db, input: GroupInput, now = Date.now()): Promise<void> {
  const values = { name: input.name ?? input.id, default_plan_id: input.defaultPlanId ?? null };
  await db
    .insertInto('groups')
    .values({ id: input.id, created_at: now, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute();
}

export function listGroups(db: Db): Promise<GroupsTable[]> {
  return db.selectFrom('groups').selectAll().orderBy('id').execute();
}

export function getGroup(db: Db, id: string): Promise<GroupsTable | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteGroup(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('groups').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
