import type { ProtocolId } from '../core/protocol.js';
import type { Credential } from './provider.js';

/**
 * The header each API takes its key in, by protocol: Bearer for OpenAI and
 * compatibles, x-api-key for Anthropic, x-goog-api-key for Gemini.
 */
export function authHeaders(protocol: ProtocolId, credential: Credential | undefined): Record<string, string> {
  if (credential === undefined) return {};
  const key = credential.secret.reveal();
  switch (protocol) {
    case 'anthropic-messages':
      return { 'x-api-key': key };
    case 'gemini':
      return { 'x-goog-api-key': key };
    case 'openai-chat':
    case 'openai-responses':
      return { authorization: `Bearer ${key}` };
  }
}
