import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../core/errors.js';
import { hashGatewayKey } from '../policy/gateway-key.js';
import type { GatewayKeyRecord, Snapshot } from '../pipeline/snapshot.js';
import { getOrCreate } from '../core/get-or-create.js';

/** A character that can start or end a key (no spaces, tabs or control characters). */
function printableAscii(code: number): boolean {
  return code > 32 && code < 127;
}

/**
 * The gateway key, taken the way each client sends it: Authorization Bearer
 * (OpenAI SDKs, Codex, Anthropic SDK 1.x), x-api-key (Anthropic SDK 0.x,
 * Claude Code), x-goog-api-key (Gemini), or ?key= (Gemini REST).
 */
export function extractKey(headers: IncomingHttpHeaders, query: unknown): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    // The usual spelling without a regex; anything else (other case, tabs, padding) takes the regex.
    if (authorization.startsWith('Bearer ') && printableAscii(authorization.charCodeAt(7)) && printableAscii(authorization.charCodeAt(authorization.length - 1))) return authorization.slice(7);
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match?.[1] !== undefined) return match[1].trim();
  }
  for (const name of ['x-api-key', 'x-goog-api-key'] as const) {
    const value = headers[name];
    if (typeof value === 'string' && value !== '') return value.trim();
  }
  if (typeof query === 'object' && query !== null) {
    const key = (query as Record<string, unknown>).key;
    if (typeof key === 'string' && key !== '') return key;
  }
  return undefined;
}

/**
 * Presented key → its record, per snapshot: SHA-256 of the key on every
 * request was ~2 % of the gateway's busy time. Keyed by the snapshot, which
 * an admin write replaces whole, so a revoked, rotated or disabled key is
 * looked up afresh in the next snapshot at once; `enabled` and the expiry
 * are checked on every request anyway. Only keys that match a record are
 * remembered (garbage keys cannot evict good ones), and at most
 * `keyCacheLimit` per snapshot. The price: presented valid keys stay in
 * memory for the life of the snapshot (the process sees them on every
 * request anyway).
 */
const keyCache = new WeakMap<Snapshot, Map<string, GatewayKeyRecord>>();
const keyCacheLimit = 4096;

function recordOf(snapshot: Snapshot, key: string): GatewayKeyRecord | undefined {
  const known = getOrCreate(keyCache, snapshot, () => new Map<string, GatewayKeyRecord>());
  let record = known.get(key);
  if (record === undefined) {
    record = snapshot.keysByHash.get(hashGatewayKey(key));
    if (record !== undefined) {
      if (known.size >= keyCacheLimit) known.clear();
      known.set(key, record);
    }
  }
  return record;
}

export function authenticate(snapshot: Snapshot, key: string | undefined, now = Date.now()): GatewayKeyRecord {
  if (key === undefined) {
    throw new GatewayError({ code: 'SY_UNAUTHORIZED', status: 401, message: 'Missing API key. Send a Switchyard key as "Authorization: Bearer <key>".' });
  }
  const record = recordOf(snapshot, key);
  if (record === undefined) {
    throw new GatewayError({ code: 'SY_UNAUTHORIZED', status: 401, message: 'Incorrect API key provided.' });
  }
  if (!record.enabled) {
    throw new GatewayError({ code: 'SY_UNAUTHORIZED', status: 401, message: 'This API key is disabled.' });
  }
  if (record.expiresAt !== null && record.expiresAt <= now) {
    throw new GatewayError({ code: 'SY_UNAUTHORIZED', status: 401, message: 'This API key has expired.' });
  }
  return record;
}
