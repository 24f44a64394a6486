import type { CacheControl, Message, TextPart } from './content.js';
import type { ProtocolId } from './protocol.js';

/** A JSON Schema object as the client sent it. */
export type JsonSchema = Record<string, unknown>;

export type ToolDefinition =
  | {
      kind: 'function';
      name: string;
      description?: string;
      parameters: JsonSchema;
      strict?: boolean;
      cacheControl?: CacheControl;
    }
  | {
      /** Freeform-input tool (Responses `custom`, e.g. Codex apply_patch with a grammar). */
      kind: 'custom';
      name: string;
      description?: string;
      format?: unknown;
    }
  | {
      /** A provider-hosted tool (web_search, Anthropic server tools): only its own protocol can carry it. */
      kind: 'hosted';
      protocol: ProtocolId;
      name: string;
      value: unknown;
    };

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json-object' }
  | { type: 'json-schema'; name?: string; description?: string; schema: JsonSchema; strict?: boolean };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface ReasoningConfig {
  /** false turns reasoning off where the protocol can say so. */
  enabled?: boolean;
  effort?: ReasoningEffort;
  budgetTokens?: number;
  /** Anthropic `adaptive` thinking. */
  adaptive?: boolean;
  /** Ask for visible thoughts / summaries (Gemini includeThoughts, Responses summary). */
  includeThoughts?: boolean;
  summary?: string;
}

export interface SamplingParameters {
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stop?: string[];
  /** Number of choices; only OpenAI Chat (and Gemini candidateCount) can carry more than one. */
  n?: number;
  logprobs?: boolean;
  topLogprobs?: number;
}

/**
 * The canonical chat request every codec decodes to and encodes from.
 * `extensions` holds top-level fields the source protocol sent that have no
 * canonical place, keyed by protocol: re-emitted only to that protocol.
 */
export interface ChatRequest {
  model: string;
  system: TextPart[];
  messages: Message[];
  tools: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  sampling: SamplingParameters;
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningConfig;
  stream: boolean;
  /** Chat stream_options.include_usage: the client wants a usage chunk. */
  streamUsage?: boolean;
  /** End-user id / metadata.user_id. */
  user?: string;
  metadata?: Record<string, unknown>;
  /** OpenAI prompt_cache_key and similar routing hints for provider caches. */
  promptCacheKey?: string;
  /** Responses `store` and `previous_response_id`. */
  store?: boolean;
  previousResponseId?: string;
  extensions: Partial<Record<ProtocolId, Record<string, unknown>>>;
}
