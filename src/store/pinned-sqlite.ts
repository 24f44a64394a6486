import BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * A better-sqlite3 database for Kysely whose native objects are never
 * garbage-collected.
 *
 * Why: better-sqlite3 12 builds Database, Statement and StatementIterator on
 * `node::ObjectWrap`, which is header-only C++ compiled into the addon. From
 * Node 24.19 that header registers a cleanup hook per object, and the
 * destructor removes it with a CHECK that a Node context is current
 * (nodejs/node#65446). V8 runs the destructor from the GC, and a GC started by
 * an allocation in JIT code has no such context: an addon built against those
 * headers aborts the process ("Assertion failed: (env) != nullptr", SIGABRT)
 * the first time a major GC collects a dropped statement. Kysely's driver
 * prepares a fresh statement for every query, so a gateway died within
 * seconds of starting. better-sqlite3 13 no longer uses ObjectWrap but needs
 * Node 22; we support Node 20.
 *
 * So nothing here ever becomes garbage:
 * - one prepared statement per SQL text, reused (also saves a prepare per
 *   query). The texts are the finite query shapes of repositories/ —
 *   parameters are always bound, never spliced into SQL;
 * - rows are read with all(), never iterate(), so no StatementIterator exists;
 * - pragmas go through exec(), which makes no Statement object;
 * - every database opened stays referenced for the life of the process. Once
 *   closed, SQLite has freed its memory and finalized its statements; only
 *   the small JS/C++ shells remain (a process opens one or two; tests, dozens).
 */
const everyDatabase: PinnedSqlite[] = [];

interface PinnedSqlite {
  database: BetterSqlite3.Database;
  statements: Map<string, SqliteStatement>;
}

/**
 * Opens `path` and runs `setup` (pragmas). `forKysely` is the database in
 * Kysely's shape; `database` is the connection itself, for the hot writes
 * that prepare their one statement once (repositories/usage.ts).
 */
export function openPinnedSqlite(path: string, setup: string): { database: BetterSqlite3.Database; forKysely: SqliteDatabase } {
  const pinned: PinnedSqlite = { database: new BetterSqlite3(path), statements: new Map() };
  everyDatabase.push(pinned);
  pinned.database.exec(setup);
  return { database: pinned.database, forKysely: {
    close: () => pinned.database.close(),
    prepare: (sql) => {
      let statement = pinned.statements.get(sql);
      if (statement === undefined) {
        statement = wrapStatement(pinned.database.prepare(sql));
        pinned.statements.set(sql, statement);
      }
      return statement;
    },
  } };
}

function wrapStatement(statement: BetterSqlite3.Statement): SqliteStatement {
  return {
    reader: statement.reader,
    all: (parameters) => statement.all(parameters),
    run: (parameters) => statement.run(parameters),
    iterate: (parameters) => statement.all(parameters)[Symbol.iterator](),
  };
}
