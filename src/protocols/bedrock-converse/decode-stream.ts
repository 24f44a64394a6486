import { GatewayError } from '../../core/errors.js';
import { randomId } from '../../core/ids.js';
import type { StreamEvent } from '../../core/stream.js';
import { createEventStreamDecoder } from '../aws-event-stream/decode.js';
import type { EventStreamMessage } from '../aws-event-stream/message.js';
import type { StreamDecoder } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { decodeBedrockStreamException } from './errors.js';
import { decodeStopReason } from './finish-reason.js';
import { decodeConverseUsage } from './usage.js';

/**
 * ConverseStream → canonical stream events. The stream is AWS event-stream
 * binary framing (aws-event-stream/), each message a JSON payload named by
 * its :event-type header: messageStart, contentBlockStart (tool use only:
 * text and reasoning blocks open with their first delta),
 * contentBlockDelta, contentBlockStop, messageStop, then metadata with the
 * usage. Canonical streams end with `finish`, so the stop reason is held
 * until the metadata (usage) has been passed on.
 */
type BlockKind = 'text' | 'reasoning' | 'tool';

interface OpenBlock {
  index: number;
  kind: BlockKind;
}

type Frame = { kind: 'event'; type: string; payload: unknown } | { kind: 'exception'; type: string; payload: unknown };

function malformed(message: string): GatewayError {
  return new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, retryable: false, message: `Bedrock stream: ${message}` });
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text };
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function frameOf(message: EventStreamMessage): Frame {
  const payload = parsePayload(Buffer.from(message.payload).toString('utf8'));
  const messageType = message.headers[':message-type'];
  if (messageType === 'exception') return { kind: 'exception', type: String(message.headers[':exception-type'] ?? 'unknownException'), payload };
  if (messageType === 'error') {
    return { kind: 'exception', type: String(message.headers[':error-code'] ?? 'internalServerException'), payload: { message: message.headers[':error-message'] } };
  }
  return { kind: 'event', type: String(message.headers[':event-type'] ?? ''), payload };
}

export function createBedrockStreamDecoder(): StreamDecoder {
  const framing = createEventStreamDecoder();
  const blocks = new Map<number, OpenBlock>();
  let nextIndex = 0;
  let started = false;
  let finish: StreamEvent | undefined;
  let finished = false;

  const start = (events: StreamEvent[]): void => {
    if (started) return;
    started = true;
    events.push({ type: 'message-start', id: randomId('msg_'), model: '' });
  };

  const close = (wireIndex: number, events: StreamEvent[]): void => {
    const block = blocks.get(wireIndex);
    if (block === undefined) return;
    blocks.delete(wireIndex);
    if (block.kind === 'text') events.push({ type: 'text-end', index: block.index });
    else if (block.kind === 'reasoning') events.push({ type: 'reasoning-end', index: block.index });
    else events.push({ type: 'tool-call-end', index: block.index });
  };

  const closeAll = (events: StreamEvent[]): void => {
    for (const wireIndex of [...blocks.keys()]) close(wireIndex, events);
  };

  /** The block at a wire index, opened (and any other block closed) if it is new. */
  const open = (wireIndex: number, kind: BlockKind, events: StreamEvent[], extra: { redactedData?: string } = {}): OpenBlock => {
    const existing = blocks.get(wireIndex);
    if (existing !== undefined) return existing;
    closeAll(events);
    const block = { index: nextIndex, kind };
    nextIndex += 1;
    blocks.set(wireIndex, block);
    if (kind === 'text') events.push({ type: 'text-start', index: block.index });
    else if (kind === 'reasoning') events.push({ type: 'reasoning-start', index: block.index, ...extra });
    return block;
  };

  const onDelta = (payload: Record<string, unknown>, events: StreamEvent[]): void => {
    const wireIndex = Number(payload.contentBlockIndex ?? 0);
    const delta = record(payload.delta);
    if (typeof delta.text === 'string') {
      const block = open(wireIndex, 'text', events);
      events.push({ type: 'text-delta', index: block.index, text: delta.text });
    } else if (delta.toolUse !== undefined) {
      const block = blocks.get(wireIndex);
      const input = record(delta.toolUse).input;
      if (block !== undefined && typeof input === 'string') events.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: input });
    } else if (delta.reasoningContent !== undefined) {
      const reasoning = record(delta.reasoningContent);
      const redacted = typeof reasoning.redactedContent === 'string' ? { redactedData: reasoning.redactedContent } : {};
      const block = open(wireIndex, 'reasoning', events, redacted);
      if (typeof reasoning.text === 'string') events.push({ type: 'reasoning-delta', index: block.index, text: reasoning.text });
      if (typeof reasoning.signature === 'string') events.push({ type: 'reasoning-signature', index: block.index, signature: reasoning.signature });
    }
  };

  const decodeFrame = (frame: Frame): StreamEvent[] => {
    const events: StreamEvent[] = [];
    if (finished) return events;
    if (frame.kind === 'exception') {
      closeAll(events);
      finished = true;
      events.push({ type: 'error', error: decodeBedrockStreamException(frame.type, frame.payload) });
      return events;
    }
    const payload = record(frame.payload);
    switch (frame.type) {
      case 'messageStart':
        start(events);
        break;
      case 'contentBlockStart': {
        start(events);
        const toolUse = record(record(payload.start).toolUse);
        if (typeof toolUse.toolUseId === 'string' && typeof toolUse.name === 'string') {
          const wireIndex = Number(payload.contentBlockIndex ?? 0);
          const block = open(wireIndex, 'tool', events);
          events.push({ type: 'tool-call-start', index: block.index, id: toolUse.toolUseId, name: toolUse.name });
        }
        break;
      }
      case 'contentBlockDelta':
        start(events);
        onDelta(payload, events);
        break;
      case 'contentBlockStop':
        close(Number(payload.contentBlockIndex ?? 0), events);
        break;
      case 'messageStop': {
        start(events);
        closeAll(events);
        const stopReason = typeof payload.stopReason === 'string' ? payload.stopReason : undefined;
        finish = { type: 'finish', finishReason: decodeStopReason(stopReason), ...(stopReason === undefined ? {} : { rawFinishReason: stopReason }) };
        break;
      }
      case 'metadata':
        events.push({ type: 'usage', usage: decodeConverseUsage(record(payload.usage)) });
        if (finish !== undefined) {
          events.push(finish);
          finish = undefined;
          finished = true;
        }
        break;
      default:
        // Events this decoder does not know (a newer API) are skipped, not fatal.
        break;
    }
    return events;
  };

  return {
    decode(event: SseEvent) {
      // A named event with a JSON payload, the same pair an event-stream message carries.
      return decodeFrame({ kind: 'event', type: event.event ?? '', payload: parsePayload(event.data) });
    },
    decodeBytes(chunk: Uint8Array) {
      try {
        return framing.push(chunk).flatMap((message) => decodeFrame(frameOf(message)));
      } catch (thrown) {
        const events: StreamEvent[] = [];
        closeAll(events);
        finished = true;
        events.push({ type: 'error', error: thrown instanceof GatewayError ? thrown : malformed(String(thrown)) });
        return events;
      }
    },
    end() {
      const events: StreamEvent[] = [];
      if (finished) return events;
      closeAll(events);
      finished = true;
      if (finish !== undefined) events.push(finish);
      else if (started || framing.remaining() > 0) events.push({ type: 'error', error: malformed('the stream ended before messageStop') });
      finish = undefined;
      return events;
    },
  };
}
