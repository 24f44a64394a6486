import type { FinishReason } from '../../core/response.js';
import type { ResponseStatus } from './types.js';

/**
 * Responses has no finish reason: a status (completed / incomplete / failed)
 * and, when incomplete, incomplete_details.reason. The raw value kept is the
 * incomplete reason, else the status.
 */
export function decodeFinishReason(options: { status: string | undefined; incompleteReason: string | undefined; hasToolCalls: boolean }): {
  finishReason: FinishReason;
  rawFinishReason: string;
} {
  const { status, incompleteReason, hasToolCalls } = options;
  if (status === 'incomplete') {
    const finishReason: FinishReason =
      incompleteReason === 'max_output_tokens' ? 'length' : incompleteReason === 'content_filter' ? 'content-filter' : 'other';
    return { finishReason, rawFinishReason: incompleteReason ?? 'incomplete' };
  }
  if (status === 'failed' || status === 'cancelled') return { finishReason: 'error', rawFinishReason: status };
  return { finishReason: hasToolCalls ? 'tool-calls' : 'stop', rawFinishReason: status ?? 'completed' };
}

/** The Responses status and incomplete reason for a canonical finish reason. */
export function encodeFinishReason(finishReason: FinishReason): { status: ResponseStatus; incompleteReason?: string } {
  switch (finishReason) {
    case 'length':
      return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
    case 'content-filter':
      return { status: 'incomplete', incompleteReason: 'content_filter' };
    case 'error':
      return { status: 'failed' };
    case 'stop':
    case 'refusal':
    case 'tool-calls':
    case 'stop-sequence':
    case 'pause':
    case 'other':
      return { status: 'completed' };
  }
}
