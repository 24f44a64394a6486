import { randomId } from '../../core/ids.js';
import { gatewayKeyDisplayPrefix, generateGatewayKey, hashGatewayKey } from '../../policy/gateway-key.js';
import type { Db } from '../database.js';
import type { GatewayKeysTable } from '../schema.js';

export interface CreatedGatewayKey {
  id: string;
  name: string;
  /** The key itself: shown once, never stored. */
  key: string;
  prefix: string;
}

/** The settings of a key an admin can change; absent fields stay as they are. */
export interface GatewayKeySettings {
  name?: string;
  enabled?: boolean;
  expiresAt?: number | null;
  groupId?: string | null;
  planId?: string | null;
  defaultModel?: string | null;
  allowedModels?: string[] | null;
  systemPrompt?: string | null;
  metadata?: Record<string, unknown> | null;
  tags?: string[] | null;
}

function settingsColumns(settings: GatewayKeySettings): Partial<GatewayKeysTable> {
  const columns: Partial<GatewayKeysTable> = {};
  if (settings.name !== undefined) columns.name = settings.name;
  if (settings.enabled !== undefined) columns.enabled = settings.enabled ? 1 : 0;
  if (settings.expiresAt !== undefined) columns.expires_at = settings.expiresAt;
  if (settings.groupId !== undefined) columns.group_id = settings.groupId;
  if (settings.planId !== undefined) columns.plan_id = settings.planId;
  if (settings.defaultModel !== undefined) columns.default_model = settings.defaultModel;
  if (settings.allowedModels !== undefined) columns.allowed_models_json = settings.allowedModels === null ? null : JSON.stringify(settings.allowedModels);
  if (settings.systemPrompt !== undefined) columns.system_prompt = settings.systemPrompt;
  if (settings.metadata !== undefined) columns.metadata_json = settings.metadata === null ? null : JSON.stringify(settings.metadata);
  if (settings.tags !== undefined) columns.tags_json = settings.tags === null ? null : JSON.stringify(settings.tags);
  return columns;
}

export async function createGatewayKey(db: Db, options: GatewayKeySettings & { now?: number }): Promise<CreatedGatewayKey> {
  const key = generateGatewayKey();
  const id = randomId('key_', 16);
  const name = options.name ?? id;
  const prefix = gatewayKeyDisplayPrefix(key);
  const now = options.now ?? Date.now();
  await db
    .insertInto('gateway_keys')
    .values({
      id,
      name,
      key_hash: hashGatewayKey(key),
      prefix,
      enabled: 1,
      created_at: now,
      expires_at: null,
      group_id: null,
      plan_id: null,
      default_model: null,
      allowed_models_json: null,
      system_prompt: null,
      metadata_json: null,
      tags_json: null,
      updated_at: now,
      ...settingsColumns(options),
    })
    .execute();
  return { id, name, key, prefix };
}

export function listGatewayKeys(db: Db): Promise<GatewayKeysTable[]> {
  return db.selectFrom('gateway_keys').selectAll().orderBy('created_at').execute();
}

export function getGatewayKey(db: Db, id: string): Promise<GatewayKeysTable | undefined> {
  return db.selectFrom('gateway_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateGatewayKey(db: Db, id: string, settings: GatewayKeySettings): Promise<boolean> {
  const result = await db
    .updateTable('gateway_keys')
    .set({ ...settingsColumns(settings), updated_at: Date.now() })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A new secret for the same key id (settings, usage and counters stay); the old secret stops working. */
export async function rotateGatewayKey(db: Db, id: string): Promise<CreatedGatewayKey | undefined> {
  const key = generateGatewayKey();
  const prefix = gatewayKeyDisplayPrefix(key);
  const result = await db
    .updateTable('gateway_keys')
    .set({ key_hash: hashGatewayKey(key), prefix, updated_at: Date.now() })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  const row = await getGatewayKey(db, id);
  return { id, name: row?.name ?? id, key, prefix };
}

export async function deleteGatewayKey(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('gateway_keys').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
