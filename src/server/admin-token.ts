import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../store/database.js';
import { getSetting, setSetting } from '../store/repositories/settings.js';

const settingName = 'admin_token_sha256';

function hash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * The admin token: taken from configuration, or generated on first start and
 * returned once (the caller prints it). Only its hash is stored.
 */
export async function ensureAdminToken(db: Db, configured: string | undefined): Promise<{ token?: string; created: boolean }> {
  if (configured !== undefined) {
    await setSetting(db, settingName, hash(configured).toString('hex'));
    return { created: false };
  }
  if ((await getSetting(db, settingName)) !== undefined) return { created: false };
  const token = `sy-admin-${randomBytes(24).toString('base64url')}`;
  await setSetting(db, settingName, hash(token).toString('hex'));
  return { token, created: true };
}

export async function verifyAdminToken(db: Db, candidate: string): Promise<boolean> {
  const stored = await getSetting(db, settingName);
  if (stored === undefined) return false;
  return timingSafeEqual(Buffer.from(stored, 'hex'), hash(candidate));
}
