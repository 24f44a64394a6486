import type { ProtocolId } from '../core/protocol.js';
import type { ProtocolDefinition } from './codec.js';
import { anthropicMessagesProtocol } from './anthropic-messages/definition.js';
import { geminiProtocol } from './gemini/definition.js';
import { openAIChatProtocol } from './openai-chat/definition.js';

/** Every protocol the gateway speaks; the router picks one by a provider's declared protocol. */
export const protocols: Partial<Record<ProtocolId, ProtocolDefinition>> = {
  'openai-chat': openAIChatProtocol,
  'anthropic-messages': anthropicMessagesProtocol,
  gemini: geminiProtocol,
};
