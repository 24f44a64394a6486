/**
 * The wire protocols the gateway speaks. The first four are spoken inbound and
 * outbound; bedrock-converse is an upstream protocol only (no client speaks it).
 */
export const protocolIds = ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini', 'bedrock-converse'] as const;
export type ProtocolId = (typeof protocolIds)[number];

export function isProtocolId(value: unknown): value is ProtocolId {
  return typeof value === 'string' && (protocolIds as readonly string[]).includes(value);
}
