/** Narrowing helpers for reading Gemini JSON that arrives as `unknown`. */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

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
  for (const value of asArray(candidates)) {
    const candidate = asObject(value);
    if (candidate !== undefined && (asNumber(candidate.index) ?? 0) === 0) return candidate;
  }
  return undefined;
}
