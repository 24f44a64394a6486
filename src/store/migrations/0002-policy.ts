import type { Kysely, Migration } from 'kysely';

/**
 * Groups, plans, richer gateway keys, chains, and the group each provider,
 * credential, alias and usage row belongs to. Portable column types only.
 */
export const policy: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('groups')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('default_plan_id', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('plans')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('spend_limit_micros', 'bigint')
      .addColumn('token_limit', 'bigint')
      .addColumn('rpm', 'integer')
      .addColumn('tpm', 'integer')
      .addColumn('concurrency', 'integer')
      .addColumn('requests_per_hour', 'integer')
      .addColumn('requests_per_day', 'integer')
      .addColumn('max_input_tokens', 'integer')
      .addColumn('max_output_tokens', 'integer')
      .addColumn('reset_period', 'text', (column) => column.notNull())
      .addColumn('allowed_models_json', 'text', (column) => column.notNull())
      .addColumn('alert_threshold_percent', 'integer')
      .addColumn('hard_cutoff', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('chains')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('group_id', 'text')
      .addColumn('strategy', 'text', (column) => column.notNull())
      .addColumn('steps_json', 'text', (column) => column.notNull())
      .addColumn('affinity', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    for (const table of ['providers', 'credentials', 'model_aliases', 'usage']) {
      await db.schema.alterTable(table).addColumn('group_id', 'text').execute();
    }
    const keyColumns: Array<[string, 'text' | 'bigint']> = [
      ['group_id', 'text'],
      ['plan_id', 'text'],
      ['default_model', 'text'],
      ['allowed_models_json', 'text'],
      ['system_prompt', 'text'],
      ['metadata_json', 'text'],
      ['tags_json', 'text'],
      ['updated_at', 'bigint'],
    ];
    for (const [name, type] of keyColumns) {
      await db.schema.alterTable('gateway_keys').addColumn(name, type).execute();
    }
    // Stored providers carry their prices (model → USD per million tokens) so budgets can price them.
    await db.schema.alterTable('providers').addColumn('prices_json', 'text').execute();
    await db.schema.createIndex('usage_group_created').on('usage').columns(['group_id', 'created_at']).execute();
  },
};
