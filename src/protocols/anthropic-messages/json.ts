/**
 * Narrowing helpers for reading Anthropic wire JSON: the hot path checks only
 * what the codec reads and passes the rest through (STYLE.md), so reads are
 * small guarded accessors rather than a schema parse.
 */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** A count from a usage object: absent, null or non-numeric reads as 0. */
export function count(value: unknown): number {
  return asNumber(value) ?? 0;
}
