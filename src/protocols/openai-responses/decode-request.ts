import type { ContentPart, Message, ReasoningPart, TextPart, ToolCallPart, ToolResultPart } from '../../core/content.js';
import { badRequest } from '../../core/errors.js';
import type { ChatRequest, ReasoningConfig, ReasoningEffort, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/request.js';
import { extractThoughtSignature } from '../../core/tool-call-id.js';
import { decodeContent, decodeContentPart } from './decode-content.js';
import { arrayOf, asBoolean, asNumber, asObject, asString, type JsonObject } from '../../core/json.js';

const protocol = 'openai-responses';

/** Top-level fields with a canonical place; everything else rides in extensions. */
const mappedFields = new Set([
  'model',
  'instructions',
  'input',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'temperature',
  'top_p',
  'top_logprobs',
  'reasoning',
  'text',
  'store',
  'previous_response_id',
  'prompt_cache_key',
  'metadata',
  'user',
  'stream',
]);

const efforts: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/** Builds the canonical message list from Responses input items, merging what belongs to one turn. */
class MessageBuilder {
  readonly messages: Message[] = [];

  /** The open message when it has this role, else a new one. */
  private open(role: Message['role']): Message {
    const last = this.messages.at(-1);
    if (last !== undefined && last.role === role && role !== 'user' && role !== 'system') return last;
    const message: Message = { role, content: [] };
    this.messages.push(message);
    return message;
  }

  assistantPart(part: ContentPart): void {
    this.open('assistant').content.push(part);
  }

  toolResult(part: ToolResultPart): void {
    this.open('tool').content.push(part);
  }

  message(message: Message): void {
    if (message.role === 'assistant') {
      const target = this.open('assistant');
      target.content.push(...message.content);
      if (message.itemId !== undefined && target.itemId === undefined) target.itemId = message.itemId;
      return;
    }
    this.messages.push(message);
  }
}

function decodeMessageItem(item: JsonObject, position: number): Message {
  const role = item.role;
  const content = decodeContent(item.content) as ContentPart[];
  const itemId = asString(item.id);
  let message: Message;
  switch (role) {
    case 'user':
    case 'assistant':
      message = { role, content };
      break;
    case 'system':
      message = { role: 'system', content };
      break;
    case 'developer':
      message = { role: 'system', content, developer: true };
      break;
    default:
      throw badRequest(`Invalid value for 'input[${position}].role': expected one of user, assistant, system or developer.`, `input[${position}].role`);
  }
  if (itemId !== undefined) message.itemId = itemId;
  return message;
}

function decodeReasoningItem(item: JsonObject): ReasoningPart {
  const summary = arrayOf(item.summary)
    .map((entry) => asString(asObject(entry)?.text))
    .filter((text): text is string => text !== undefined);
  // Open-weight models put raw reasoning in content[] (reasoning_text); OpenAI models give summaries.
  const contentText = arrayOf(item.content)
    .map((entry) => asString(asObject(entry)?.text))
    .filter((text): text is string => text !== undefined);
  const part: ReasoningPart = {
    type: 'reasoning',
    text: (contentText.length > 0 ? contentText : summary).join('\n\n'),
    summary,
    origin: { protocol },
  };
  const itemId = asString(item.id);
  if (itemId !== undefined) part.itemId = itemId;
  const encrypted = asString(item.encrypted_content);
  if (encrypted !== undefined) part.encryptedContent = encrypted;
  return part;
}

function decodeToolCall(item: JsonObject, kind: 'function' | 'custom', position: number): ToolCallPart {
  const callId = asString(item.call_id);
  const name = asString(item.name);
  if (callId === undefined || name === undefined) {
    throw badRequest(`Missing required parameter: 'input[${position}].${callId === undefined ? 'call_id' : 'name'}'.`, `input[${position}]`);
  }
  const { id, thoughtSignature } = extractThoughtSignature(callId);
  const part: ToolCallPart = {
    type: 'tool-call',
    id,
    name,
    arguments: (kind === 'custom' ? asString(item.input) : asString(item.arguments)) ?? '',
    kind,
  };
  if (thoughtSignature !== undefined) part.thoughtSignature = thoughtSignature;
  const itemId = asString(item.id);
  if (itemId !== undefined) part.itemId = itemId;
  return part;
}

function decodeToolOutput(item: JsonObject, kind: 'function' | 'custom', position: number): ToolResultPart {
  const callId = asString(item.call_id);
  if (callId === undefined) throw badRequest(`Missing required parameter: 'input[${position}].call_id'.`, `input[${position}].call_id`);
  const output = item.output;
  const content: ToolResultPart['content'] = [];
  if (typeof output === 'string') content.push({ type: 'text', text: output });
  else {
    for (const entry of arrayOf(output)) {
      const part = decodeContentPart(entry);
      if (part.type === 'text' || part.type === 'image' || part.type === 'file') content.push(part);
    }
  }
  return { type: 'tool-result', toolCallId: extractThoughtSignature(callId).id, content, kind };
}

function decodeInput(input: unknown): Message[] {
  if (typeof input === 'string') return [{ role: 'user', content: [{ type: 'text', text: input }] }];
  if (!Array.isArray(input)) throw badRequest("Invalid type for 'input': expected a string or an array of input items.", 'input');
  const builder = new MessageBuilder();
  for (const [position, value] of input.entries()) {
    const item = asObject(value);
    if (item === undefined) throw badRequest(`Invalid type for 'input[${position}]': expected an object.`, `input[${position}]`);
    // Easy input messages may omit type ({role, content}).
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    switch (type) {
      case 'message':
        builder.message(decodeMessageItem(item, position));
        break;
      case 'reasoning':
        builder.assistantPart(decodeReasoningItem(item));
        break;
      case 'function_call':
        builder.assistantPart(decodeToolCall(item, 'function', position));
        break;
      case 'custom_tool_call':
        builder.assistantPart(decodeToolCall(item, 'custom', position));
        break;
      case 'function_call_output':
        builder.toolResult(decodeToolOutput(item, 'function', position));
        break;
      case 'custom_tool_call_output':
        builder.toolResult(decodeToolOutput(item, 'custom', position));
        break;
      default:
        // item_reference, web_search_call, compaction, …: only Responses can carry them.
        builder.assistantPart({ type: 'unknown', protocol, value: item });
        break;
    }
  }
  return builder.messages;
}

function decodeTools(tools: unknown): ToolDefinition[] {
  return arrayOf(tools).map((value): ToolDefinition => {
    const tool = asObject(value) ?? {};
    const name = asString(tool.name);
    if (tool.type === 'function' && name !== undefined) {
      const definition: ToolDefinition = { kind: 'function', name, parameters: asObject(tool.parameters) ?? { type: 'object', properties: {} } };
      const description = asString(tool.description);
      if (description !== undefined) definition.description = description;
      const strict = asBoolean(tool.strict);
      if (strict !== undefined) definition.strict = strict;
      return definition;
    }
    if (tool.type === 'custom' && name !== undefined) {
      const definition: ToolDefinition = { kind: 'custom', name };
      const description = asString(tool.description);
      if (description !== undefined) definition.description = description;
      if (tool.format !== undefined) definition.format = tool.format;
      return definition;
    }
    return { kind: 'hosted', protocol, name: name ?? asString(tool.type) ?? 'unknown', value: tool };
  });
}

function decodeToolChoice(value: unknown): ToolChoice | undefined {
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value };
  const choice = asObject(value);
  const name = asString(choice?.name);
  if ((choice?.type === 'function' || choice?.type === 'custom') && name !== undefined) return { type: 'tool', name };
  return undefined;
}

function decodeReasoning(value: unknown): ReasoningConfig | undefined {
  const reasoning = asObject(value);
  if (reasoning === undefined) return undefined;
  const config: ReasoningConfig = {};
  const effort = reasoning.effort;
  if (typeof effort === 'string' && (efforts as readonly string[]).includes(effort)) {
    config.effort = effort as ReasoningEffort;
    if (effort === 'none') config.enabled = false;
  }
  const summary = asString(reasoning.summary) ?? asString(reasoning.generate_summary);
  if (summary !== undefined) {
    config.summary = summary;
    config.includeThoughts = true;
  }
  return config;
}

function decodeTextFormat(value: unknown): ResponseFormat | undefined {
  const format = asObject(value);
  switch (format?.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json-object' };
    case 'json_schema': {
      const result: ResponseFormat = { type: 'json-schema', schema: asObject(format.schema) ?? {} };
      const name = asString(format.name);
      if (name !== undefined) result.name = name;
      const description = asString(format.description);
      if (description !== undefined) result.description = description;
      const strict = asBoolean(format.strict);
      if (strict !== undefined) result.strict = strict;
      return result;
    }
    default:
      return undefined;
  }
}

/**
 * A Responses request as the canonical ChatRequest. `instructions` is the
 * system prompt; without it, the leading system/developer messages are (as
 * Codex sends them). Later ones stay in place as role 'system'. Top-level
 * fields without a canonical place (include, client_metadata, truncation,
 * text.verbosity, …) go to extensions['openai-responses'].
 */
export function decodeResponsesRequest(body: unknown, context: { model?: string; stream?: boolean }): ChatRequest {
  const request = asObject(body);
  if (request === undefined) throw badRequest('The request body must be a JSON object.');
  const model = context.model ?? asString(request.model);
  if (model === undefined || model === '') throw badRequest('Missing required parameter: \'model\'.', 'model');
  if (request.input === undefined) throw badRequest("Missing required parameter: 'input'.", 'input');

  const messages = decodeInput(request.input);
  let system: TextPart[] = [];
  const instructions = asString(request.instructions);
  if (instructions !== undefined) system = [{ type: 'text', text: instructions }];
  else {
    while (messages[0]?.role === 'system' && messages[0].content.every((part) => part.type === 'text')) {
      const leading = messages.shift();
      if (leading !== undefined) system.push(...(leading.content as TextPart[]));
    }
  }

  const extensions: JsonObject = {};
  for (const [key, value] of Object.entries(request)) if (!mappedFields.has(key)) extensions[key] = value;

  const canonical: ChatRequest = {
    model,
    system,
    messages,
    tools: decodeTools(request.tools),
    sampling: {},
    stream: context.stream ?? request.stream === true,
    extensions: {},
  };
  const toolChoice = decodeToolChoice(request.tool_choice);
  if (toolChoice !== undefined) canonical.toolChoice = toolChoice;
  else if (request.tool_choice !== undefined) extensions.tool_choice = request.tool_choice;
  const parallel = asBoolean(request.parallel_tool_calls);
  if (parallel !== undefined) canonical.parallelToolCalls = parallel;
  const maxOutput = asNumber(request.max_output_tokens);
  if (maxOutput !== undefined) canonical.maxOutputTokens = maxOutput;
  const temperature = asNumber(request.temperature);
  if (temperature !== undefined) canonical.sampling.temperature = temperature;
  const topP = asNumber(request.top_p);
  if (topP !== undefined) canonical.sampling.topP = topP;
  const topLogprobs = asNumber(request.top_logprobs);
  if (topLogprobs !== undefined) canonical.sampling.topLogprobs = topLogprobs;
  const reasoning = decodeReasoning(request.reasoning);
  if (reasoning !== undefined) canonical.reasoning = reasoning;

  const text = asObject(request.text);
  if (text !== undefined) {
    const format = decodeTextFormat(text.format);
    if (format !== undefined) canonical.responseFormat = format;
    // verbosity (and whatever else text grows) has no canonical place.
    const rest: JsonObject = {};
    for (const [key, value] of Object.entries(text)) if (key !== 'format' || format === undefined) rest[key] = value;
    if (Object.keys(rest).length > 0) extensions.text = rest;
  }

  const store = asBoolean(request.store);
  if (store !== undefined) canonical.store = store;
  const previous = asString(request.previous_response_id);
  if (previous !== undefined) canonical.previousResponseId = previous;
  const cacheKey = asString(request.prompt_cache_key);
  if (cacheKey !== undefined) canonical.promptCacheKey = cacheKey;
  const metadata = asObject(request.metadata);
  if (metadata !== undefined) canonical.metadata = metadata;
  const user = asString(request.user);
  if (user !== undefined) canonical.user = user;
  if (Object.keys(extensions).length > 0) canonical.extensions[protocol] = extensions;
  return canonical;
}
