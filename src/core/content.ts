import type { ProtocolId } from './protocol.js';

/**
 * Canonical content blocks. The model is ours, a superset of the four
 * protocols, so that nothing is lost between them: anything a protocol can
 * carry has a place here, and what has no place rides in `unknown`.
 */

/** Anthropic-style prompt-cache breakpoint; other protocols may originate or drop it. */
export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export type MediaSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string; mediaType?: string }
  | { kind: 'file-id'; fileId: string; mediaType?: string };

/**
 * Where a block was produced. Signatures and encrypted reasoning are only
 * valid for the provider family that made them, so encoders drop reasoning
 * whose origin does not match the upstream they are writing for.
 */
export interface BlockOrigin {
  protocol: ProtocolId;
  /** Provider id within the gateway, when known. */
  provider?: string;
  model?: string;
}

export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
  /** Anthropic citations, Responses annotations: carried verbatim. */
  citations?: unknown[];
}

export interface ImagePart {
  type: 'image';
  source: MediaSource;
  /** OpenAI's `detail` (low/high/auto). */
  detail?: string;
  cacheControl?: CacheControl;
}

export interface AudioPart {
  type: 'audio';
  source: MediaSource;
  /** wav, mp3, …, as OpenAI's input_audio.format. */
  format?: string;
}

/** A document (PDF, text file) sent as input. */
export interface FilePart {
  type: 'file';
  source: MediaSource;
  filename?: string;
  title?: string;
  cacheControl?: CacheControl;
}

/**
 * Model reasoning. `text` is the visible thinking (or summary); `signature`
 * (Anthropic) and `encryptedContent` (OpenAI Responses) must be replayed
 * byte-exact to the family that made them; `redactedData` is Anthropic's
 * redacted_thinking payload.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  redactedData?: string;
  encryptedContent?: string;
  /** Responses reasoning item id (rs_…), kept for replay. */
  itemId?: string;
  /** Responses reasoning summary parts, kept apart from the text. */
  summary?: string[];
  origin?: BlockOrigin;
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** Arguments as JSON text, exactly as the model produced them. */
  arguments: string;
  /** `function` for JSON-argument tools; `custom` for freeform (Responses custom tools, e.g. apply_patch). */
  kind?: 'function' | 'custom';
  /** Gemini thought signature attached to the call; must be echoed back to Gemini. */
  thoughtSignature?: string;
  /** Responses item id (fc_…) as distinct from the call id. */
  itemId?: string;
  cacheControl?: CacheControl;
  origin?: BlockOrigin;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** The tool's name; Gemini functionResponse needs it, others may not send it. */
  name?: string;
  content: Array<TextPart | ImagePart | FilePart>;
  isError?: boolean;
  /** The result of a `custom` tool call (Responses custom_tool_call_output). */
  kind?: 'function' | 'custom';
  cacheControl?: CacheControl;
}

/** A block only one protocol understands; re-emitted verbatim to that protocol, dropped elsewhere. */
export interface UnknownPart {
  type: 'unknown';
  protocol: ProtocolId;
  value: unknown;
}

export type ContentPart =
  | TextPart
  | ImagePart
  | AudioPart
  | FilePart
  | ReasoningPart
  | ToolCallPart
  | ToolResultPart
  | UnknownPart;

/**
 * Roles: `tool` messages hold only tool-result parts (Chat role:tool, Responses
 * function_call_output, Anthropic user tool_result, Gemini functionResponse).
 * `system` in the message list is a mid-conversation system or developer
 * message; the leading system prompt lives in ChatRequest.system.
 */
export type MessageRole = 'system' | 'user' | 'assistant' | 'tool';

export interface Message {
  role: MessageRole;
  content: ContentPart[];
  /** OpenAI `developer` as distinct from `system`; `name` on Chat messages. */
  developer?: boolean;
  name?: string;
  /** Responses message item id, kept for replay. */
  itemId?: string;
}
