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

export async function createGatewayKey(db: Db, options: { name?: string; expiresAt?: number; now?: number }): Promise<CreatedGatewayKey> {
  const key = generateGatewayKey();
  const id = randomId('key_', 16);
  const name = options.name ?? id;
  const prefix = gatewayKeyDisplayPrefix(key);
  await db
    .insertInto('gateway_keys')
    .values({
      id,
      name,
      key_hash: hashGatewayKey(key),
      prefix,
      enabled: 1,
      created_at: options.now ?? Date.now(),
      expires_at: options.expiresAt ?? null,
    })
    .execute();
  return { id, name, key, prefix };
}

export function listGatewayKeys(db: Db): Promise<GatewayKeysTable[]> {
  return db.selectFrom('gateway_keys').selectAll().orderBy('created_at').execute();
}
