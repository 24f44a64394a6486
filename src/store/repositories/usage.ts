import { sql } from 'kysely';
import type { Database as SqliteConnection } from 'better-sqlite3';
import { sqliteConnectionOf, type Db } from '../database.js';
import type { UsageTable } from '../schema.js';

export type UsageRow = UsageTable;

/** Every column of a usage row, in the order the prepared INSERT binds them. */
const usageColumns = [
  'id',
  'created_at',
  'key_id',
  'provider',
  'model',
  'requested_model',
  'credential_id',
  'client_protocol',
  'upstream_protocol',
  'stream',
  'input_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'output_tokens',
  'reasoning_tokens',
  'cost_micros',
  'latency_ms',
  'ttft_ms',
  'status',
  'error_code',
  'group_id',
] as const satisfies readonly (keyof UsageRow)[];
// A column added to UsageTable but not above fails to compile here.
const everyColumnListed: Exclude<keyof UsageRow, (typeof usageColumns)[number]> extends never ? true : never = true;
void everyColumnListed;

type BatchInsert = (rows: UsageRow[]) => void;
const sqliteInserts = new WeakMap<SqliteConnection, BatchInsert>();

/**
 * One statement prepared once per connection, run once per row inside one
 * better-sqlite3 transaction. The Kysely path builds and compiles the query
 * each batch and its multi-row SQL text changes with the batch size, so
 * SQLite prepared a new statement every second; this was ~5 % of the
 * gateway's busy time at 50 connections (bench/README.md).
 */
function sqliteBatchInsert(connection: SqliteConnection): BatchInsert {
  let insert = sqliteInserts.get(connection);
  if (insert === undefined) {
    const statement = connection.prepare<unknown[]>(`insert into usage (${usageColumns.join(', ')}) values (${usageColumns.map(() => '?').join(', ')})`);
    const values: unknown[] = new Array<unknown>(usageColumns.length);
    insert = connection.transaction((rows: UsageRow[]) => {
      for (const row of rows) {
        for (let index = 0; index < usageColumns.length; index += 1) values[index] = row[usageColumns[index] as keyof UsageRow];
        statement.run(values);
      }
    });
    sqliteInserts.set(connection, insert);
  }
  return insert;
}

/** One transaction per batch: a batch lands whole or not at all. */
export async function insertUsageBatch(db: Db, rows: UsageRow[]): Promise<void> {
  if (rows.length === 0) return;
  const connection = sqliteConnectionOf(db);
  // While Kysely holds a transaction open on the same connection (an admin
  // write between its awaits), better-sqlite3 would nest ours in a savepoint
  // and a rollback of theirs would take our rows with it: queue behind it
  // through Kysely instead, which waits for the connection.
  if (connection !== undefined && !connection.inTransaction) {
    sqliteBatchInsert(connection)(rows);
    return;
  }
  await db.transaction().execute(async (transaction) => {
    // Chunks of 128, 64, …, 1 rows: SQLite caps bound parameters per statement
    // (21 columns × 128 rows stays under it), and each chunk size is one SQL
    // text, so the prepared statements kept by pinned-sqlite.ts stay a handful.
    for (let start = 0; start < rows.length; ) {
      const size = 2 ** Math.floor(Math.log2(Math.min(rows.length - start, 128)));
      await transaction.insertInto('usage').values(rows.slice(start, start + size)).execute();
      start += size;
    }
  });
}

export interface UsageFilter {
  keyId?: string;
  groupId?: string;
  provider?: string;
  model?: string;
  status?: number;
  /** Only failures (status ≥ 400). */
  errorsOnly?: boolean;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

export function listUsage(db: Db, options: UsageFilter & { limit?: number; offset?: number } = {}): Promise<UsageRow[]> {
  let query = db
    .selectFrom('usage')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0);
  if (options.keyId !== undefined) query = query.where('key_id', '=', options.keyId);
  if (options.groupId !== undefined) query = query.where('group_id', '=', options.groupId);
  if (options.provider !== undefined) query = query.where('provider', '=', options.provider);
  if (options.model !== undefined) query = query.where('model', '=', options.model);
  if (options.status !== undefined) query = query.where('status', '=', options.status);
  if (options.errorsOnly === true) query = query.where('status', '>=', 400);
  if (options.from !== undefined) query = query.where('created_at', '>=', options.from);
  if (options.to !== undefined) query = query.where('created_at', '<', options.to);
  return query.execute();
}

export const usageDimensions = ['key', 'model', 'provider', 'group', 'day'] as const;
export type UsageDimension = (typeof usageDimensions)[number];

export interface UsageAggregate {
  /** The key id, model, provider, group or day (YYYY-MM-DD, UTC). */
  bucket: string;
  requests: number;
  errors: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costMicros: number;
  averageLatencyMs: number;
}

const dayMs = 86_400_000;

/**
 * Totals grouped by key, model, provider, group or UTC day, for the dashboard
 * and `switchyard usage`. Portable SQL: the day is integer division of the
 * epoch-ms timestamp, the same on SQLite and PostgreSQL.
 */
export async function aggregateUsage(db: Db, by: UsageDimension, filter: UsageFilter = {}): Promise<UsageAggregate[]> {
  const column =
    by === 'key' ? sql<string>`coalesce(key_id, '')` : by === 'model' ? sql<string>`model` : by === 'provider' ? sql<string>`provider` : by === 'group' ? sql<string>`coalesce(group_id, '')` : sql<string>`created_at / ${sql.lit(dayMs)}`;
  let query = db
    .selectFrom('usage')
    .select([
      column.as('bucket'),
      sql<number>`count(*)`.as('requests'),
      sql<number>`sum(case when status >= 400 then 1 else 0 end)`.as('errors'),
      sql<number>`sum(input_tokens)`.as('input_tokens'),
      sql<number>`sum(cache_read_tokens)`.as('cache_read_tokens'),
      sql<number>`sum(cache_write_tokens)`.as('cache_write_tokens'),
      sql<number>`sum(output_tokens)`.as('output_tokens'),
      sql<number>`sum(reasoning_tokens)`.as('reasoning_tokens'),
      sql<number>`sum(cost_micros)`.as('cost_micros'),
      sql<number>`avg(latency_ms)`.as('latency'),
    ])
    .groupBy(column)
    .orderBy(column);
  if (filter.keyId !== undefined) query = query.where('key_id', '=', filter.keyId);
  if (filter.groupId !== undefined) query = query.where('group_id', '=', filter.groupId);
  if (filter.provider !== undefined) query = query.where('provider', '=', filter.provider);
  if (filter.model !== undefined) query = query.where('model', '=', filter.model);
  if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('created_at', '<', filter.to);
  const rows = await query.execute();
  return rows.map((row) => ({
    bucket: by === 'day' ? new Date(Number(row.bucket) * dayMs).toISOString().slice(0, 10) : String(row.bucket),
    requests: Number(row.requests),
    errors: Number(row.errors),
    inputTokens: Number(row.input_tokens),
    cacheReadTokens: Number(row.cache_read_tokens),
    cacheWriteTokens: Number(row.cache_write_tokens),
    outputTokens: Number(row.output_tokens),
    reasoningTokens: Number(row.reasoning_tokens),
    costMicros: Number(row.cost_micros),
    averageLatencyMs: Math.round(Number(row.latency) * 10) / 10,
  }));
}

export function countUsage(db: Db): Promise<number> {
  return db
    .selectFrom('usage')
    .select(sql<number>`count(*)`.as('count'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.count));
}
