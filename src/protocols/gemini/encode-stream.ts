import { assertNever } from '../../core/assert-never.js';
import { randomId } from '../../core/ids.js';
import type { StreamEvent } from '../../core/stream.js';
import { emptyUsage, mergeUsage, type Usage } from '../../core/usage.js';
import type { StreamContext, StreamEncoder } from '../codec.js';
import { encodeSseEvent } from '../sse/encode.js';
import { geminiErrorBody } from './errors.js';
import { encodeFinishReason } from './finish-reason.js';
import { asObject } from '../../core/json.js';
import { parseJsonText } from './json.js';
import type { GeminiPart, GeminiResponse } from './types.js';
import { encodeGeminiUsage } from './usage.js';

/**
 * Canonical events → Gemini alt=sse chunks, each a whole
 * GenerateContentResponse. Text and thought deltas go out as they come;
 * a tool call's argument deltas are buffered and the functionCall is sent
 * whole when the call ends (Gemini clients expect whole calls). The last
 * chunk carries finishReason and the final usageMetadata. Reasoning
 * signatures are not forwarded: stream events do not say which family
 * signed them, and a foreign one replayed to Gemini would be rejected.
 */
export function createGeminiStreamEncoder(context: StreamContext): StreamEncoder {
  let responseId = randomId('gen-');
  let usage: Usage = emptyUsage();
  let sawUsage = false;
  const calls = new Map<number, { id: string; name: string; arguments: string; custom: boolean; thoughtSignature?: string }>();
  let pendingFinish: { finishReason: string } | undefined;
  let closed = false;

  function chunk(parts: GeminiPart[], finishReason?: string): string {
    const body: GeminiResponse = {
      candidates: [{ content: { role: 'model', parts }, ...(finishReason === undefined ? {} : { finishReason }), index: 0 }],
      modelVersion: context.model,
      responseId,
    };
    if (sawUsage || finishReason !== undefined) body.usageMetadata = encodeGeminiUsage(usage);
    return encodeSseEvent(JSON.stringify(body));
  }

  function finalChunk(): string {
    if (pendingFinish === undefined) return '';
    const text = chunk([], pendingFinish.finishReason);
    pendingFinish = undefined;
    return text;
  }

  return {
    encode(event: StreamEvent): string {
      if (closed) return '';
      switch (event.type) {
        case 'message-start':
          if (event.id !== '') responseId = event.id;
          if (event.usage !== undefined) usage = mergeUsage(usage, event.usage);
          return '';
        case 'text-start':
        case 'text-end':
        case 'reasoning-start':
        case 'reasoning-end':
        case 'reasoning-signature':
          return '';
        case 'text-delta':
          return event.text === '' ? '' : chunk([{ text: event.text }]);
        case 'reasoning-delta':
          return event.text === '' ? '' : chunk([{ text: event.text, thought: true }]);
        case 'tool-call-start':
          calls.set(event.index, { id: event.id, name: event.name, arguments: '', custom: event.kind === 'custom', ...(event.thoughtSignature === undefined ? {} : { thoughtSignature: event.thoughtSignature }) });
          return '';
        case 'tool-call-delta': {
          const call = calls.get(event.index);
          if (call !== undefined) call.arguments += event.argumentsDelta;
          return '';
        }
        case 'tool-call-end': {
          const call = calls.get(event.index);
          if (call === undefined) return '';
          calls.delete(event.index);
          const args = call.custom ? { input: call.arguments } : (asObject(parseJsonText(call.arguments === '' ? '{}' : call.arguments)) ?? {});
          const part: GeminiPart = { functionCall: { id: call.id, name: call.name, args } };
          if (call.thoughtSignature !== undefined) part.thoughtSignature = call.thoughtSignature;
          return chunk([part]);
        }
        case 'usage':
          sawUsage = true;
          usage = mergeUsage(usage, event.usage);
          return '';
        case 'finish':
          pendingFinish = { finishReason: encodeFinishReason(event.finishReason, event.rawFinishReason) };
          return '';
        case 'error':
          closed = true;
          return encodeSseEvent(JSON.stringify(geminiErrorBody(event.error)));
        default:
          return assertNever(event);
      }
    },
    end(): string {
      if (closed) return '';
      closed = true;
      // Usage may follow the finish event from some upstreams; the last chunk waits for it.
      return finalChunk();
    },
  };
}
