import { assertNever } from '../../core/assert-never.js';
import type { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/response.js';
import { embedThoughtSignature, sanitizeToolCallId } from '../../core/tool-call-id.js';
import { emptyUsage, mergeUsage, type Usage } from '../../core/usage.js';
import type { StreamEvent } from '../../core/stream.js';
import type { StreamContext, StreamEncoder } from '../codec.js';
import { encodeSseEvent } from '../sse/encode.js';
import { encodeFinishReason } from './finish-reason.js';
import { responseIdFor, responseObject } from './response-object.js';
import type { OutputItem, ResponseStatus } from './types.js';

type OpenBlock =
  | { kind: 'text'; index: number; itemId: string; outputIndex: number; text: string }
  | { kind: 'reasoning'; index: number; itemId: string; outputIndex: number; text: string; partOpen: boolean }
  | { kind: 'tool-call'; index: number; itemId: string; outputIndex: number; name: string; custom: boolean; added: Record<string, unknown>; text: string };

/** The `code` of a Responses error object for a gateway error. */
export function responsesErrorCode(error: GatewayError): string {
  return error.status === 429 ? 'rate_limit_exceeded' : 'server_error';
}

/**
 * Canonical events → Responses SSE, in the order the API streams them
 * (https://platform.openai.com/docs/api-reference/responses-streaming):
 * response.created, response.in_progress, then per output item
 * output_item.added … output_item.done, and response.completed /
 * response.incomplete / response.failed carrying the whole response. Every
 * event has a sequence_number counting from 0; item ids and output_index
 * are fixed when an item is added.
 *
 * A tool call streams: output_item.added (a function_call with empty
 * arguments, or a custom_tool_call with empty input) when it starts, one
 * function_call_arguments.delta (custom_tool_call_input.delta) per piece,
 * then .done and output_item.done when it ends. A Gemini thought signature
 * comes with the start and rides in the call_id (core/tool-call-id.ts).
 * Every event names its item_id and output_index, so interleaved pieces of
 * parallel calls stay with their own item. The terminal event waits for
 * end(), so usage that arrives after the finish event is still counted.
 */
export function createResponsesStreamEncoder(context: StreamContext): StreamEncoder {
  let sequence = 0;
  let responseId = responseIdFor(undefined);
  let createdAt = Math.floor(Date.now() / 1000);
  let started = false;
  let closed = false;
  let usage: Usage | undefined;
  let finishReason: FinishReason | undefined;
  const output: OutputItem[] = [];
  const open = new Map<number, OpenBlock>();

  const emit = (type: string, fields: Record<string, unknown>): string => {
    const data = { type, ...fields, sequence_number: sequence };
    sequence += 1;
    return encodeSseEvent(JSON.stringify(data), type);
  };
  const suffix = (): string => responseId.slice('resp_'.length);
  const snapshot = (status: ResponseStatus, extra: { incompleteReason?: string; error?: { code: string; message: string } } = {}): ReturnType<typeof responseObject> =>
    responseObject({ id: responseId, model: context.model, createdAt, status, output: status === 'in_progress' ? [] : [...output], usage: status === 'in_progress' ? undefined : usage ?? emptyUsage(), ...extra });

  const start = (id?: string, created?: number): string => {
    if (started) return '';
    started = true;
    if (id !== undefined && id !== '') responseId = responseIdFor(id);
    if (created !== undefined) createdAt = created;
    return emit('response.created', { response: snapshot('in_progress') }) + emit('response.in_progress', { response: snapshot('in_progress') });
  };

  const openText = (index: number): string => {
    const outputIndex = output.length;
    const itemId = `msg_${suffix()}_${outputIndex}`;
    output.push({ id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] });
    open.set(index, { kind: 'text', index, itemId, outputIndex, text: '' });
    return (
      emit('response.output_item.added', { output_index: outputIndex, item: { id: itemId, type: 'message', status: 'in_progress', content: [], role: 'assistant' } }) +
      emit('response.content_part.added', { item_id: itemId, output_index: outputIndex, content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } })
    );
  };

  const closeText = (block: Extract<OpenBlock, { kind: 'text' }>, citations: unknown[] = []): string => {
    const part = { type: 'output_text', annotations: citations, logprobs: [], text: block.text };
    const item = { id: block.itemId, type: 'message', status: 'completed', content: [part], role: 'assistant' };
    output[block.outputIndex] = item;
    const where = { item_id: block.itemId, output_index: block.outputIndex, content_index: 0 };
    return (
      emit('response.output_text.done', { ...where, text: block.text, logprobs: [] }) +
      emit('response.content_part.done', { ...where, part }) +
      emit('response.output_item.done', { output_index: block.outputIndex, item })
    );
  };

  const openReasoning = (index: number, itemId: string | undefined): string => {
    const outputIndex = output.length;
    const id = itemId ?? `rs_${suffix()}_${outputIndex}`;
    output.push({ id, type: 'reasoning', summary: [] });
    open.set(index, { kind: 'reasoning', index, itemId: id, outputIndex, text: '', partOpen: false });
    return emit('response.output_item.added', { output_index: outputIndex, item: { id, type: 'reasoning', summary: [] } });
  };

  const reasoningDelta = (block: Extract<OpenBlock, { kind: 'reasoning' }>, text: string): string => {
    let out = '';
    const where = { item_id: block.itemId, output_index: block.outputIndex, summary_index: 0 };
    if (!block.partOpen) {
      block.partOpen = true;
      out += emit('response.reasoning_summary_part.added', { ...where, part: { type: 'summary_text', text: '' } });
    }
    block.text += text;
    return out + emit('response.reasoning_summary_text.delta', { ...where, delta: text });
  };

  const closeReasoning = (block: Extract<OpenBlock, { kind: 'reasoning' }>, encryptedContent: string | undefined): string => {
    let out = '';
    const where = { item_id: block.itemId, output_index: block.outputIndex, summary_index: 0 };
    if (block.partOpen) {
      out += emit('response.reasoning_summary_text.done', { ...where, text: block.text });
      out += emit('response.reasoning_summary_part.done', { ...where, part: { type: 'summary_text', text: block.text } });
    }
    const item: Record<string, unknown> = { id: block.itemId, type: 'reasoning', summary: block.partOpen ? [{ type: 'summary_text', text: block.text }] : [] };
    // Only a Responses upstream produces encrypted_content (the translated path never pairs Responses with itself).
    if (encryptedContent !== undefined) item.encrypted_content = encryptedContent;
    output[block.outputIndex] = item;
    return out + emit('response.output_item.done', { output_index: block.outputIndex, item });
  };

  const openToolCall = (event: Extract<StreamEvent, { type: 'tool-call-start' }>): string => {
    const outputIndex = output.length;
    const custom = event.kind === 'custom';
    const callId = embedThoughtSignature(event.id, event.thoughtSignature);
    const itemId = event.itemId ?? `${custom ? 'ctc' : 'fc'}_${sanitizeToolCallId(event.id)}`;
    const added = custom
      ? { id: itemId, type: 'custom_tool_call', status: 'in_progress', call_id: callId, name: event.name, input: '' }
      : { id: itemId, type: 'function_call', status: 'in_progress', arguments: '', call_id: callId, name: event.name };
    output.push(added);
    open.set(event.index, { kind: 'tool-call', index: event.index, itemId, outputIndex, name: event.name, custom, added, text: '' });
    return emit('response.output_item.added', { output_index: outputIndex, item: added });
  };

  const toolCallDelta = (block: Extract<OpenBlock, { kind: 'tool-call' }>, delta: string): string => {
    block.text += delta;
    const type = block.custom ? 'response.custom_tool_call_input.delta' : 'response.function_call_arguments.delta';
    return emit(type, { item_id: block.itemId, output_index: block.outputIndex, delta });
  };

  const closeToolCall = (block: Extract<OpenBlock, { kind: 'tool-call' }>): string => {
    const where = { item_id: block.itemId, output_index: block.outputIndex };
    const done = block.custom ? { ...block.added, status: 'completed', input: block.text } : { ...block.added, status: 'completed', arguments: block.text };
    output[block.outputIndex] = done;
    const finished = block.custom
      ? emit('response.custom_tool_call_input.done', { ...where, input: block.text })
      : emit('response.function_call_arguments.done', { ...where, name: block.name, arguments: block.text });
    return finished + emit('response.output_item.done', { output_index: block.outputIndex, item: done });
  };

  const terminal = (): string => {
    closed = true;
    const { status, incompleteReason } = encodeFinishReason(finishReason ?? 'stop');
    if (status === 'failed') {
      return emit('response.failed', { response: snapshot('failed', { error: { code: 'server_error', message: 'The upstream model failed to complete the response.' } }) });
    }
    const type = status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    return emit(type, { response: snapshot(status, incompleteReason === undefined ? {} : { incompleteReason }) });
  };

  const fail = (error: GatewayError): string => {
    closed = true;
    const code = responsesErrorCode(error);
    return (
      emit('error', { code, message: error.message, param: error.param ?? null }) +
      emit('response.failed', { response: snapshot('failed', { error: { code, message: error.message } }) })
    );
  };

  return {
    encode(event) {
      if (closed) return '';
      if (event.type === 'message-start') {
        // Anthropic upstreams report input and cache usage here, not in a later usage event.
        if (event.usage !== undefined) usage = mergeUsage(usage, event.usage);
        return start(event.id, event.created);
      }
      const out = start();
      switch (event.type) {
        case 'text-start':
          return out + openText(event.index);
        case 'text-delta': {
          const block = open.get(event.index);
          if (block?.kind !== 'text' || event.text === '') return out;
          block.text += event.text;
          return out + emit('response.output_text.delta', { item_id: block.itemId, output_index: block.outputIndex, content_index: 0, delta: event.text, logprobs: [] });
        }
        case 'text-end': {
          const block = open.get(event.index);
          if (block?.kind !== 'text') return out;
          open.delete(event.index);
          return out + closeText(block, event.citations);
        }
        case 'reasoning-start':
          return out + openReasoning(event.index, event.itemId);
        case 'reasoning-delta': {
          const block = open.get(event.index);
          return block?.kind === 'reasoning' && event.text !== '' ? out + reasoningDelta(block, event.text) : out;
        }
        case 'reasoning-signature':
          // An Anthropic signature has no place in a Responses stream.
          return out;
        case 'reasoning-end': {
          const block = open.get(event.index);
          if (block?.kind !== 'reasoning') return out;
          open.delete(event.index);
          return out + closeReasoning(block, event.encryptedContent);
        }
        case 'tool-call-start':
          return out + openToolCall(event);
        case 'tool-call-delta': {
          const block = open.get(event.index);
          return block?.kind === 'tool-call' && event.argumentsDelta !== '' ? out + toolCallDelta(block, event.argumentsDelta) : out;
        }
        case 'tool-call-end': {
          const block = open.get(event.index);
          if (block?.kind !== 'tool-call') return out;
          open.delete(event.index);
          return out + closeToolCall(block);
        }
        case 'usage':
          usage = mergeUsage(usage, event.usage);
          return out;
        case 'finish':
          finishReason = event.finishReason;
          return out;
        case 'error':
          return out + fail(event.error);
        default:
          return assertNever(event);
      }
    },
    end() {
      if (closed) return '';
      let out = start();
      // Close whatever the upstream left open, so every added item is done.
      for (const block of [...open.values()]) {
        open.delete(block.index);
        if (block.kind === 'text') out += closeText(block);
        else if (block.kind === 'reasoning') out += closeReasoning(block, undefined);
        else out += closeToolCall(block);
      }
      return out + terminal();
    },
  };
}
