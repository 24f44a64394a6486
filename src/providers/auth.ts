import type { ProtocolId } from '../core/protocol.js';
import { assertNever } from '../core/assert-never.js';
import type { AuthScheme } from './catalog/preset-types.js';
import type { Credential, Provider } from './provider.js';

/** The scheme a protocol's own API uses, for providers that do not name one (stored, older configs). */
export function defaultAuthScheme(protocol: ProtocolId): AuthScheme {
  switch (protocol) {
    case 'anthropic-messages':
      return 'x-api-key';
    case 'gemini':
      return 'x-goog-api-key';
    case 'bedrock-converse':
      return 'sigv4';
    case 'openai-chat':
    case 'openai-responses':
      return 'bearer';
    default:
      return assertNever(protocol);
  }
}

export function authSchemeOf(provider: Pick<Provider, 'auth' | 'protocol'>): AuthScheme {
  return provider.auth ?? defaultAuthScheme(provider.protocol);
}

/**
 * The headers that carry a credential, by auth scheme. Schemes that need
 * the whole request or a token exchange (sigv4, google-service-account) and
 * the query-string key are applied by providers/adapters/adapt-request.ts.
 */
export function authHeaders(scheme: AuthScheme, credential: Credential | undefined): Record<string, string> {
  if (credential === undefined) return {};
  switch (scheme) {
    case 'bearer':
      return { authorization: `Bearer ${credential.secret.reveal()}` };
    case 'x-api-key':
      return { 'x-api-key': credential.secret.reveal() };
    case 'api-key':
      return { 'api-key': credential.secret.reveal() };
    case 'x-goog-api-key':
      return { 'x-goog-api-key': credential.secret.reveal() };
    case 'query-key':
    case 'sigv4':
    case 'google-service-account':
    case 'none':
      return {};
    default:
      return assertNever(scheme);
  }
}
