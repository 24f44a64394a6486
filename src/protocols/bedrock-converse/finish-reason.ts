import type { FinishReason } from '../../core/response.js';

export function decodeStopReason(stopReason: string | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
      return 'stop';
    case 'tool_use':
      return 'tool-calls';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content-filter';
    default:
      return 'other';
  }
}

export function encodeStopReason(finishReason: FinishReason, raw: string | undefined): string {
  if (raw !== undefined && decodeStopReason(raw) === finishReason) return raw;
  switch (finishReason) {
    case 'tool-calls':
      return 'tool_use';
    case 'length':
      return 'max_tokens';
    case 'stop-sequence':
      return 'stop_sequence';
    case 'content-filter':
    case 'refusal':
      return 'content_filtered';
    default:
      return 'end_turn';
  }
}
