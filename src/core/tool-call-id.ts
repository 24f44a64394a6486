/**
 * Tool-call ids cross protocols with different rules: Anthropic wants
 * ^[a-zA-Z0-9_-]+$, Responses keeps item ids (fc_…) apart from call ids,
 * older Gemini sends none. Gemini's thoughtSignature must come back on the
 * next turn, but Chat, Responses and Anthropic clients have no field for it,
 * so it rides inside the tool-call id the client echoes: stateless, and it
 * survives any number of replicas.
 */
const marker = '__sy_ts__';

/** A valid id for every protocol: other characters become "_"; the same input always gives the same id. */
export function sanitizeToolCallId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return clean === '' ? 'call_' : clean;
}

/** The id to show a non-Gemini client for a call that carried a Gemini thought signature. */
export function embedThoughtSignature(id: string, thoughtSignature: string | undefined): string {
  if (thoughtSignature === undefined || thoughtSignature === '') return id;
  // The signature's own text, base64url-encoded: exact for any string, valid in every id syntax.
  return `${id}${marker}${Buffer.from(thoughtSignature, 'utf8').toString('base64url')}`;
}

/** Splits an id a client echoed back into the original id and the thought signature it carried. */
export function extractThoughtSignature(id: string): { id: string; thoughtSignature?: string } {
  const at = id.indexOf(marker);
  if (at === -1) return { id };
  const encoded = id.slice(at + marker.length);
  return { id: id.slice(0, at), thoughtSignature: Buffer.from(encoded, 'base64url').toString('utf8') };
}

/**
 * A deterministic id for a call that arrived without one (older Gemini):
 * the same call in the same position always gets the same id, so replays
 * keep prompt caches warm.
 */
export function generatedToolCallId(name: string, argumentsText: string, position: number): string {
  let hash = 2166136261;
  for (const character of `${name}\u0000${argumentsText}\u0000${position}`) {
    hash ^= character.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return `call_${hash.toString(36)}${position}`;
}
