/**
 * OpenAI Responses wire types, as much as the codec writes
 * (https://platform.openai.com/docs/api-reference/responses and openai-node
 * resources/responses/responses.d.ts). Reading goes through narrow.ts.
 */
export interface OutputTextContent {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
}

export interface SummaryText {
  type: 'summary_text';
  text: string;
}

export interface MessageItem {
  id: string;
  type: 'message';
  role: 'assistant';
  status: ItemStatus;
  content: OutputTextContent[];
}

export interface ReasoningItem {
  id: string;
  type: 'reasoning';
  summary: SummaryText[];
  encrypted_content?: string;
  status?: ItemStatus;
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  arguments: string;
}

export interface CustomToolCallItem {
  id: string;
  type: 'custom_tool_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  input: string;
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** An output item the gateway writes; items only Responses understands pass as-is. */
export type OutputItem = MessageItem | ReasoningItem | FunctionCallItem | CustomToolCallItem | Record<string, unknown>;

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  background: boolean;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  instructions: null;
  max_output_tokens: null;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: null;
  reasoning: { effort: null; summary: null };
  service_tier: string;
  store: boolean;
  temperature: number;
  text: { format: { type: 'text' }; verbosity: 'medium' };
  tool_choice: 'auto';
  tools: unknown[];
  top_p: number;
  truncation: 'disabled';
  usage: ResponseUsage | null;
  user: null;
  metadata: Record<string, string>;
}
