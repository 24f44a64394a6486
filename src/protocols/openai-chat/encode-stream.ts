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

interface PendingToolCall {
  chatIndex: number;
  id: string;
  name: string;
  kind: 'function' | 'custom';
  arguments: string;
}

/**
 * Canonical events → chat.completion.chunk SSE
 * (https://platform.openai.com/docs/api-reference/chat/streaming):
 * - the first chunk carries delta.role "assistant";
 * - tool_calls[].index counts tool calls only, not content blocks;
 * - a tool call is sent when it ends: first a delta with id, type and
 *   name, then one with the arguments. Holding it back is the price of the
 *   Gemini thought signature, which arrives on tool-call-end and must ride
 *   in the id (core/tool-call-id.ts); text and reasoning still stream;
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
  const toolCalls = new Map<number, PendingToolCall>();

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

  const sendToolCall = (call: PendingToolCall, thoughtSignature: string | undefined): string => {
    const callId = embedThoughtSignature(call.id, thoughtSignature);
    const head =
      call.kind === 'custom'
        ? { index: call.chatIndex, id: callId, type: 'custom', custom: { name: call.name, input: '' } }
        : { index: call.chatIndex, id: callId, type: 'function', function: { name: call.name, arguments: '' } };
    let text = start() + chunk({ tool_calls: [head] });
    if (call.arguments !== '') {
      const body = call.kind === 'custom' ? { custom: { input: call.arguments } } : { function: { arguments: call.arguments } };
      text += chunk({ tool_calls: [{ index: call.chatIndex, ...body }] });
    }
    return text;
  };

  const flushToolCalls = (): string => {
    let text = '';
    for (const call of toolCalls.values()) text += sendToolCall(call, undefined);
    toolCalls.clear();
    return text;
  };

  const fail = (error: GatewayError): string => {
    const text = flushToolCalls() + encodeSseEvent(JSON.stringify(renderOpenAIError(error).body)) + finish('error') + encodeSseEvent('[DONE]');
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
        case 'tool-call-start':
          toolCalls.set(event.index, {
            chatIndex: nextToolIndex++,
            id: event.id,
            name: event.name,
            kind: event.kind ?? 'function',
            arguments: '',
          });
          return start();
        case 'tool-call-delta': {
          const call = toolCalls.get(event.index);
          if (call !== undefined) call.arguments += event.argumentsDelta;
          return '';
        }
        case 'tool-call-end': {
          const call = toolCalls.get(event.index);
          if (call === undefined) return '';
          toolCalls.delete(event.index);
          return sendToolCall(call, event.thoughtSignature);
        }
        case 'usage':
          usage = mergeUsage(usage, event.usage);
          return '';
        case 'finish':
          return flushToolCalls() + finish(event.finishReason, event.rawFinishReason);
        case 'error':
          return fail(event.error);
        default:
          return assertNever(event);
      }
    },
    end(): string {
      if (closed) return '';
      closed = true;
      let text = flushToolCalls() + finish('stop');
      if (context.includeUsage === true) {
        text += encodeSseEvent(
          JSON.stringify({ id, object: 'chat.completion.chunk', created, model: context.model, choices: [], usage: encodeChatUsage(usage ?? emptyUsage()) }),
        );
      }
      return text + encodeSseEvent('[DONE]');
    },
  };
}

