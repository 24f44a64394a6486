/**
 * Narrowing helpers for reading wire JSON. The data plane checks only the
 * fields it maps and passes the rest through (STYLE.md, hot path), so reads
 * are small guarded accessors rather than a schema parse.
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

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** The array, or undefined when the value is not one. */
export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** The array, or an empty one when the value is not one. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A count from a usage object: absent, null or non-numeric reads as 0. */
export function count(value: unknown): number {
  return asNumber(value) ?? 0;
}
