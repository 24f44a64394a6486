import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The conversation a request belongs to, for session affinity. An explicit
 * id from the client wins (Claude Code's x-claude-code-session-id, a generic
 * session-id header, OpenAI's prompt_cache_key, Anthropic's
 * metadata.user_id, which Claude Code fills per session); otherwise the
 * gateway key plus a hash of what stays fixed across a conversation's turns
 * (the system prompt and the first user message), read from whichever of the
 * four protocols' field names the body uses.
 */
export function sessionKey(options: { keyId: string | null; headers: IncomingHttpHeaders; body: Record<string, unknown> }): string {
  const scope = options.keyId ?? 'anonymous';
  for (const name of ['x-claude-code-session-id', 'session-id', 'x-session-id']) {
    const value = options.headers[name];
    if (typeof value === 'string' && value !== '') return `${scope}:header:${value}`;
  }
  const body = options.body;
  if (typeof body.prompt_cache_key === 'string' && body.prompt_cache_key !== '') return `${scope}:cache-key:${body.prompt_cache_key}`;
  const metadata = body.metadata;
  if (typeof metadata === 'object' && metadata !== null) {
    const userId = (metadata as Record<string, unknown>).user_id;
    if (typeof userId === 'string' && userId !== '') return `${scope}:user:${userId}`;
  }
  const system = body.system ?? body.instructions ?? body.systemInstruction ?? body.system_instruction ?? null;
  const turns = body.messages ?? body.input ?? body.contents;
  const first = Array.isArray(turns) ? firstNonSystem(turns) : typeof turns === 'string' ? turns : null;
  const digest = createHash('sha256').update(JSON.stringify([system, first])).digest('base64url').slice(0, 22);
  return `${scope}:prompt:${digest}`;
}

/** The first turn that is not a system/developer message (Chat keeps the system prompt in messages). */
function firstNonSystem(turns: unknown[]): unknown {
  const systemTurns: unknown[] = [];
  for (const turn of turns) {
    const role = typeof turn === 'object' && turn !== null ? (turn as Record<string, unknown>).role : undefined;
    if (role === 'system' || role === 'developer') systemTurns.push(turn);
    else return [systemTurns, turn];
  }
  return [systemTurns, null];
}
