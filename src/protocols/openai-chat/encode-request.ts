import type { ContentPart, Message } from '../../core/content.js';
import type { ChatRequest, ToolDefinition } from '../../core/request.js';
import { budgetToEffort } from '../../core/reasoning.js';
import type { EncodedRequest, EncodeRequestOptions } from '../codec.js';
import { encodeContent, encodeContentPart } from './encode-content.js';
import type { WireRecord } from './types.js';

/**
 * The canonical request as a Chat Completions body
 * (https://platform.openai.com/docs/api-reference/chat/create).
 * - max_completion_tokens is used (max_tokens is deprecated upstream);
 *   passthrough keeps whatever the client sent.
 * - Reasoning text goes back as `reasoning_content` on assistant messages
 *   (DeepSeek requires it echoed in tool turns). Chat has no field for
 *   signatures or encrypted reasoning, so those are dropped here.
 * - Tool-call ids go up bare: a Gemini thought signature smuggled in an id
 *   (core/tool-call-id.ts) was already split off by the client's decoder,
 *   and calls and results must keep matching ids.
 * - The gateway always asks for the usage chunk when streaming, to meter.
 */
export function encodeChatRequest(request: ChatRequest, options: EncodeRequestOptions): EncodedRequest {
  const body: WireRecord = { ...(request.extensions['openai-chat'] ?? {}), model: options.model };
  body.messages = encodeMessages(request);

  const tools = request.tools.map(encodeTool).filter((tool): tool is WireRecord => tool !== undefined);
  if (tools.length > 0) {
    body.tools = tools;
    const choice = request.toolChoice;
    if (choice !== undefined) {
      if (choice.type === 'tool') {
        const custom = request.tools.some((tool) => tool.kind === 'custom' && tool.name === choice.name);
        body.tool_choice = custom ? { type: 'custom', custom: { name: choice.name } } : { type: 'function', function: { name: choice.name } };
      } else {
        body.tool_choice = choice.type;
      }
    }
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  // Without tools, OpenAI rejects tool_choice and parallel_tool_calls ("only allowed when 'tools' are specified").

  if (request.maxOutputTokens !== undefined) body.max_completion_tokens = request.maxOutputTokens;
  const sampling = request.sampling;
  if (sampling.temperature !== undefined) body.temperature = sampling.temperature;
  if (sampling.topP !== undefined) body.top_p = sampling.topP;
  if (sampling.seed !== undefined) body.seed = sampling.seed;
  if (sampling.frequencyPenalty !== undefined) body.frequency_penalty = sampling.frequencyPenalty;
  if (sampling.presencePenalty !== undefined) body.presence_penalty = sampling.presencePenalty;
  if (sampling.stop !== undefined && sampling.stop.length > 0) body.stop = sampling.stop;
  if (sampling.n !== undefined) body.n = sampling.n;
  if (sampling.logprobs !== undefined) body.logprobs = sampling.logprobs;
  if (sampling.topLogprobs !== undefined) body.top_logprobs = sampling.topLogprobs;

  const format = request.responseFormat;
  if (format !== undefined) {
    if (format.type === 'text') body.response_format = { type: 'text' };
    else if (format.type === 'json-object') body.response_format = { type: 'json_object' };
    else {
      body.response_format = {
        type: 'json_schema',
        json_schema: {
          name: format.name ?? 'response',
          ...(format.description === undefined ? {} : { description: format.description }),
          schema: format.schema,
          ...(format.strict === undefined ? {} : { strict: format.strict }),
        },
      };
    }
  }
  const reasoning = request.reasoning;
  if (reasoning?.effort !== undefined) body.reasoning_effort = reasoning.effort;
  else if (reasoning?.budgetTokens !== undefined) body.reasoning_effort = budgetToEffort(reasoning.budgetTokens);
  // Reasoning merely disabled (no effort) is left unsaid: models without reasoning reject reasoning_effort.

  body.stream = request.stream;
  if (request.stream) body.stream_options = { include_usage: true };
  else delete body.stream_options;
  if (request.user !== undefined) body.user = request.user;
  if (request.metadata !== undefined) body.metadata = request.metadata;
  if (request.promptCacheKey !== undefined) body.prompt_cache_key = request.promptCacheKey;
  if (request.store !== undefined) body.store = request.store;
  return { path: '/chat/completions', body };
}

function encodeTool(tool: ToolDefinition): WireRecord | undefined {
  switch (tool.kind) {
    case 'function':
      return {
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          parameters: tool.parameters,
          ...(tool.strict === undefined ? {} : { strict: tool.strict }),
        },
      };
    case 'custom':
      // Chat Completions has custom (freeform) tools of its own, nested under `custom`.
      return {
        type: 'custom',
        custom: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          ...(tool.format === undefined ? {} : { format: tool.format }),
        },
      };
    case 'hosted':
      return tool.protocol === 'openai-chat' ? (tool.value as WireRecord) : undefined;
  }
}

function encodeMessages(request: ChatRequest): WireRecord[] {
  const messages: WireRecord[] = [];
  if (request.system.length > 0) messages.push({ role: 'system', content: encodeContent(request.system) });
  for (const message of request.messages) {
    const name = message.name === undefined ? {} : { name: message.name };
    switch (message.role) {
      case 'system':
        messages.push({ role: message.developer === true ? 'developer' : 'system', content: encodeContent(message.content), ...name });
        break;
      case 'user':
        messages.push({ role: 'user', content: encodeContent(message.content), ...name });
        break;
      case 'assistant':
        messages.push({ ...encodeAssistant(message.content), ...name });
        break;
      case 'tool':
        messages.push(...encodeToolResults(message));
        break;
    }
  }
  return messages;
}

function encodeAssistant(content: ContentPart[]): WireRecord {
  const wire: WireRecord = { role: 'assistant' };
  const reasoning = content.flatMap((part) => (part.type === 'reasoning' && part.text !== '' ? [part.text] : [])).join('');
  const toolCalls: WireRecord[] = [];
  const visible: ContentPart[] = [];
  let refusal: string | undefined;
  for (const part of content) {
    if (part.type === 'tool-call') {
      toolCalls.push(
        part.kind === 'custom'
          ? { id: part.id, type: 'custom', custom: { name: part.name, input: part.arguments } }
          : { id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } },
      );
    } else if (part.type === 'unknown' && part.protocol === 'openai-chat' && (part.value as WireRecord).type === 'refusal') {
      refusal = String((part.value as WireRecord).refusal);
    } else if (part.type === 'text' || part.type === 'unknown') {
      visible.push(part);
    }
  }
  const encoded = encodeContent(visible);
  // OpenAI wants content null (not "") on an assistant turn that only calls tools.
  wire.content = encoded === '' && toolCalls.length > 0 ? null : encoded;
  if (reasoning !== '') wire.reasoning_content = reasoning;
  if (refusal !== undefined) wire.refusal = refusal;
  if (toolCalls.length > 0) wire.tool_calls = toolCalls;
  return wire;
}

/**
 * One Chat tool message per result. Chat tool messages carry text only, so
 * images or files a tool returned follow in one user message, saying which
 * call they came from (TRANSLATION.md item 8).
 */
function encodeToolResults(message: Message): WireRecord[] {
  const messages: WireRecord[] = [];
  const media: WireRecord[] = [];
  for (const part of message.content) {
    if (part.type !== 'tool-result') continue;
    messages.push({ role: 'tool', tool_call_id: part.toolCallId, content: encodeContent(part.content.filter((item) => item.type === 'text')) });
    const attachments = part.content.filter((item) => item.type !== 'text').map(encodeContentPart);
    const present = attachments.filter((item): item is WireRecord => item !== undefined);
    if (present.length > 0) media.push({ type: 'text', text: `Attachments returned by tool call ${part.toolCallId}:` }, ...present);
  }
  if (media.length > 0) messages.push({ role: 'user', content: media });
  return messages;
}
