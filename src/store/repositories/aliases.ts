import type { Db } from '../database.js';
import type { ModelAliasesTable } from '../schema.js';

export async function setAlias(db: Db, name: string, target: string): Promise<void> {
  await db
    .insertInto('model_aliases')
    .values({ name, target, created_at: Date.now() })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ target }))
    .execute();
}

export function listAliases(db: Db): Promise<ModelAliasesTable[]> {
  return db.selectFrom('model_aliases').selectAll().orderBy('name').execute();
}
