import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import { openPinnedSqlite } from './pinned-sqlite.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/** The better-sqlite3 connection under a Kysely instance, for the few hot writes that skip query building. */
const sqliteConnections = new WeakMap<Db, SqliteDatabase.Database>();

/**
 * The SQLite connection behind `db`, or undefined when `db` is not a SQLite
 * database opened here (a PostgreSQL backend, a test's own Kysely): callers
 * then take their portable Kysely path.
 */
export function sqliteConnectionOf(db: Db): SqliteDatabase.Database | undefined {
  return sqliteConnections.get(db);
}

export interface OpenDatabaseOptions {
  /** SQLite file path (or ":memory:"); postgres:// URLs arrive with the PostgreSQL backend. */
  url?: string;
  dataDir: string;
}

function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // WAL lets the dashboard read while usage batches write; NORMAL sync is
  // durable across process crashes (only an OS crash can lose the last commit).
  const { database, forKysely } = openPinnedSqlite(path, 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: forKysely }) });
  sqliteConnections.set(db, database);
  return db;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  const url = options.url ?? join(options.dataDir, 'switchyard.db');
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('PostgreSQL is not available in this version; use a SQLite path');
  }
  const db = openSqlite(url.replace(/^sqlite:(\/\/)?/, ''));
  await migrate(db);
  return db;
}

export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
