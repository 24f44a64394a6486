import { anthropicMessageId } from './encode-response.js';
import type { StreamEvent } from '../../core/stream.js';
import { embedThoughtSignature } from '../../core/tool-call-id.js';
import type { Usage } from '../../core/usage.js';
import type { StreamContext, StreamEncoder } from '../codec.js';
import { encodeSseEvent } from '../sse/encode.js';
import { encodeAnthropicStreamError } from './errors.js';
import { encodeStopReason } from './stop-reason.js';
import { encodeAnthropicUsage } from './usage.js';

type BlockEvent = Exclude<StreamEvent, { type: 'message-start' | 'usage' | 'finish' | 'error' }>;

interface Block {
  kind: 'text' | 'reasoning' | 'tool-call';
  /** Events that arrived while another block was on the wire. */
  held: BlockEvent[];
  ended: boolean;
  wireIndex: number;
  /** Set when the tool call's start is written: custom calls wrap their raw text as {"input": "…"}. */
  toolKind?: 'function' | 'custom';
}

function send(type: string, payload: Record<string, unknown>): string {
  return encodeSseEvent(JSON.stringify({ type, ...payload }), type);
}

function inputJsonDelta(index: number, partialJson: string): string {
  return send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: partialJson } });
}

function kindOf(event: BlockEvent): Block['kind'] {
  if (event.type.startsWith('text')) return 'text';
  if (event.type.startsWith('reasoning')) return 'reasoning';
  return 'tool-call';
}

function endEvent(block: Block, index: number): BlockEvent {
  switch (block.kind) {
    case 'text':
      return { type: 'text-end', index };
    case 'reasoning':
      return { type: 'reasoning-end', index };
    case 'tool-call':
      return { type: 'tool-call-end', index };
  }
}

/**
 * Canonical events → Anthropic SSE. Anthropic numbers content blocks in one
 * sequence and allows one open block at a time, so a block that starts while
 * another is open waits (its events held) until that one stops, then plays
 * out under its own index: interleaved text, thinking and parallel tool calls
 * never share or reuse an index. A tool_use block streams like Anthropic's
 * own: content_block_start with `input: {}` (the id carries a Gemini thought
 * signature, which comes with the call's start), an empty input_json_delta,
 * one input_json_delta per argument piece as it arrives, content_block_stop.
 * A parallel call that starts while another block is open waits for it, so
 * its pieces go out when that block stops.
 */
export function createAnthropicStreamEncoder(context: StreamContext): StreamEncoder {
  const blocks = new Map<number, Block>();
  const queue: Block[] = [];
  let live: Block | undefined;
  let nextWireIndex = 0;
  let started = false;
  let closed = false;
  const usage: Partial<Usage> = {};

  function start(id?: string, initial?: Partial<Usage>): string {
    if (started) return '';
    started = true;
    if (initial !== undefined) Object.assign(usage, initial);
    const message = {
      id: anthropicMessageId(id ?? ''),
      type: 'message',
      role: 'assistant',
      content: [],
      model: context.model,
      stop_reason: null,
      stop_sequence: null,
      usage: encodeAnthropicUsage(usage),
    };
    return send('message_start', { message }) + send('ping', {});
  }

  function writeLive(event: BlockEvent): string {
    const block = live;
    if (block === undefined) return '';
    const index = block.wireIndex;
    switch (event.type) {
      case 'text-start':
        return send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      case 'text-delta':
        return event.text === '' ? '' : send('content_block_delta', { index, delta: { type: 'text_delta', text: event.text } });
      case 'text-end': {
        let text = '';
        for (const citation of event.citations ?? []) text += send('content_block_delta', { index, delta: { type: 'citations_delta', citation } });
        return text + send('content_block_stop', { index }) + finishLive();
      }
      case 'reasoning-start':
        return send('content_block_start', {
          index,
          content_block: event.redactedData === undefined ? { type: 'thinking', thinking: '', signature: '' } : { type: 'redacted_thinking', data: event.redactedData },
        });
      case 'reasoning-delta':
        return event.text === '' ? '' : send('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: event.text } });
      case 'reasoning-signature':
        return send('content_block_delta', { index, delta: { type: 'signature_delta', signature: event.signature } });
      case 'reasoning-end':
        return send('content_block_stop', { index }) + finishLive();
      case 'tool-call-start': {
        block.toolKind = event.kind ?? 'function';
        const toolUse = { type: 'tool_use', id: embedThoughtSignature(event.id, event.thoughtSignature), name: event.name, input: {} };
        // Anthropic's first input_json_delta is empty; a custom call's raw text goes inside {"input": "…"}.
        const first = block.toolKind === 'custom' ? '{"input":"' : '';
        return send('content_block_start', { index, content_block: toolUse }) + inputJsonDelta(index, first);
      }
      case 'tool-call-delta': {
        if (event.argumentsDelta === '') return '';
        // JSON-escaping piece by piece gives the same text as escaping the whole: no escape spans two characters.
        const piece = block.toolKind === 'custom' ? JSON.stringify(event.argumentsDelta).slice(1, -1) : event.argumentsDelta;
        return inputJsonDelta(index, piece);
      }
      case 'tool-call-end': {
        const closing = block.toolKind === 'custom' ? inputJsonDelta(index, '"}') : '';
        return closing + send('content_block_stop', { index }) + finishLive();
      }
    }
  }

  function activate(block: Block): string {
    live = block;
    block.wireIndex = nextWireIndex;
    nextWireIndex += 1;
    const held = block.held;
    block.held = [];
    let text = '';
    for (const event of held) text += writeLive(event);
    return text;
  }

  function finishLive(): string {
    live = undefined;
    let text = '';
    while (live === undefined && queue.length > 0) {
      const next = queue.shift();
      if (next !== undefined) text += activate(next);
    }
    return text;
  }

  function closeAll(): string {
    let text = '';
    // Forced ends (finish or stream end with blocks still open): the index is unused by writeLive.
    while (live !== undefined) text += writeLive(endEvent(live, -1));
    return text;
  }

  function onBlockEvent(event: BlockEvent): string {
    let text = start();
    if (event.type === 'text-start' || event.type === 'reasoning-start' || event.type === 'tool-call-start') {
      const block: Block = { kind: kindOf(event), held: [event], ended: false, wireIndex: -1 };
      blocks.set(event.index, block);
      if (live === undefined) text += activate(block);
      else queue.push(block);
      return text;
    }
    const block = blocks.get(event.index);
    if (block === undefined || block.ended) return text;
    if (event.type === 'text-end' || event.type === 'reasoning-end' || event.type === 'tool-call-end') block.ended = true;
    if (block === live) text += writeLive(event);
    else block.held.push(event);
    return text;
  }

  function finishMessage(stopReason: string, stopSequence: string | null): string {
    const text = start() + closeAll();
    closed = true;
    return (
      text +
      send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage: encodeAnthropicUsage(usage) }) +
      send('message_stop', {})
    );
  }

  return {
    encode(event: StreamEvent): string {
      if (closed) return '';
      switch (event.type) {
        case 'message-start':
          return start(event.id, event.usage);
        case 'usage':
          for (const [key, value] of Object.entries(event.usage) as Array<[keyof Usage, number | undefined]>) if (value !== undefined) usage[key] = value;
          return '';
        case 'finish':
          return finishMessage(encodeStopReason(event.finishReason, event.rawFinishReason), event.stopSequence ?? null);
        case 'error':
          closed = true;
          return start() + encodeAnthropicStreamError(event.error);
        default:
          return onBlockEvent(event);
      }
    },
    end(): string {
      return closed ? '' : finishMessage('end_turn', null);
    },
  };
}
