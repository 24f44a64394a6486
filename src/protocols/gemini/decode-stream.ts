import { GatewayError } from '../../core/errors.js';
import { randomId } from '../../core/ids.js';
import type { FinishReason } from '../../core/response.js';
import type { StreamEvent } from '../../core/stream.js';
import { generatedToolCallId } from '../../core/tool-call-id.js';
import type { StreamDecoder } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { decodeGeminiError } from './errors.js';
import { decodeFinishReason } from './finish-reason.js';
import { arrayOf, asObject, asString } from '../../core/json.js';
import { firstCandidate, parseJsonText } from './json.js';
import { readGeminiUsage } from './usage.js';

/**
 * Gemini alt=sse → canonical events. Every chunk is a whole
 * GenerateContentResponse: text and thought parts arrive as pieces of text,
 * function calls arrive whole (start with the thought signature, one delta
 * with all the arguments, end), usageMetadata is cumulative, and
 * finishReason is STOP even for a turn of function calls. The finish event
 * is held until the stream ends so it comes after the last usage, exactly
 * once.
 */
export function createGeminiStreamDecoder(_options: { provider?: string }): StreamDecoder {
  let started = false;
  let nextIndex = 0;
  let open: { kind: 'text' | 'reasoning'; index: number } | undefined;
  let callPosition = 0;
  let sawToolCall = false;
  let rawFinish: string | undefined;
  let failed = false;
  let ended = false;

  function closeOpen(events: StreamEvent[]): void {
    if (open === undefined) return;
    events.push(open.kind === 'text' ? { type: 'text-end', index: open.index } : { type: 'reasoning-end', index: open.index });
    open = undefined;
  }

  function ensureOpen(kind: 'text' | 'reasoning', events: StreamEvent[]): number {
    if (open?.kind === kind) return open.index;
    closeOpen(events);
    open = { kind, index: nextIndex };
    nextIndex += 1;
    events.push(kind === 'text' ? { type: 'text-start', index: open.index } : { type: 'reasoning-start', index: open.index });
    return open.index;
  }

  function decodeParts(parts: unknown[], events: StreamEvent[]): void {
    for (const value of parts) {
      const part = asObject(value);
      if (part === undefined) continue;
      const signature = asString(part.thoughtSignature);
      const call = asObject(part.functionCall);
      if (call !== undefined) {
        closeOpen(events);
        const name = asString(call.name) ?? '';
        const argumentsText = JSON.stringify(asObject(call.args) ?? {});
        const id = asString(call.id) ?? generatedToolCallId(name, argumentsText, callPosition);
        callPosition += 1;
        sawToolCall = true;
        const index = nextIndex;
        nextIndex += 1;
        events.push(signature === undefined ? { type: 'tool-call-start', index, id, name } : { type: 'tool-call-start', index, id, name, thoughtSignature: signature });
        events.push({ type: 'tool-call-delta', index, argumentsDelta: argumentsText });
        events.push({ type: 'tool-call-end', index });
        continue;
      }
      const text = asString(part.text);
      if (text === undefined) continue;
      if (part.thought === true) {
        const index = ensureOpen('reasoning', events);
        // A signature on a thought part is not forwarded: Gemini does not require it back
        // (only functionCall signatures are checked), and stream events do not say whose a
        // signature is, so an Anthropic encoder would pass it off as its own and a later
        // Anthropic upstream would reject it ("Invalid signature in thinking block").
        if (text !== '') events.push({ type: 'reasoning-delta', index, text });
        continue;
      }
      // An empty text part carrying only a signature ends a turn without calls; nothing to show.
      if (text === '') continue;
      const index = ensureOpen('text', events);
      events.push({ type: 'text-delta', index, text });
    }
  }

  return {
    decode(event: SseEvent): StreamEvent[] {
      if (failed || ended) return [];
      const chunk = asObject(parseJsonText(event.data));
      if (chunk === undefined) return [];
      const events: StreamEvent[] = [];
      if (chunk.error !== undefined) {
        closeOpen(events);
        failed = true;
        const error = decodeGeminiError(0, chunk);
        events.push({ type: 'error', error });
        return events;
      }
      if (!started) {
        started = true;
        events.push({ type: 'message-start', id: asString(chunk.responseId) ?? randomId('gen-'), model: asString(chunk.modelVersion) ?? '' });
      }
      const candidate = firstCandidate(chunk.candidates);
      decodeParts(arrayOf(asObject(candidate?.content)?.parts), events);
      const usage = readGeminiUsage(chunk);
      if (usage !== undefined) events.push({ type: 'usage', usage });
      const finish = asString(candidate?.finishReason);
      if (finish !== undefined) rawFinish = finish;
      if (candidate === undefined && asString(asObject(chunk.promptFeedback)?.blockReason) !== undefined) rawFinish = 'SAFETY';
      return events;
    },
    end(): StreamEvent[] {
      if (failed || ended) return [];
      ended = true;
      const events: StreamEvent[] = [];
      closeOpen(events);
      if (!started) {
        events.push({
          type: 'error',
          error: new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: 'Gemini ended the stream without a response' }),
        });
        return events;
      }
      const finishReason: FinishReason = decodeFinishReason(rawFinish, sawToolCall);
      events.push(rawFinish === undefined ? { type: 'finish', finishReason } : { type: 'finish', finishReason, rawFinishReason: rawFinish });
      return events;
    },
  };
}
