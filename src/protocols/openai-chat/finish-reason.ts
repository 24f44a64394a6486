import type { FinishReason } from '../../core/response.js';

/** Chat's finish_reason values (https://platform.openai.com/docs/api-reference/chat/object). */
const chatReasons = ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'] as const;
type ChatFinishReason = (typeof chatReasons)[number];

export function decodeFinishReason(raw: string | undefined): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

/**
 * The unified reason as Chat says it. Reasons Chat has no word for (an
 * Anthropic stop_sequence, refusal or pause_turn, an error) become `stop`,
 * which is what OpenAI itself reports for them. A raw Chat value that means
 * the same thing (function_call) is kept, so a Chat → Chat trip is exact.
 */
export function encodeFinishReason(reason: FinishReason, raw?: string): ChatFinishReason {
  if (raw !== undefined && (chatReasons as readonly string[]).includes(raw) && decodeFinishReason(raw) === reason) {
    return raw as ChatFinishReason;
  }
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    case 'stop':
    case 'stop-sequence':
    case 'refusal':
    case 'pause':
    case 'error':
    case 'other':
      return 'stop';
  }
}
