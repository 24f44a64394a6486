/**
 * The mock's token counts: deterministic and cheap (one token per four
 * characters, at least one), so tests can predict exactly what the gateway
 * must meter.
 */
export function mockTokenCount(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Every string inside a JSON value, concatenated: the "prompt" the mock counts. */
export function collectText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(collectText).join('');
  if (typeof value === 'object' && value !== null) return Object.values(value).map(collectText).join('');
  return '';
}
