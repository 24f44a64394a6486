/**
 * The Chat Completions wire shapes the codec reads and writes, from
 * https://platform.openai.com/docs/api-reference/chat/create and
 * https://platform.openai.com/docs/api-reference/chat/streaming. The
 * gateway checks what it reads and passes the rest through, so these are
 * the fields it maps, not a full schema.
 */
export type WireRecord = Record<string, unknown>;

export interface WireToolCall {
  id: string;
  type: 'function' | 'custom';
  function?: { name: string; arguments: string };
  /** Chat's own custom tools: the call carries freeform input, not JSON arguments. */
  custom?: { name: string; input: string };
}

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/** `data:<media type>;base64,<data>` → its parts; undefined for anything else (an http URL). */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1] === '' ? 'application/octet-stream' : (match[1] ?? ''), data: match[2] ?? '' };
}

export function dataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}
