import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../core/errors.js';
import { hashGatewayKey } from '../policy/gateway-key.js';
import type { GatewayKeyRecord, Snapshot } from '../pipeline/snapshot.js';

/**
 * The gateway key, taken the way each client sends it: Authorization Bearer
 * (OpenAI SDKs, Codex, Anthropic SDK 1.x), x-api-key (Anthropic SDK 0.x,
 * Claude Code), x-goog-api-key (Gemini), or ?key= (Gemini REST).
 */
export function extractKey(headers: IncomingHttpHeaders, query: unknown): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
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

export function authenticate(snapshot: Snapshot, key: string | undefined, now = Date.now()): GatewayKeyRecord {
  if (key === undefined) {
    throw new GatewayError({ code: 'SY_UNAUTHORIZED', status: 401, message: 'Missing API key. Send a Switchyard key as "Authorization: Bearer <key>".' });
  }
  const record = snapshot.keysByHash.get(hashGatewayKey(key));
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
