import { randomId } from '../../core/ids.js';
import type { Secret } from '../../core/secret.js';
import type { ModelPrice } from '../../providers/pricing.js';
import type { SecretBox } from '../../secrets/envelope.js';
import type { Db } from '../database.js';
import type { CredentialsTable, ProvidersTable } from '../schema.js';

export interface ProviderInput {
  id: string;
  name?: string;
  protocol: string;
  baseUrl: string;
  headers?: Record<string, string>;
  models?: string[];
  enabled?: boolean;
  groupId?: string | null;
  prices?: Record<string, ModelPrice>;
}

export async function upsertProvider(db: Db, input: ProviderInput, now = Date.now()): Promise<void> {
  const values = {
    name: input.name ?? input.id,
    protocol: input.protocol,
    base_url: input.baseUrl,
    headers_json: JSON.stringify(input.headers ?? {}),
    models_json: JSON.stringify(input.models ?? []),
    enabled: input.enabled === false ? 0 : 1,
    updated_at: now,
    group_id: input.groupId ?? null,
    prices_json: input.prices === undefined ? null : JSON.stringify(input.prices),
  };
  await db
    .insertInto('providers')
    .values({ id: input.id, created_at: now, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute();
}

export function listProviders(db: Db): Promise<ProvidersTable[]> {
  return db.selectFrom('providers').selectAll().orderBy('id').execute();
}

export async function addCredential(
  db: Db,
  options: { providerId: string; secret: Secret; label?: string; box: SecretBox; groupId?: string | null },
): Promise<string> {
  const id = randomId('cred_', 16);
  await db
    .insertInto('credentials')
    .values({
      id,
      provider_id: options.providerId,
      label: options.label ?? id,
      secret: options.box.encrypt(options.secret),
      hint: options.secret.hint(),
      enabled: 1,
      created_at: Date.now(),
      group_id: options.groupId ?? null,
    })
    .execute();
  return id;
}

export function listCredentials(db: Db): Promise<CredentialsTable[]> {
  return db.selectFrom('credentials').selectAll().orderBy('created_at').execute();
}

export function getProvider(db: Db, id: string): Promise<ProvidersTable | undefined> {
  return db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteProvider(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('providers').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function setCredentialEnabled(db: Db, id: string, enabled: boolean): Promise<boolean> {
  const result = await db.updateTable('credentials').set({ enabled: enabled ? 1 : 0 }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteCredential(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('credentials').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A provider row's JSON columns, read back (shared by the snapshot builder and the admin views). */
export function providerRowSettings(row: ProvidersTable): { headers: Record<string, string>; models: string[]; prices: Record<string, ModelPrice> } {
  return {
    headers: JSON.parse(row.headers_json) as Record<string, string>,
    models: JSON.parse(row.models_json) as string[],
    prices: row.prices_json === null ? {} : (JSON.parse(row.prices_json) as Record<string, ModelPrice>),
  };
}
