/** The wire protocols the gateway speaks, inbound and outbound. */
export const protocolIds = ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'] as const;
export type ProtocolId = (typeof protocolIds)[number];

export function isProtocolId(value: unknown): value is ProtocolId {
  return typeof value === 'string' && (protocolIds as readonly string[]).includes(value);
}
