import type { Db } from '../database.js';
import type { UsageTable } from '../schema.js';

export type UsageRow = UsageTable;

/** One transaction per batch: a batch lands whole or not at all. */
export async function insertUsageBatch(db: Db, rows: UsageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (transaction) => {
    // SQLite caps bound parameters per statement; 19 columns × 200 rows stays under it.
    for (let start = 0; start < rows.length; start += 200) {
      await transaction.insertInto('usage').values(rows.slice(start, start + 200)).execute();
    }
  });
}

export function listUsage(db: Db, options: { limit?: number; keyId?: string } = {}): Promise<UsageRow[]> {
  let query = db.selectFrom('usage').selectAll().orderBy('created_at', 'desc').limit(options.limit ?? 100);
  if (options.keyId !== undefined) query = query.where('key_id', '=', options.keyId);
  return query.execute();
}
