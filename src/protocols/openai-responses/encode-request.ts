import type { ContentPart, Message, ReasoningPart, ToolCallPart, ToolResultPart } from '../../core/content.js';
import { assertNever } from '../../core/assert-never.js';
import { budgetToEffort } from '../../core/reasoning.js';
import type { ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/request.js';
import { sanitizeToolCallId } from '../../core/tool-call-id.js';
import type { EncodeRequestOptions, EncodedRequest } from '../codec.js';
import { encodeInputPart, encodeOutputText } from './encode-content.js';
import { asObject, type JsonObject } from '../../core/json.js';

const protocol = 'openai-responses';

/** The Responses item id for a function call: the API wants ids that begin with "fc". */
function functionCallItemId(part: ToolCallPart): string {
  return part.itemId ?? `fc_${sanitizeToolCallId(part.id)}`;
}

function encodeToolCall(part: ToolCallPart): JsonObject {
  if (part.kind === 'custom') {
    const item: JsonObject = { type: 'custom_tool_call', call_id: part.id, name: part.name, input: part.arguments };
    if (part.itemId !== undefined) item.id = part.itemId;
    return item;
  }
  return { type: 'function_call', id: functionCallItemId(part), call_id: part.id, name: part.name, arguments: part.arguments };
}

/** Replayable only with encrypted content the Responses API itself produced. */
function replayableReasoning(part: ReasoningPart): JsonObject | undefined {
  if (part.origin?.protocol !== protocol || part.encryptedContent === undefined || part.itemId === undefined) return undefined;
  const summary = part.summary ?? (part.text === '' ? [] : [part.text]);
  return {
    type: 'reasoning',
    id: part.itemId,
    summary: summary.map((text) => ({ type: 'summary_text', text })),
    encrypted_content: part.encryptedContent,
  };
}

/**
 * An assistant turn as Responses items, in order: consecutive text parts
 * form one assistant message item. A reasoning item is kept only when an
 * item of the same turn follows it: the API rejects a reasoning item
 * "provided without its required following item" (openai/codex #1227).
 */
function encodeAssistant(message: Message): JsonObject[] {
  const items: JsonObject[] = [];
  let text: JsonObject | undefined;
  let itemIdUsed = false;
  for (const part of message.content) {
    if (part.type === 'text') {
      if (part.text === '') continue;
      if (text === undefined) {
        text = { type: 'message', role: 'assistant', content: [] };
        // The message item id belongs to one item only: ids must be unique in the input.
        if (message.itemId !== undefined && !itemIdUsed) text.id = message.itemId;
        itemIdUsed = true;
        items.push(text);
      }
      (text.content as unknown[]).push(encodeOutputText(part));
      continue;
    }
    text = undefined;
    switch (part.type) {
      case 'reasoning': {
        const item = replayableReasoning(part);
        if (item !== undefined) items.push(item);
        break;
      }
      case 'tool-call':
        items.push(encodeToolCall(part));
        break;
      case 'unknown': {
        const item = part.protocol === protocol ? asObject(part.value) : undefined;
        if (item !== undefined) items.push(item);
        break;
      }
      case 'image':
      case 'audio':
      case 'file':
      case 'tool-result':
        // No place for these in an assistant turn on Responses.
        break;
      default:
        assertNever(part);
    }
  }
  while (items.at(-1)?.type === 'reasoning') items.pop();
  return items.filter((item, position) => item.type !== 'reasoning' || items[position + 1]?.type !== 'reasoning');
}

function encodeToolResult(part: ToolResultPart): JsonObject {
  const type = part.kind === 'custom' ? 'custom_tool_call_output' : 'function_call_output';
  const allText = part.content.every((entry) => entry.type === 'text');
  const output = allText
    ? part.content.map((entry) => (entry.type === 'text' ? entry.text : '')).join('')
    : part.content.map((entry) => encodeInputPart(entry)).filter((entry) => entry !== undefined);
  return { type, call_id: part.toolCallId, output };
}

function encodeMessage(message: Message): JsonObject[] {
  switch (message.role) {
    case 'assistant':
      return encodeAssistant(message);
    case 'tool':
      return message.content.filter((part): part is ToolResultPart => part.type === 'tool-result').map(encodeToolResult);
    case 'user':
    case 'system': {
      const role = message.role === 'user' ? 'user' : message.developer === true ? 'developer' : 'system';
      const content: JsonObject[] = [];
      for (const part of message.content) {
        if (part.type === 'unknown') {
          // Unknown content parts of a message (refusal, …) stay in the message, for Responses only.
          const unknownPart = part.protocol === protocol ? asObject(part.value) : undefined;
          if (unknownPart !== undefined) content.push(unknownPart);
          continue;
        }
        const encoded = encodeContentPart(part);
        if (encoded !== undefined) content.push(encoded);
      }
      if (content.length === 0) return [];
      const item: JsonObject = { type: 'message', role, content };
      if (message.itemId !== undefined) item.id = message.itemId;
      return [item];
    }
    default:
      return assertNever(message.role);
  }
}

function encodeContentPart(part: ContentPart): JsonObject | undefined {
  switch (part.type) {
    case 'text':
    case 'image':
    case 'file':
    case 'audio':
      return encodeInputPart(part);
    default:
      return undefined;
  }
}

function encodeTool(tool: ToolDefinition): JsonObject | undefined {
  switch (tool.kind) {
    case 'function': {
      // Responses makes function tools strict by default; a schema written for
      // Chat or Anthropic would be rejected, so strict is only what was asked.
      const encoded: JsonObject = { type: 'function', name: tool.name, parameters: tool.parameters, strict: tool.strict ?? false };
      if (tool.description !== undefined) encoded.description = tool.description;
      return encoded;
    }
    case 'custom': {
      const encoded: JsonObject = { type: 'custom', name: tool.name };
      if (tool.description !== undefined) encoded.description = tool.description;
      if (tool.format !== undefined) encoded.format = tool.format;
      return encoded;
    }
    case 'hosted':
      return tool.protocol === protocol ? asObject(tool.value) : undefined;
    default:
      return assertNever(tool);
  }
}

function encodeToolChoice(choice: ToolChoice, tools: ToolDefinition[]): unknown {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool': {
      const tool = tools.find((candidate) => candidate.name === choice.name);
      return { type: tool?.kind === 'custom' ? 'custom' : 'function', name: choice.name };
    }
    default:
      return assertNever(choice);
  }
}

function encodeFormat(format: ResponseFormat): JsonObject {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json-object':
      return { type: 'json_object' };
    case 'json-schema': {
      const encoded: JsonObject = { type: 'json_schema', name: format.name ?? 'response', schema: format.schema };
      if (format.description !== undefined) encoded.description = format.description;
      if (format.strict !== undefined) encoded.strict = format.strict;
      return encoded;
    }
    default:
      return assertNever(format);
  }
}

/**
 * The canonical request as a Responses request (POST /responses). The
 * system prompt becomes `instructions`; sampling fields Responses lacks
 * (stop, seed, penalties, n, top_k) are dropped; fields a Responses client
 * sent that have no canonical place come back from extensions.
 */
export function encodeResponsesRequest(request: ChatRequest, options: EncodeRequestOptions): EncodedRequest {
  const extensions = { ...(request.extensions[protocol] ?? {}) };
  const body: JsonObject = { model: options.model };
  if (request.system.length > 0) body.instructions = request.system.map((part) => part.text).join('\n\n');
  body.input = request.messages.flatMap(encodeMessage);
  const tools = request.tools.map(encodeTool).filter((tool): tool is JsonObject => tool !== undefined);
  if (tools.length > 0) body.tools = tools;
  if (request.toolChoice !== undefined) body.tool_choice = encodeToolChoice(request.toolChoice, request.tools);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxOutputTokens !== undefined) body.max_output_tokens = request.maxOutputTokens;
  if (request.sampling.temperature !== undefined) body.temperature = request.sampling.temperature;
  if (request.sampling.topP !== undefined) body.top_p = request.sampling.topP;
  if (request.sampling.topLogprobs !== undefined) body.top_logprobs = request.sampling.topLogprobs;
  const reasoning = request.reasoning;
  if (reasoning !== undefined) {
    const encoded: JsonObject = {};
    const effort = reasoning.effort ?? (reasoning.budgetTokens !== undefined ? budgetToEffort(reasoning.budgetTokens) : undefined);
    if (effort !== undefined) encoded.effort = effort;
    else if (reasoning.enabled === false) encoded.effort = 'none';
    // Visible thinking was asked for (Gemini includeThoughts) or is implied by the
    // client's protocol (Anthropic thinking with a budget or adaptive): ask for
    // summaries, the only reasoning text Responses returns.
    const thinkingShown = reasoning.includeThoughts ?? (reasoning.budgetTokens !== undefined || reasoning.adaptive === true);
    const summary = reasoning.summary ?? (thinkingShown && effort !== 'none' ? 'auto' : undefined);
    if (summary !== undefined) encoded.summary = summary;
    if (Object.keys(encoded).length > 0) body.reasoning = encoded;
  }
  const textExtension = asObject(extensions.text);
  delete extensions.text;
  if (request.responseFormat !== undefined || textExtension !== undefined) {
    body.text = { ...textExtension, ...(request.responseFormat === undefined ? {} : { format: encodeFormat(request.responseFormat) }) };
  }
  if (request.store !== undefined) body.store = request.store;
  if (request.previousResponseId !== undefined) body.previous_response_id = request.previousResponseId;
  if (request.promptCacheKey !== undefined) body.prompt_cache_key = request.promptCacheKey;
  if (request.metadata !== undefined) body.metadata = request.metadata;
  if (request.user !== undefined) body.user = request.user;
  Object.assign(body, extensions);
  if (request.stream) body.stream = true;
  else delete body.stream;
  return { path: '/responses', body };
}
