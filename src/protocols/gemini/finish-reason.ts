import { assertNever } from '../../core/assert-never.js';
import type { FinishReason } from '../../core/response.js';

/** Gemini's Candidate.FinishReason values (https://ai.google.dev/api/generate-content#FinishReason). */
const geminiFinishReasons = new Set([
  'STOP',
  'MAX_TOKENS',
  'SAFETY',
  'RECITATION',
  'LANGUAGE',
  'OTHER',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'MALFORMED_FUNCTION_CALL',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_OTHER',
  'NO_IMAGE',
  'IMAGE_RECITATION',
  'UNEXPECTED_TOOL_CALL',
  'TOO_MANY_TOOL_CALLS',
  'MISSING_THOUGHT_SIGNATURE',
]);

/** Gemini says STOP even when the turn ends in function calls, so the caller says whether it did. */
export function decodeFinishReason(raw: string | undefined, hasToolCalls: boolean): FinishReason {
  switch (raw) {
    case undefined:
    case 'STOP':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
    case 'IMAGE_RECITATION':
      return 'content-filter';
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
    case 'MISSING_THOUGHT_SIGNATURE':
      return 'error';
    default:
      return 'other';
  }
}

/** The Gemini finishReason for a canonical one; the raw value wins when it is already Gemini's. */
export function encodeFinishReason(reason: FinishReason, raw: string | undefined): string {
  if (raw !== undefined && geminiFinishReasons.has(raw)) return raw;
  switch (reason) {
    case 'stop':
    case 'tool-calls':
    case 'stop-sequence':
    case 'pause':
      return 'STOP';
    case 'length':
      return 'MAX_TOKENS';
    case 'content-filter':
    case 'refusal':
      return 'SAFETY';
    case 'error':
    case 'other':
      return 'OTHER';
    default:
      return assertNever(reason);
  }
}
