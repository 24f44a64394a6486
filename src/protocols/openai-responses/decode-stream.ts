import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/stream.js';
import type { StreamDecoder } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { failedResponseError, streamErrorEvent } from './errors.js';
import { decodeFinishReason } from './finish-reason.js';
import { asNumber, asObject, asString, type JsonObject } from '../../core/json.js';
import { readResponsesUsage } from './read-usage.js';

type OpenBlock =
  | { kind: 'text'; index: number }
  | { kind: 'reasoning'; index: number; summaryParts: number; sawText: boolean }
  | { kind: 'tool-call'; index: number; sawArguments: boolean };

/**
 * Responses SSE → canonical events. Output items and their content parts
 * become blocks numbered in the order they open; a function call whose
 * arguments arrived only in output_item.done still gets one delta. Items
 * only Responses understands (web_search_call, …) have no stream event and
 * are dropped here. Stream events carry no block origin, so the provider
 * option of the codec interface is not needed.
 */
export function createResponsesStreamDecoder(): StreamDecoder {
  let nextIndex = 0;
  let started = false;
  let finished = false;
  let sawToolCall = false;
  /** Open blocks by key: "item:<output_index>" or "text:<output_index>:<content_index>". */
  const open = new Map<string, OpenBlock>();

  const close = (key: string, extra: Partial<{ encryptedContent: string; citations: unknown[] }> = {}): StreamEvent[] => {
    const block = open.get(key);
    if (block === undefined) return [];
    open.delete(key);
    switch (block.kind) {
      case 'text':
        return [extra.citations !== undefined && extra.citations.length > 0 ? { type: 'text-end', index: block.index, citations: extra.citations } : { type: 'text-end', index: block.index }];
      case 'reasoning':
        return [extra.encryptedContent !== undefined ? { type: 'reasoning-end', index: block.index, encryptedContent: extra.encryptedContent } : { type: 'reasoning-end', index: block.index }];
      case 'tool-call':
        return [{ type: 'tool-call-end', index: block.index }];
    }
  };

  const closeAll = (): StreamEvent[] => [...open.keys()].flatMap((key) => close(key));

  const itemAdded = (event: JsonObject): StreamEvent[] => {
    const item = asObject(event.item) ?? {};
    const key = `item:${asNumber(event.output_index) ?? 0}`;
    if (item.type === 'reasoning') {
      const index = nextIndex++;
      open.set(key, { kind: 'reasoning', index, summaryParts: 0, sawText: false });
      const itemId = asString(item.id);
      return [itemId === undefined ? { type: 'reasoning-start', index } : { type: 'reasoning-start', index, itemId }];
    }
    if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      sawToolCall = true;
      const index = nextIndex++;
      open.set(key, { kind: 'tool-call', index, sawArguments: false });
      const start: StreamEvent = {
        type: 'tool-call-start',
        index,
        id: asString(item.call_id) ?? asString(item.id) ?? '',
        name: asString(item.name) ?? '',
        kind: item.type === 'custom_tool_call' ? 'custom' : 'function',
      };
      const itemId = asString(item.id);
      if (itemId !== undefined) start.itemId = itemId;
      const initial = asString(item.type === 'custom_tool_call' ? item.input : item.arguments) ?? '';
      if (initial === '') return [start];
      open.set(key, { kind: 'tool-call', index, sawArguments: true });
      return [start, { type: 'tool-call-delta', index, argumentsDelta: initial }];
    }
    return [];
  };

  const itemDone = (event: JsonObject): StreamEvent[] => {
    const item = asObject(event.item) ?? {};
    const outputIndex = asNumber(event.output_index) ?? 0;
    const key = `item:${outputIndex}`;
    const block = open.get(key);
    if (block?.kind === 'tool-call' && !block.sawArguments) {
      const full = asString(item.type === 'custom_tool_call' ? item.input : item.arguments) ?? '';
      const events: StreamEvent[] = full === '' ? [] : [{ type: 'tool-call-delta', index: block.index, argumentsDelta: full }];
      return [...events, ...close(key)];
    }
    if (block?.kind === 'reasoning') {
      const encrypted = asString(item.encrypted_content);
      // A summary that arrived only whole, in the done item, is still the reasoning's text.
      const summary = Array.isArray(item.summary) ? item.summary.map((entry) => asString(asObject(entry)?.text) ?? '').filter((text) => text !== '') : [];
      const whole: StreamEvent[] = !block.sawText && summary.length > 0 ? [{ type: 'reasoning-delta', index: block.index, text: summary.join('\n\n') }] : [];
      return [...whole, ...close(key, encrypted === undefined ? {} : { encryptedContent: encrypted })];
    }
    // A message item: close any of its content parts still open.
    const prefix = `text:${outputIndex}:`;
    return [...[...open.keys()].filter((candidate) => candidate.startsWith(prefix)).flatMap((candidate) => close(candidate)), ...close(key)];
  };

  const reasoningDelta = (event: JsonObject, text: string): StreamEvent[] => {
    const block = open.get(`item:${asNumber(event.output_index) ?? 0}`);
    if (block?.kind !== 'reasoning' || text === '') return [];
    block.sawText = true;
    return [{ type: 'reasoning-delta', index: block.index, text }];
  };

  const terminal = (event: JsonObject): StreamEvent[] => {
    const response = asObject(event.response) ?? {};
    const events: StreamEvent[] = closeAll();
    const usage = readResponsesUsage(response.usage);
    if (usage !== undefined) events.push({ type: 'usage', usage });
    finished = true;
    if (event.type === 'response.failed') {
      events.push({ type: 'error', error: failedResponseError(response) });
      return events;
    }
    const { finishReason, rawFinishReason } = decodeFinishReason({
      status: asString(response.status) ?? (event.type === 'response.incomplete' ? 'incomplete' : 'completed'),
      incompleteReason: asString(asObject(response.incomplete_details)?.reason),
      hasToolCalls: sawToolCall,
    });
    events.push({ type: 'finish', finishReason, rawFinishReason });
    return events;
  };

  const decodeEvent = (event: JsonObject): StreamEvent[] => {
    const outputIndex = asNumber(event.output_index) ?? 0;
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress': {
        if (started) return [];
        started = true;
        const response = asObject(event.response) ?? {};
        const created = asNumber(response.created_at);
        const start: StreamEvent = { type: 'message-start', id: asString(response.id) ?? '', model: asString(response.model) ?? '' };
        if (created !== undefined) start.created = created;
        return [start];
      }
      case 'response.output_item.added':
        return itemAdded(event);
      case 'response.output_item.done':
        return itemDone(event);
      case 'response.content_part.added': {
        const part = asObject(event.part);
        if (part?.type !== 'output_text' && part?.type !== 'refusal') return [];
        const index = nextIndex++;
        open.set(`text:${outputIndex}:${asNumber(event.content_index) ?? 0}`, { kind: 'text', index });
        return [{ type: 'text-start', index }];
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const block = open.get(`text:${outputIndex}:${asNumber(event.content_index) ?? 0}`);
        const delta = asString(event.delta) ?? '';
        return block === undefined || delta === '' ? [] : [{ type: 'text-delta', index: block.index, text: delta }];
      }
      case 'response.content_part.done': {
        const part = asObject(event.part);
        const annotations = Array.isArray(part?.annotations) ? part.annotations : [];
        return close(`text:${outputIndex}:${asNumber(event.content_index) ?? 0}`, { citations: annotations });
      }
      case 'response.reasoning_summary_part.added': {
        const block = open.get(`item:${outputIndex}`);
        if (block?.kind !== 'reasoning') return [];
        block.summaryParts += 1;
        // Summary parts are paragraphs of one reasoning text.
        return block.summaryParts > 1 ? reasoningDelta(event, '\n\n') : [];
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return reasoningDelta(event, asString(event.delta) ?? '');
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': {
        const block = open.get(`item:${outputIndex}`);
        const delta = asString(event.delta) ?? '';
        if (block?.kind !== 'tool-call' || delta === '') return [];
        block.sawArguments = true;
        return [{ type: 'tool-call-delta', index: block.index, argumentsDelta: delta }];
      }
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        return terminal(event);
      case 'error':
        finished = true;
        return [...closeAll(), { type: 'error', error: streamErrorEvent(event) }];
      default:
        return [];
    }
  };

  return {
    decode(sse: SseEvent) {
      if (finished || sse.data === '' || sse.data === '[DONE]') return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(sse.data);
      } catch {
        return [];
      }
      const event = asObject(parsed);
      if (event === undefined) return [];
      if (event.type === undefined && sse.event !== undefined) event.type = sse.event;
      return decodeEvent(event);
    },
    end() {
      if (finished) return [];
      finished = true;
      return [
        ...closeAll(),
        { type: 'error', error: new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, retryable: true, message: 'upstream stream ended before response.completed' }) },
      ];
    },
  };
}
