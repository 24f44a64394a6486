import type { ContentPart } from './content.js';
import type { Usage } from './usage.js';

/**
 * Unified finish reasons. The protocol's own value is kept in
 * ChatResponse.rawFinishReason so a same-protocol trip loses nothing.
 */
export type FinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'stop-sequence'
  | 'refusal'
  | 'pause'
  | 'error'
  | 'other';

export interface ChatResponse {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
  content: ContentPart[];
  finishReason: FinishReason;
  rawFinishReason?: string;
  /** The stop sequence that ended generation, when the protocol says. */
  stopSequence?: string;
  usage: Usage;
  /** OpenAI system_fingerprint, service_tier, … */
  extensions?: Record<string, unknown>;
}
