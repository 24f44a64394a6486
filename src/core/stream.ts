import type { GatewayError } from './errors.js';
import type { FinishReason } from './response.js';
import type { Usage } from './usage.js';

/**
 * Canonical stream events. Blocks are numbered by `index` in the order they
 * open (text, reasoning and tool calls share one sequence, like Anthropic's
 * content blocks); encoders translate to each protocol's own numbering.
 * Every block opens with a *-start and closes with a *-end.
 */
export type StreamEvent =
  | { type: 'message-start'; id: string; model: string; created?: number; usage?: Partial<Usage> }
  | { type: 'text-start'; index: number }
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'text-end'; index: number; citations?: unknown[] }
  | { type: 'reasoning-start'; index: number; redactedData?: string; itemId?: string }
  | { type: 'reasoning-delta'; index: number; text: string }
  | { type: 'reasoning-signature'; index: number; signature: string }
  | { type: 'reasoning-end'; index: number; encryptedContent?: string }
  | {
      type: 'tool-call-start';
      index: number;
      id: string;
      name: string;
      kind?: 'function' | 'custom';
      itemId?: string;
      /**
       * Gemini's thought signature for this call. It is on the start, not the
       * end, because encoders of other protocols carry it inside the id they
       * show the client (core/tool-call-id.ts), and that id goes out first, so
       * the arguments can stream after it. Gemini sends function calls whole,
       * so its decoder knows the signature when it opens the call.
       */
      thoughtSignature?: string;
    }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number }
  /** Usage so far; later events supersede earlier ones field by field. */
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'finish'; finishReason: FinishReason; rawFinishReason?: string; stopSequence?: string }
  | { type: 'error'; error: GatewayError };

export type StreamEventType = StreamEvent['type'];
