import { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/response.js';
import type { StreamEvent } from '../../core/stream.js';
import { generatedToolCallId } from '../../core/tool-call-id.js';
import type { StreamDecoder } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { decodeOpenAIError } from './errors.js';
import { decodeFinishReason } from './finish-reason.js';
import { readChatUsage } from './read-usage.js';
import { asNumber, asObject, asString } from '../../core/json.js';
import { type WireRecord } from './types.js';

interface ToolCallState {
  /** The canonical block index; undefined until the call has a name and is opened. */
  block: number | undefined;
  id: string | undefined;
  name: string;
  kind: 'function' | 'custom';
  /** Arguments that arrived before the name (opened late). */
  pending: string;
  /** Arguments sent so far, to tell whether the call is complete when another starts. */
  sent: string;
  closed: boolean;
}

/** True when a function call's arguments so far are a whole JSON value: no later piece can belong to it. */
function isCompleteJson(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * chat.completion.chunk SSE → canonical events
 * (https://platform.openai.com/docs/api-reference/chat/streaming), robust to
 * what OpenAI-compatible providers do: tool deltas without `index` (matched
 * by id, else the last call), arguments sent whole, several calls in one
 * chunk, one `index` reused for parallel calls with different ids, usage in
 * the last content chunk, an `{"error": …}` chunk, no [DONE]. The finish
 * event is held until [DONE] or the end, so the usage chunk that follows
 * the finish_reason chunk comes before it (Anthropic-style encoders want
 * usage with the stop reason).
 *
 * Parallel tool calls: when a call starts, an earlier call whose arguments
 * are already a whole JSON value is closed (the usual case: OpenAI sends
 * calls one after another, so encoders that allow one open block at a time
 * can stream the next call at once); an earlier call still incomplete stays
 * open, so providers that interleave the deltas of several calls (or send
 * every call's head first) lose nothing: each delta keeps its call's block.
 * Text or reasoning after tool calls closes them.
 */
// The provider is not needed: Chat streams carry no signatures whose origin would matter.
export function createOpenAIChatStreamDecoder(_options: { provider?: string }): StreamDecoder {
  let started = false;
  let done = false;
  let nextBlock = 0;
  let open: { kind: 'text' | 'reasoning'; block: number } | undefined;
  let finish: { finishReason: FinishReason; rawFinishReason?: string } | undefined;
  const toolCalls = new Map<number, ToolCallState>();
  let lastToolKey: number | undefined;
  /** Wire index → the call it currently means (differs only when a provider reuses an index). */
  const wireIndexes = new Map<number, number>();

  const closeToolCall = (events: StreamEvent[], call: ToolCallState): void => {
    if (call.block === undefined || call.closed) return;
    call.closed = true;
    events.push({ type: 'tool-call-end', index: call.block });
  };

  const closeTextOrReasoning = (events: StreamEvent[]): void => {
    if (open !== undefined) events.push(open.kind === 'text' ? { type: 'text-end', index: open.block } : { type: 'reasoning-end', index: open.block });
    open = undefined;
  };

  /** Closes the open text or reasoning block and every open tool call (in the order they opened). */
  const closeOpen = (events: StreamEvent[]): void => {
    closeTextOrReasoning(events);
    const live = [...toolCalls.values()].filter((call) => call.block !== undefined && !call.closed);
    live.sort((first, second) => (first.block ?? 0) - (second.block ?? 0));
    for (const call of live) closeToolCall(events, call);
  };

  const openBlock = (events: StreamEvent[], kind: 'text' | 'reasoning'): number => {
    if (open?.kind === kind) return open.block;
    closeOpen(events);
    const block = nextBlock++;
    open = { kind, block };
    events.push(kind === 'text' ? { type: 'text-start', index: block } : { type: 'reasoning-start', index: block });
    return block;
  };

  /** Opens a call once its name is known, closing the text block and the earlier calls that are complete. */
  const openToolCall = (events: StreamEvent[], call: ToolCallState, key: number): void => {
    closeTextOrReasoning(events);
    for (const earlier of toolCalls.values()) {
      if (earlier !== call && earlier.kind === 'function' && isCompleteJson(earlier.sent)) closeToolCall(events, earlier);
    }
    const block = nextBlock++;
    call.block = block;
    const id = call.id ?? generatedToolCallId(call.name, '', key);
    events.push({ type: 'tool-call-start', index: block, id, name: call.name, kind: call.kind });
    if (call.pending !== '') events.push({ type: 'tool-call-delta', index: block, argumentsDelta: call.pending });
    call.sent = call.pending;
    call.pending = '';
  };

  const toolKey = (delta: WireRecord, id: string | undefined): number => {
    const index = asNumber(delta.index);
    if (index !== undefined) {
      const current = wireIndexes.get(index) ?? index;
      const known = toolCalls.get(current);
      // Some providers give every parallel call index 0: a new id means a new call.
      if (known !== undefined && id !== undefined && known.id !== undefined && known.id !== id) {
        const fresh = Math.max(...toolCalls.keys()) + 1;
        wireIndexes.set(index, fresh);
        return fresh;
      }
      return current;
    }
    if (id !== undefined) {
      for (const [key, call] of toolCalls) if (call.id === id) return key;
      return toolCalls.size === 0 ? 0 : Math.max(...toolCalls.keys()) + 1;
    }
    return lastToolKey ?? 0;
  };

  const decodeToolDelta = (events: StreamEvent[], value: unknown): void => {
    const delta = asObject(value);
    if (delta === undefined) return;
    const id = asString(delta.id) === '' ? undefined : asString(delta.id);
    const key = toolKey(delta, id);
    lastToolKey = key;
    const custom = asObject(delta.custom);
    const fn = asObject(delta.function);
    const nameDelta = asString(custom?.name) ?? asString(fn?.name);
    const argumentsDelta = asString(custom?.input) ?? asString(fn?.arguments) ?? '';
    let call = toolCalls.get(key);
    if (call === undefined) {
      call = { block: undefined, id, name: '', kind: delta.type === 'custom' || custom !== undefined ? 'custom' : 'function', pending: '', sent: '', closed: false };
      toolCalls.set(key, call);
    }
    if (call.closed) return; // a late delta for a call already closed (whole, or followed by text): nowhere valid to put it
    call.id ??= id;
    if (call.block === undefined) {
      if (nameDelta !== undefined) call.name += nameDelta;
      call.pending += argumentsDelta;
      if (call.name !== '') openToolCall(events, call, key);
      return;
    }
    if (argumentsDelta === '') return;
    call.sent += argumentsDelta;
    events.push({ type: 'tool-call-delta', index: call.block, argumentsDelta });
  };

  const closeAll = (events: StreamEvent[]): void => {
    for (const [key, call] of toolCalls) {
      if (call.block === undefined && !call.closed) {
        openToolCall(events, call, key);
      }
    }
    closeOpen(events);
  };

  const complete = (): StreamEvent[] => {
    if (done) return [];
    done = true;
    const events: StreamEvent[] = [];
    closeAll(events);
    events.push({ type: 'finish', ...(finish ?? { finishReason: 'other' }) });
    return events;
  };

  return {
    decode(event: SseEvent): StreamEvent[] {
      if (done) return [];
      if (event.data === '[DONE]') return complete();
      if (event.data.trim() === '') return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        done = true;
        return [{ type: 'error', error: new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: 'upstream sent a stream chunk that is not JSON' }) }];
      }
      const chunk = asObject(parsed);
      if (chunk === undefined) return [];
      const events: StreamEvent[] = [];
      if (chunk.error !== undefined && chunk.error !== null) {
        done = true;
        closeAll(events);
        const status = asNumber(asObject(chunk.error)?.status) ?? 502;
        events.push({ type: 'error', error: decodeOpenAIError(status >= 400 ? status : 502, chunk) });
        return events;
      }
      if (!started) {
        started = true;
        const created = asNumber(chunk.created);
        events.push({ type: 'message-start', id: asString(chunk.id) ?? '', model: asString(chunk.model) ?? '', ...(created === undefined ? {} : { created }) });
      }
      const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
      // Only the first choice is canonical (n > 1 has no place in the event model).
      const choice = asObject(choices.find((candidate) => (asNumber(asObject(candidate)?.index) ?? 0) === 0));
      const delta = asObject(choice?.delta);
      if (delta !== undefined) {
        const reasoning = asString(delta.reasoning_content) ?? asString(delta.reasoning);
        if (reasoning !== undefined && reasoning !== '') {
          events.push({ type: 'reasoning-delta', index: openBlock(events, 'reasoning'), text: reasoning });
        }
        for (const key of ['content', 'refusal'] as const) {
          const text = asString(delta[key]);
          if (text !== undefined && text !== '') events.push({ type: 'text-delta', index: openBlock(events, 'text'), text });
        }
        if (Array.isArray(delta.tool_calls)) for (const toolDelta of delta.tool_calls) decodeToolDelta(events, toolDelta);
      }
      const rawFinishReason = asString(choice?.finish_reason);
      if (rawFinishReason !== undefined) {
        closeAll(events);
        finish = { finishReason: decodeFinishReason(rawFinishReason), rawFinishReason };
      }
      const usage = chunk.usage === null ? undefined : readChatUsage(chunk);
      if (usage !== undefined) events.push({ type: 'usage', usage });
      return events;
    },
    end(): StreamEvent[] {
      return complete();
    },
  };
}
