import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/stream.js';
import type { StreamDecoder } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { decodeAnthropicError } from './errors.js';
import { asObject, asString } from '../../core/json.js';
import { decodeStopReason } from './stop-reason.js';
import { decodeAnthropicUsage, decodePartialAnthropicUsage } from './usage.js';

type BlockKind = 'text' | 'reasoning' | 'tool-call' | 'ignored';

interface OpenBlock {
  kind: BlockKind;
  /** The canonical index (blocks Anthropic sends that have no canonical event are not counted). */
  index: number;
  citations: unknown[];
  /** tool_use input given whole in content_block_start, used if no input_json_delta follows. */
  initialInput?: string;
  sawDelta: boolean;
}

/**
 * Anthropic SSE → canonical events
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming):
 * message_start, content_block_start/delta/stop, message_delta,
 * message_stop, ping, error. Input and cache usage come in message_start,
 * output usage in message_delta (whose cache fields, which some compatible
 * vendors send, are taken too). Server-tool blocks (server_tool_use,
 * web_search_tool_result) have no canonical stream event and are skipped.
 */
export function createAnthropicStreamDecoder(): StreamDecoder {
  const blocks = new Map<number, OpenBlock>();
  let nextIndex = 0;
  let finished = false;
  let failed = false;

  function start(wireIndex: number, block: Record<string, unknown>): StreamEvent[] {
    const index = nextIndex;
    const open: OpenBlock = { kind: 'ignored', index, citations: [], sawDelta: false };
    const events: StreamEvent[] = [];
    switch (block.type) {
      case 'text': {
        open.kind = 'text';
        events.push({ type: 'text-start', index });
        const text = asString(block.text) ?? '';
        if (text !== '') events.push({ type: 'text-delta', index, text });
        break;
      }
      case 'thinking': {
        open.kind = 'reasoning';
        events.push({ type: 'reasoning-start', index });
        const thinking = asString(block.thinking) ?? '';
        if (thinking !== '') events.push({ type: 'reasoning-delta', index, text: thinking });
        const signature = asString(block.signature) ?? '';
        if (signature !== '') events.push({ type: 'reasoning-signature', index, signature });
        break;
      }
      case 'redacted_thinking':
        open.kind = 'reasoning';
        events.push({ type: 'reasoning-start', index, redactedData: asString(block.data) ?? '' });
        break;
      case 'tool_use': {
        open.kind = 'tool-call';
        events.push({ type: 'tool-call-start', index, id: asString(block.id) ?? '', name: asString(block.name) ?? '', kind: 'function' });
        const input = asObject(block.input);
        if (input !== undefined && Object.keys(input).length > 0) open.initialInput = JSON.stringify(input);
        break;
      }
      default:
        break;
    }
    if (open.kind !== 'ignored') nextIndex += 1;
    blocks.set(wireIndex, open);
    return events;
  }

  function delta(open: OpenBlock, value: Record<string, unknown>): StreamEvent[] {
    const index = open.index;
    switch (value.type) {
      case 'text_delta':
        return open.kind === 'text' ? [{ type: 'text-delta', index, text: asString(value.text) ?? '' }] : [];
      case 'citations_delta':
        if (value.citation !== undefined) open.citations.push(value.citation);
        return [];
      case 'thinking_delta':
        return open.kind === 'reasoning' ? [{ type: 'reasoning-delta', index, text: asString(value.thinking) ?? '' }] : [];
      case 'signature_delta':
        return open.kind === 'reasoning' ? [{ type: 'reasoning-signature', index, signature: asString(value.signature) ?? '' }] : [];
      case 'input_json_delta': {
        if (open.kind !== 'tool-call') return [];
        const partial = asString(value.partial_json) ?? '';
        open.sawDelta = true;
        // The first input_json_delta is often empty: nothing to forward.
        return partial === '' ? [] : [{ type: 'tool-call-delta', index, argumentsDelta: partial }];
      }
      default:
        return [];
    }
  }

  function stop(open: OpenBlock): StreamEvent[] {
    const index = open.index;
    switch (open.kind) {
      case 'text':
        return [open.citations.length > 0 ? { type: 'text-end', index, citations: open.citations } : { type: 'text-end', index }];
      case 'reasoning':
        return [{ type: 'reasoning-end', index }];
      case 'tool-call': {
        const events: StreamEvent[] = [];
        if (!open.sawDelta && open.initialInput !== undefined) events.push({ type: 'tool-call-delta', index, argumentsDelta: open.initialInput });
        events.push({ type: 'tool-call-end', index });
        return events;
      }
      case 'ignored':
        return [];
    }
  }

  function closeAll(): StreamEvent[] {
    const events: StreamEvent[] = [];
    for (const open of blocks.values()) events.push(...stop(open));
    blocks.clear();
    return events;
  }

  return {
    decode(event: SseEvent): StreamEvent[] {
      if (finished || failed) return [];
      let data: Record<string, unknown> | undefined;
      try {
        data = asObject(JSON.parse(event.data));
      } catch {
        return [];
      }
      if (data === undefined) return [];
      const type = asString(data.type) ?? event.event;
      switch (type) {
        case 'message_start': {
          const message = asObject(data.message) ?? {};
          const usage = decodeAnthropicUsage(message.usage);
          const started: StreamEvent = { type: 'message-start', id: asString(message.id) ?? '', model: asString(message.model) ?? '' };
          if (usage !== undefined) started.usage = usage;
          return [started];
        }
        case 'content_block_start': {
          const wireIndex = typeof data.index === 'number' ? data.index : blocks.size;
          const events: StreamEvent[] = [];
          // Anthropic never overlaps blocks; if an upstream does, close the old one first.
          const previous = blocks.get(wireIndex);
          if (previous !== undefined) events.push(...stop(previous));
          events.push(...start(wireIndex, asObject(data.content_block) ?? {}));
          return events;
        }
        case 'content_block_delta': {
          const open = blocks.get(typeof data.index === 'number' ? data.index : -1);
          return open === undefined ? [] : delta(open, asObject(data.delta) ?? {});
        }
        case 'content_block_stop': {
          const wireIndex = typeof data.index === 'number' ? data.index : -1;
          const open = blocks.get(wireIndex);
          if (open === undefined) return [];
          blocks.delete(wireIndex);
          return stop(open);
        }
        case 'message_delta': {
          const events: StreamEvent[] = closeAll();
          const usage = decodePartialAnthropicUsage(data.usage);
          if (usage !== undefined) events.push({ type: 'usage', usage });
          const detail = asObject(data.delta) ?? {};
          const raw = asString(detail.stop_reason);
          if (raw !== undefined) {
            const finish: StreamEvent = { type: 'finish', finishReason: decodeStopReason(raw), rawFinishReason: raw };
            const stopSequence = asString(detail.stop_sequence);
            if (stopSequence !== undefined) finish.stopSequence = stopSequence;
            events.push(finish);
            finished = true;
          }
          return events;
        }
        case 'error': {
          failed = true;
          const status = asString(asObject(data.error)?.type) === 'overloaded_error' ? 529 : 500;
          return [...closeAll(), { type: 'error', error: decodeAnthropicError(status, data) }];
        }
        default:
          // ping, message_stop, and event types added later.
          return [];
      }
    },
    end(): StreamEvent[] {
      if (finished || failed) return [];
      const events = closeAll();
      failed = true;
      events.push({
        type: 'error',
        error: new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: 'the upstream stream ended before message_delta / message_stop' }),
      });
      return events;
    },
  };
}
