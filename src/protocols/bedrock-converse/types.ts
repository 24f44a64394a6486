/**
 * Bedrock Converse wire types, from the API reference
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * API_runtime_ConverseStream.html and the ContentBlock / ToolConfiguration /
 * InferenceConfiguration / TokenUsage shapes). Blobs travel as base64 text
 * in the JSON protocol.
 */
export type ConverseRole = 'user' | 'assistant';

export interface ConverseImage {
  format: string;
  source: { bytes?: string; s3Location?: { uri: string; bucketOwner?: string } };
}

export interface ConverseDocument {
  format: string;
  name: string;
  source: { bytes?: string; s3Location?: { uri: string }; text?: string };
}

export type ConverseToolResultContent = { text: string } | { json: unknown } | { image: ConverseImage } | { document: ConverseDocument };

export interface ConverseReasoning {
  reasoningText?: { text: string; signature?: string };
  redactedContent?: string;
}

export type ConverseContentBlock =
  | { text: string }
  | { image: ConverseImage }
  | { document: ConverseDocument }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: ConverseToolResultContent[]; status?: 'success' | 'error' } }
  | { reasoningContent: ConverseReasoning }
  | { cachePoint: { type: 'default' } };

export interface ConverseMessage {
  role: ConverseRole;
  content: ConverseContentBlock[];
}

export type ConverseSystemBlock = { text: string } | { cachePoint: { type: 'default' } } | { guardContent: unknown };

export type ConverseTool =
  | { toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } } }
  | { cachePoint: { type: 'default' } };

export type ConverseToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface ConverseInferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

export interface ConverseRequest {
  messages: ConverseMessage[];
  system?: ConverseSystemBlock[];
  inferenceConfig?: ConverseInferenceConfig;
  toolConfig?: { tools: ConverseTool[]; toolChoice?: ConverseToolChoice };
  additionalModelRequestFields?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface ConverseUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface ConverseResponse {
  output: { message: ConverseMessage };
  /** end_turn | tool_use | max_tokens | stop_sequence | guardrail_intervened | content_filtered | model_context_window_exceeded, or newer. */
  stopReason: string;
  usage: ConverseUsage;
  metrics?: { latencyMs: number };
  additionalModelResponseFields?: unknown;
  trace?: unknown;
}
