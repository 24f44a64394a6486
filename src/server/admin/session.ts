import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Db } from '../../store/database.js';
import { getSetting, setSetting } from '../../store/repositories/settings.js';

/**
 * Dashboard sessions. The password is stored as scrypt (N=2^15, r=8, p=1,
 * 16-byte salt); a session is a stateless cookie "id.expiry.hmac" signed
 * with a secret kept in the store, so every replica accepts it. Changing the
 * password replaces the secret, which signs every session out. Mutating
 * requests with a session must echo the CSRF token (an HMAC of the session
 * id) in X-CSRF-Token: a cross-site form can send the cookie, not the header.
 */
const passwordSetting = 'admin_password_scrypt';
const secretSetting = 'admin_session_secret';
export const sessionCookie = 'sy_session';
export const sessionTtlMs = 12 * 3_600_000;
const scryptOptions: ScryptOptions = { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, 32, scryptOptions, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

export async function setAdminPassword(db: Db, password: string): Promise<void> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt);
  await setSetting(db, passwordSetting, `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`);
  await setSetting(db, secretSetting, randomBytes(32).toString('base64'));
}

export async function hasAdminPassword(db: Db): Promise<boolean> {
  return (await getSetting(db, passwordSetting)) !== undefined;
}

export async function verifyAdminPassword(db: Db, password: string): Promise<boolean> {
  const stored = await getSetting(db, passwordSetting);
  // Without a password set, still derive once so the answer takes the same time.
  const [, saltText, hashText] = (stored ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$').split('$');
  const expected = Buffer.from(hashText ?? '', 'base64');
  const actual = await derive(password, Buffer.from(saltText ?? '', 'base64'));
  return stored !== undefined && expected.length === actual.length && timingSafeEqual(expected, actual);
}

async function sessionSecret(db: Db): Promise<Buffer | undefined> {
  const value = await getSetting(db, secretSetting);
  return value === undefined ? undefined : Buffer.from(value, 'base64');
}

function sign(secret: Buffer, text: string): string {
  return createHmac('sha256', secret).update(text).digest('base64url');
}

function equalStrings(first: string, second: string): boolean {
  const a = Buffer.from(first);
  const b = Buffer.from(second);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Session {
  id: string;
  expiresAt: number;
  csrfToken: string;
}

export async function issueSession(db: Db, now = Date.now()): Promise<{ cookie: string; session: Session }> {
  const secret = await sessionSecret(db);
  if (secret === undefined) throw new Error('no admin password is set');
  const id = randomBytes(18).toString('base64url');
  const expiresAt = now + sessionTtlMs;
  const payload = `${id}.${expiresAt}`;
  return { cookie: `${payload}.${sign(secret, payload)}`, session: { id, expiresAt, csrfToken: sign(secret, `csrf:${id}`) } };
}

export async function readSession(db: Db, cookie: string, now = Date.now()): Promise<Session | undefined> {
  const [id, expiry, signature] = cookie.split('.');
  if (id === undefined || expiry === undefined || signature === undefined) return undefined;
  const secret = await sessionSecret(db);
  if (secret === undefined || !equalStrings(signature, sign(secret, `${id}.${expiry}`))) return undefined;
  const expiresAt = Number(expiry);
  if (!(expiresAt > now)) return undefined;
  return { id, expiresAt, csrfToken: sign(secret, `csrf:${id}`) };
}

export function csrfMatches(session: Session, header: string | undefined): boolean {
  return header !== undefined && equalStrings(header, session.csrfToken);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * Per-IP lockout: after `maxFailures` failed logins (or bad admin tokens)
 * within the window, that address is refused for `lockMs`, whatever it sends.
 */
export function createLockout(options: { maxFailures?: number; windowMs?: number; lockMs?: number; now?: () => number } = {}) {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const lockMs = options.lockMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { failures: number; firstAt: number; lockedUntil: number }>();
  return {
    /** Seconds until the address may try again, or 0. */
    lockedFor(address: string): number {
      const entry = entries.get(address);
      if (entry === undefined) return 0;
      const left = entry.lockedUntil - now();
      return left > 0 ? Math.ceil(left / 1000) : 0;
    },
    fail(address: string): void {
      const at = now();
      let entry = entries.get(address);
      if (entry === undefined || at - entry.firstAt > windowMs) {
        entry = { failures: 0, firstAt: at, lockedUntil: 0 };
        entries.set(address, entry);
      }
      entry.failures += 1;
      if (entry.failures >= maxFailures) entry.lockedUntil = at + lockMs;
      if (entries.size > 10_000) entries.delete(entries.keys().next().value ?? address);
    },
    succeed(address: string): void {
      entries.delete(address);
    },
  };
}
export type Lockout = ReturnType<typeof createLockout>;
