import { createHash, randomBytes } from 'node:crypto';

/**
 * Gateway keys look like "sk-sy-" + 40 base62-ish characters: the "sk-"
 * start keeps OpenAI-format validators happy, "sy-" makes them recognisable
 * (and findable by secret scanners). Only the SHA-256 is stored: the keys
 * carry 238 bits of randomness, so a slow hash would add nothing but latency.
 */
export const gatewayKeyPrefix = 'sk-sy-';

export function generateGatewayKey(): string {
  return gatewayKeyPrefix + randomBytes(30).toString('base64url');
}

export function hashGatewayKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What a listing shows of a key: its first characters. */
export function gatewayKeyDisplayPrefix(key: string): string {
  return key.slice(0, gatewayKeyPrefix.length + 4);
}
