import type { Db } from '../database.js';
import type { ModelAliasesTable } from '../schema.js';

export async function setAlias(db: Db, name: string, target: string, groupId: string | null = null): Promise<void> {
  await db
    .insertInto('model_aliases')
    .values({ name, target, created_at: Date.now(), group_id: groupId })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ target, group_id: groupId }))
    .execute();
}

export function listAliases(db: Db): Promise<ModelAliasesTable[]> {
  return db.selectFrom('model_aliases').selectAll().orderBy('name').execute();
}

export async function deleteAlias(db: Db, name: string): Promise<boolean> {
  const result = await db.deleteFrom('model_aliases').where('name', '=', name).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
