import { assertNever } from '../core/assert-never.js';
import type { ProtocolId } from '../core/protocol.js';

const prompt = 'Reply with the single word: pong';

/**
 * The smallest well-formed request in each protocol's own wire format, so a
 * probe goes through the same-protocol passthrough (no codec needed) and
 * costs a handful of tokens. The model is set by the passthrough adapter
 * (in the body, or in the path for Gemini).
 */
export function probeBody(protocol: ProtocolId, model: string): Record<string, unknown> {
  switch (protocol) {
    case 'openai-chat':
      // No max_tokens: OpenAI reasoning models refuse it, and "pong" is short anyway.
      return { model, messages: [{ role: 'user', content: prompt }] };
    case 'openai-responses':
      return { model, input: prompt, max_output_tokens: 16 };
    case 'anthropic-messages':
      return { model, max_tokens: 16, messages: [{ role: 'user', content: prompt }] };
    case 'gemini':
      return { contents: [{ role: 'user', parts: [{ text: prompt }] }], generationConfig: { maxOutputTokens: 16 } };
    case 'bedrock-converse':
      return { messages: [{ role: 'user', content: [{ text: prompt }] }], inferenceConfig: { maxTokens: 16 } };
    default:
      return assertNever(protocol);
  }
}
