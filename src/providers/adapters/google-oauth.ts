import { createSign } from 'node:crypto';
import { request as undiciRequest } from 'undici';
import { GatewayError } from '../../core/errors.js';
import type { Credential } from '../provider.js';

/**
 * OAuth access tokens from a Google service-account key, the two-legged
 * JWT flow (https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests):
 * sign a JWT with the key (RS256) and exchange it at the key's token_uri for
 * an access token, cached until shortly before it expires. Concurrent
 * requests for the same key share one exchange.
 */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri: string;
  project_id?: string;
}

export const cloudPlatformScope = 'https://www.googleapis.com/auth/cloud-platform';
const defaultTokenUri = 'https://oauth2.googleapis.com/token';
/** Refresh this long before expiry, so a token never expires mid-request. */
const refreshMarginMs = 5 * 60 * 1000;

function configError(message: string): GatewayError {
  return new GatewayError({ code: 'SY_INTERNAL', status: 500, message });
}

const parsedKeys = new WeakMap<Credential, ServiceAccountKey>();

/** The service-account key in a credential, parsed once per credential object. */
export function parseServiceAccount(credential: Credential | undefined): ServiceAccountKey {
  const cached = credential === undefined ? undefined : parsedKeys.get(credential);
  if (cached !== undefined) return cached;
  const key = readServiceAccount(credential);
  if (credential !== undefined) parsedKeys.set(credential, key);
  return key;
}

function readServiceAccount(credential: Credential | undefined): ServiceAccountKey {
  if (credential === undefined) throw configError('this provider needs a Google service-account key (serviceAccountFile)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(credential.secret.reveal());
  } catch {
    throw configError(`provider credential ${credential.id} is not a service-account JSON key`);
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof record.client_email !== 'string' || typeof record.private_key !== 'string') {
    throw configError(`provider credential ${credential.id} is not a service-account JSON key (client_email and private_key missing)`);
  }
  return {
    client_email: record.client_email,
    private_key: record.private_key,
    token_uri: typeof record.token_uri === 'string' ? record.token_uri : defaultTokenUri,
    ...(typeof record.private_key_id === 'string' ? { private_key_id: record.private_key_id } : {}),
    ...(typeof record.project_id === 'string' ? { project_id: record.project_id } : {}),
  };
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** The signed JWT assertion for a token request. */
export function serviceAccountAssertion(key: ServiceAccountKey, options: { nowSeconds: number; scope: string }): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id === undefined ? {} : { kid: key.private_key_id }) };
  const claims = { iss: key.client_email, scope: options.scope, aud: key.token_uri, iat: options.nowSeconds, exp: options.nowSeconds + 3600 };
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key);
  return `${unsigned}.${base64url(signature)}`;
}

export interface GoogleTokenSource {
  token(key: ServiceAccountKey): Promise<string>;
}

export function createGoogleTokenSource(options: { now?: () => number; timeoutMs?: number } = {}): GoogleTokenSource {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { token: string; expiresAt: number }>();
  const pending = new Map<string, Promise<string>>();

  async function exchange(key: ServiceAccountKey, cacheKey: string): Promise<string> {
    const assertion = serviceAccountAssertion(key, { nowSeconds: Math.floor(now() / 1000), scope: cloudPlatformScope });
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
    let status: number;
    let text: string;
    try {
      const response = await undiciRequest(key.token_uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        headersTimeout: options.timeoutMs ?? 10_000,
        bodyTimeout: options.timeoutMs ?? 10_000,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (thrown) {
      throw new GatewayError({ code: 'SY_UPSTREAM_UNREACHABLE', status: 502, retryable: true, message: `Google token endpoint unreachable: ${(thrown as Error).message}`, cause: thrown });
    }
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Left empty: reported below with the status.
    }
    if (status !== 200 || typeof parsed.access_token !== 'string') {
      const reason = typeof parsed.error_description === 'string' ? parsed.error_description : typeof parsed.error === 'string' ? parsed.error : text.slice(0, 200);
      throw new GatewayError({ code: 'SY_UPSTREAM_ERROR', status: 502, retryable: status >= 500, message: `Google token exchange failed (${status}): ${reason}` });
    }
    const lifetimeSeconds = typeof parsed.expires_in === 'number' ? parsed.expires_in : 3600;
    cache.set(cacheKey, { token: parsed.access_token, expiresAt: now() + lifetimeSeconds * 1000 });
    return parsed.access_token;
  }

  return {
    token(key) {
      const cacheKey = `${key.client_email}\u0000${key.private_key_id ?? ''}\u0000${key.token_uri}`;
      const cached = cache.get(cacheKey);
      if (cached !== undefined && cached.expiresAt - refreshMarginMs > now()) return Promise.resolve(cached.token);
      const inFlight = pending.get(cacheKey);
      if (inFlight !== undefined) return inFlight;
      const promise = exchange(key, cacheKey).finally(() => pending.delete(cacheKey));
      pending.set(cacheKey, promise);
      return promise;
    },
  };
}
