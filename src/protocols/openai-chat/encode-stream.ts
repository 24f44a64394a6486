import type { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/response.js';
import type { StreamEvent } from '../../core/stream.js';
import { embedThoughtSignature } from '../../core/tool-call-id.js';
import { emptyUsage, mergeUsage, type Usage } from '../../core/usage.js';
import { assertNever } from '../../core/assert-never.js';
import type { StreamContext, StreamEncoder } from '../codec.js';
import { encodeSseEvent } from '../sse/encode.js';
import { chatCompletionId } from './encode-response.js';
import { encodeChatUsage } from './encode-usage.js';
import { encodeFinishReason } from './finish-reason.js';
import { renderOpenAIError } from './render-error.js';
import type { WireRecord } from './types.js';

interface OpenToolCall {
  chatIndex: number;
  kind: 'function' | 'custom';
}

/**
 * Canonical events → chat.completion.chunk SSE
 * (https://platform.openai.com/docs/api-reference/chat/streaming):
 * - the first chunk carries delta.role "assistant";
 * - tool_calls[].index counts tool calls only, not content blocks;
 * - a tool call goes out as it comes: a delta with index, id, type and name
 *   (empty arguments) when it starts, then one delta per argument piece
 *   with the same index, as OpenAI streams them. A Gemini thought signature
 *   comes with the start and rides in the id (core/tool-call-id.ts);
 *   interleaved pieces of parallel calls keep each call's own index;
 * - reasoning text goes out as delta.reasoning_content; signatures cannot
 *   (Chat has no field for them) and are dropped;
 * - exactly one chunk with finish_reason, always, even when the stream ends
 *   in an error (clients wait for it, Portkey PR #1143); the usage chunk
 *   (empty choices) follows only when the client asked for it; then [DONE].
 */
export function createOpenAIChatStreamEncoder(context: StreamContext): StreamEncoder {
  let id = chatCompletionId('');
  let created = Math.floor(Date.now() / 1000);
  let started = false;
  let finished = false;
  let closed = false;
  let usage: Usage | undefined;
  let nextToolIndex = 0;
  /** Canonical block index → the call's Chat index (tool_calls[].index counts tool calls only). */
  const toolCalls = new Map<number, OpenToolCall>();

  const chunk = (delta: WireRecord, finishReason: string | null = null): string =>
    encodeSseEvent(
      JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model: context.model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      }),
    );

  /** The role chunk, once, before anything else the client sees. */
  const start = (): string => {
    if (started) return '';
    started = true;
    return chunk({ role: 'assistant', content: '' });
  };

  const finish = (reason: FinishReason, raw?: string): string => {
    if (finished) return '';
    finished = true;
    return start() + chunk({}, encodeFinishReason(reason, raw));
  };

  const fail = (error: GatewayError): string => {
    const text = encodeSseEvent(JSON.stringify(renderOpenAIError(error).body)) + finish('error') + encodeSseEvent('[DONE]');
    closed = true;
    return text;
  };

  return {
    encode(event: StreamEvent): string {
      if (closed) return '';
      switch (event.type) {
        case 'message-start':
          if (event.id !== '') id = chatCompletionId(event.id);
          if (event.created !== undefined) created = event.created;
          if (event.usage !== undefined) usage = mergeUsage(usage, event.usage);
          return start();
        case 'text-start':
        case 'reasoning-start':
          return start();
        case 'text-delta':
          return event.text === '' ? '' : start() + chunk({ content: event.text });
        case 'reasoning-delta':
          return event.text === '' ? '' : start() + chunk({ reasoning_content: event.text });
        case 'text-end':
        case 'reasoning-end':
        case 'reasoning-signature':
          return '';
        case 'tool-call-start': {
          const call: OpenToolCall = { chatIndex: nextToolIndex++, kind: event.kind ?? 'function' };
          toolCalls.set(event.index, call);
          const callId = embedThoughtSignature(event.id, event.thoughtSignature);
          const head =
            call.kind === 'custom'
              ? { index: call.chatIndex, id: callId, type: 'custom', custom: { name: event.name, input: '' } }
              : { index: call.chatIndex, id: callId, type: 'function', function: { name: event.name, arguments: '' } };
          return start() + chunk({ tool_calls: [head] });
        }
        case 'tool-call-delta': {
          const call = toolCalls.get(event.index);
          if (call === undefined || event.argumentsDelta === '') return '';
          const body = call.kind === 'custom' ? { custom: { input: event.argumentsDelta } } : { function: { arguments: event.argumentsDelta } };
          return chunk({ tool_calls: [{ index: call.chatIndex, ...body }] });
        }
        case 'tool-call-end':
          toolCalls.delete(event.index);
          return '';
        case 'usage':
          usage = mergeUsage(usage, event.usage);
          return '';
        case 'finish':
          return finish(event.finishReason, event.rawFinishReason);
        case 'error':
          return fail(event.error);
        default:
          return assertNever(event);
      }
    },
    end(): string {
      if (closed) return '';
      closed = true;
      let text = finish('stop');
      if (context.includeUsage === true) {
        text += encodeSseEvent(
          JSON.stringify({ id, object: 'chat.completion.chunk', created, model: context.model, choices: [], usage: encodeChatUsage(usage ?? emptyUsage()) }),
        );
      }
      return text + encodeSseEvent('[DONE]');
    },
  };
}

