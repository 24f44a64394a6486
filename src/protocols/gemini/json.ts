/** Gemini-specific reading helpers; the generic narrowing ones are in core/json.ts. */

import { arrayOf, asNumber, asObject, type JsonObject } from '../../core/json.js';

/** Parses JSON text, or undefined when it is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The candidate with index 0 (canonical responses carry one choice). With
 * candidateCount > 1 a stream chunk may hold only another candidate, so
 * position in the array is not enough.
 */
export function firstCandidate(candidates: unknown): JsonObject | undefined {
  for (const value of arrayOf(candidates)) {
    const candidate = asObject(value);
    if (candidate !== undefined && (asNumber(candidate.index) ?? 0) === 0) return candidate;
  }
  return undefined;
}
