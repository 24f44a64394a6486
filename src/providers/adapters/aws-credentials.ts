import { GatewayError } from '../../core/errors.js';
import type { Credential } from '../provider.js';
import type { AwsCredentials } from './sigv4.js';

const parsedKeys = new WeakMap<Credential, AwsCredentials>();

/**
 * AWS keys from a credential whose secret is {"accessKeyId","secretAccessKey","sessionToken"?},
 * parsed once per credential object (snapshots rebuild credentials, so an edit is seen).
 */
export function awsCredentialsOf(credential: Credential | undefined): AwsCredentials {
  const cached = credential === undefined ? undefined : parsedKeys.get(credential);
  if (cached !== undefined) return cached;
  const parsed = parseAwsCredentials(credential);
  if (credential !== undefined) parsedKeys.set(credential, parsed);
  return parsed;
}

function parseAwsCredentials(credential: Credential | undefined): AwsCredentials {
  const invalid = (): GatewayError =>
    new GatewayError({
      code: 'SY_INTERNAL',
      status: 500,
      message: `provider credential ${credential?.id ?? '(none)'} is not AWS keys: expected JSON {"accessKeyId","secretAccessKey","sessionToken"?}`,
    });
  if (credential === undefined) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(credential.secret.reveal());
  } catch {
    throw invalid();
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof record.accessKeyId !== 'string' || typeof record.secretAccessKey !== 'string') throw invalid();
  return {
    accessKeyId: record.accessKeyId,
    secretAccessKey: record.secretAccessKey,
    ...(typeof record.sessionToken === 'string' && record.sessionToken !== '' ? { sessionToken: record.sessionToken } : {}),
  };
}

/** JSON for a credential secret holding AWS keys. */
export function awsCredentialsSecret(credentials: AwsCredentials): string {
  return JSON.stringify(credentials);
}
