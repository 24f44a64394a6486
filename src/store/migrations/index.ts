import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { policy } from './0002-policy.js';

/**
 * Every migration, in order. Names sort lexically; add a new file and a line
 * here. One set of migrations serves SQLite and PostgreSQL alike.
 */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-policy': policy,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
