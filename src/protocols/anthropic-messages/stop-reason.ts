import { assertNever } from '../../core/assert-never.js';
import type { FinishReason } from '../../core/response.js';
import type { AnthropicStopReason } from './types.js';

const anthropicStopReasons: readonly AnthropicStopReason[] = ['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal'];

export function decodeStopReason(value: unknown): FinishReason {
  switch (value) {
    case 'end_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'tool_use':
      return 'tool-calls';
    case 'pause_turn':
      return 'pause';
    case 'refusal':
      return 'refusal';
    default:
      return 'other';
  }
}

/**
 * The Anthropic stop_reason for a unified one. The raw value is kept when it
 * is Anthropic's own and still means the same thing (a same-protocol trip
 * loses nothing); content-filter has no Anthropic twin and becomes refusal.
 */
export function encodeStopReason(reason: FinishReason, raw?: string): AnthropicStopReason {
  if (raw !== undefined && (anthropicStopReasons as readonly string[]).includes(raw) && decodeStopReason(raw) === reason) {
    return raw as AnthropicStopReason;
  }
  switch (reason) {
    case 'stop':
    case 'error':
    case 'other':
      return 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'stop-sequence':
      return 'stop_sequence';
    case 'tool-calls':
      return 'tool_use';
    case 'pause':
      return 'pause_turn';
    case 'refusal':
    case 'content-filter':
      return 'refusal';
    default:
      return assertNever(reason);
  }
}
