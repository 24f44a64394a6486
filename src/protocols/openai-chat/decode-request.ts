import type { ContentPart, ImagePart, Message, TextPart, FilePart, ToolCallPart } from '../../core/content.js';
import { badRequest } from '../../core/errors.js';
import type { ChatRequest, ReasoningEffort, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/request.js';
import { extractThoughtSignature } from '../../core/tool-call-id.js';
import { decodeContent, decodeTextContent } from './decode-content.js';
import { asBoolean, asNumber, asObject, asString } from '../../core/json.js';
import { type WireRecord } from './types.js';

/** Top-level fields the codec maps; everything else goes to extensions['openai-chat']. */
const mappedFields = new Set([
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'seed',
  'frequency_penalty',
  'presence_penalty',
  'stop',
  'n',
  'logprobs',
  'top_logprobs',
  'response_format',
  'reasoning_effort',
  'stream',
  'stream_options',
  'user',
  'metadata',
  'prompt_cache_key',
  'store',
]);

const efforts: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/**
 * A Chat Completions request body → the canonical request
 * (https://platform.openai.com/docs/api-reference/chat/create). The leading
 * system or developer message becomes `system`; later ones stay in the
 * message list as role system (developer kept as a flag).
 */
export function decodeChatRequest(body: unknown, context: { model?: string; stream?: boolean }): ChatRequest {
  const wire = asObject(body);
  if (wire === undefined) throw badRequest('the request body must be a JSON object');
  if (!Array.isArray(wire.messages)) throw badRequest("Missing required parameter: 'messages'.", 'messages');
  const model = context.model ?? asString(wire.model);
  if (model === undefined) throw badRequest('you must provide a model parameter', 'model');

  const request: ChatRequest = {
    model,
    system: [],
    messages: [],
    tools: decodeTools(wire.tools),
    sampling: {},
    stream: context.stream ?? wire.stream === true,
    extensions: {},
  };
  decodeMessages(wire.messages, request);
  decodeSettings(wire, request);

  const extensions: WireRecord = {};
  for (const [key, value] of Object.entries(wire)) if (!mappedFields.has(key)) extensions[key] = value;
  // Values of mapped fields that have no canonical form (tool_choice allowed_tools, a new effort) are kept for Chat.
  if (wire.tool_choice !== undefined && wire.tool_choice !== null && request.toolChoice === undefined) extensions.tool_choice = wire.tool_choice;
  if (wire.reasoning_effort !== undefined && wire.reasoning_effort !== null && request.reasoning === undefined) {
    extensions.reasoning_effort = wire.reasoning_effort;
  }
  if (wire.response_format !== undefined && wire.response_format !== null && request.responseFormat === undefined) {
    extensions.response_format = wire.response_format;
  }
  if (Object.keys(extensions).length > 0) request.extensions['openai-chat'] = extensions;
  return request;
}

function decodeMessages(messages: unknown[], request: ChatRequest): void {
  // Tool results carry only the call id; the name (Gemini needs it) comes from the call.
  const toolNames = new Map<string, string>();
  for (const [position, value] of messages.entries()) {
    const param = `messages[${position}]`;
    const wire = asObject(value);
    if (wire === undefined) throw badRequest(`${param} must be an object`, param);
    const name = asString(wire.name);
    switch (wire.role) {
      case 'system':
      case 'developer': {
        const content = decodeTextContent(wire.content, `${param}.content`);
        if (position === 0) {
          request.system = content;
          break;
        }
        const message: Message = { role: 'system', content };
        if (wire.role === 'developer') message.developer = true;
        if (name !== undefined) message.name = name;
        request.messages.push(message);
        break;
      }
      case 'user': {
        const message: Message = { role: 'user', content: decodeContent(wire.content, `${param}.content`) };
        if (name !== undefined) message.name = name;
        request.messages.push(message);
        break;
      }
      case 'assistant': {
        const message: Message = { role: 'assistant', content: decodeAssistantContent(wire, param, toolNames) };
        if (name !== undefined) message.name = name;
        request.messages.push(message);
        break;
      }
      case 'tool': {
        const rawId = asString(wire.tool_call_id);
        if (rawId === undefined) throw badRequest(`${param}.tool_call_id must be a string`, `${param}.tool_call_id`);
        const toolCallId = extractThoughtSignature(rawId).id;
        const content = decodeContent(wire.content, `${param}.content`).filter(
          (part): part is TextPart | ImagePart | FilePart => part.type === 'text' || part.type === 'image' || part.type === 'file',
        );
        const toolName = toolNames.get(toolCallId);
        request.messages.push({
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId, content, ...(toolName === undefined ? {} : { name: toolName }) }],
        });
        break;
      }
      default:
        throw badRequest(`${param}.role must be one of system, developer, user, assistant, tool`, `${param}.role`);
    }
  }
}

/**
 * Assistant turns: reasoning_content (DeepSeek style; `reasoning` from some
 * OpenAI-compatible providers) first, then text, then tool calls. Chat
 * cannot carry reasoning signatures, so decoded reasoning has none.
 */
function decodeAssistantContent(wire: WireRecord, param: string, toolNames: Map<string, string>): ContentPart[] {
  const content: ContentPart[] = [];
  const reasoning = asString(wire.reasoning_content) ?? asString(wire.reasoning);
  if (reasoning !== undefined && reasoning !== '') {
    content.push({ type: 'reasoning', text: reasoning, origin: { protocol: 'openai-chat' } });
  }
  for (const part of decodeContent(wire.content, `${param}.content`)) {
    if (part.type === 'text' && part.text === '') continue;
    content.push(part);
  }
  const refusal = asString(wire.refusal);
  if (refusal !== undefined && refusal !== '') content.push({ type: 'unknown', protocol: 'openai-chat', value: { type: 'refusal', refusal } });
  if (wire.tool_calls !== undefined && wire.tool_calls !== null) {
    if (!Array.isArray(wire.tool_calls)) throw badRequest(`${param}.tool_calls must be an array`, `${param}.tool_calls`);
    for (const [position, value] of wire.tool_calls.entries()) {
      const call = decodeToolCall(value, `${param}.tool_calls[${position}]`);
      toolNames.set(call.id, call.name);
      content.push(call);
    }
  }
  return content;
}

function decodeToolCall(value: unknown, param: string): ToolCallPart {
  const wire = asObject(value);
  const rawId = asString(wire?.id);
  if (wire === undefined || rawId === undefined) throw badRequest(`${param}.id must be a string`, `${param}.id`);
  const { id, thoughtSignature } = extractThoughtSignature(rawId);
  const signed = thoughtSignature === undefined ? {} : { thoughtSignature };
  if (wire.type === 'custom') {
    const custom = asObject(wire.custom);
    const name = asString(custom?.name);
    if (name === undefined) throw badRequest(`${param}.custom.name must be a string`, `${param}.custom.name`);
    return { type: 'tool-call', id, name, arguments: asString(custom?.input) ?? '', kind: 'custom', ...signed };
  }
  const fn = asObject(wire.function);
  const name = asString(fn?.name);
  if (name === undefined) throw badRequest(`${param}.function.name must be a string`, `${param}.function.name`);
  return { type: 'tool-call', id, name, arguments: asString(fn?.arguments) ?? '', kind: 'function', ...signed };
}

function decodeTools(value: unknown): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest('tools must be an array', 'tools');
  return value.map((tool, position): ToolDefinition => {
    const param = `tools[${position}]`;
    const wire = asObject(tool);
    if (wire === undefined) throw badRequest(`${param} must be an object`, param);
    if (wire.type === 'function') {
      const fn = asObject(wire.function);
      const name = asString(fn?.name);
      if (fn === undefined || name === undefined) throw badRequest(`${param}.function.name must be a string`, `${param}.function.name`);
      const definition: ToolDefinition = { kind: 'function', name, parameters: asObject(fn.parameters) ?? { type: 'object', properties: {} } };
      const description = asString(fn.description);
      if (description !== undefined) definition.description = description;
      const strict = asBoolean(fn.strict);
      if (strict !== undefined) definition.strict = strict;
      return definition;
    }
    if (wire.type === 'custom') {
      // Chat nests the definition under `custom`; Responses-style clients send it flat.
      const custom = asObject(wire.custom) ?? wire;
      const name = asString(custom.name);
      if (name === undefined) throw badRequest(`${param}.custom.name must be a string`, `${param}.custom.name`);
      const description = asString(custom.description);
      return {
        kind: 'custom',
        name,
        ...(description === undefined ? {} : { description }),
        ...(custom.format === undefined ? {} : { format: custom.format }),
      };
    }
    return { kind: 'hosted', protocol: 'openai-chat', name: asString(wire.type) ?? 'unknown', value: tool };
  });
}

function decodeToolChoice(value: unknown): ToolChoice | undefined {
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value };
  const wire = asObject(value);
  const name = asString(asObject(wire?.function)?.name) ?? asString(asObject(wire?.custom)?.name);
  return name === undefined ? undefined : { type: 'tool', name };
}

function decodeResponseFormat(value: unknown): ResponseFormat | undefined {
  const wire = asObject(value);
  switch (wire?.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json-object' };
    case 'json_schema': {
      const spec = asObject(wire.json_schema) ?? {};
      const format: ResponseFormat = { type: 'json-schema', schema: asObject(spec.schema) ?? {} };
      const name = asString(spec.name);
      if (name !== undefined) format.name = name;
      const description = asString(spec.description);
      if (description !== undefined) format.description = description;
      const strict = asBoolean(spec.strict);
      if (strict !== undefined) format.strict = strict;
      return format;
    }
    default:
      return undefined;
  }
}

function decodeSettings(wire: WireRecord, request: ChatRequest): void {
  const choice = decodeToolChoice(wire.tool_choice);
  if (choice !== undefined) request.toolChoice = choice;
  const parallel = asBoolean(wire.parallel_tool_calls);
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  const maxTokens = asNumber(wire.max_completion_tokens) ?? asNumber(wire.max_tokens);
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens;

  const sampling = request.sampling;
  const numbers = {
    temperature: asNumber(wire.temperature),
    topP: asNumber(wire.top_p),
    seed: asNumber(wire.seed),
    frequencyPenalty: asNumber(wire.frequency_penalty),
    presencePenalty: asNumber(wire.presence_penalty),
    n: asNumber(wire.n),
    topLogprobs: asNumber(wire.top_logprobs),
  };
  for (const [key, value] of Object.entries(numbers) as Array<[keyof typeof numbers, number | undefined]>) {
    if (value !== undefined) sampling[key] = value;
  }
  const logprobs = asBoolean(wire.logprobs);
  if (logprobs !== undefined) sampling.logprobs = logprobs;
  if (typeof wire.stop === 'string') sampling.stop = [wire.stop];
  else if (Array.isArray(wire.stop)) sampling.stop = wire.stop.filter((stop): stop is string => typeof stop === 'string');

  const format = decodeResponseFormat(wire.response_format);
  if (format !== undefined) request.responseFormat = format;
  const effort = wire.reasoning_effort;
  if (typeof effort === 'string' && (efforts as readonly string[]).includes(effort)) {
    request.reasoning = { effort: effort as ReasoningEffort, ...(effort === 'none' ? { enabled: false } : {}) };
  }
  if (asObject(wire.stream_options)?.include_usage === true) request.streamUsage = true;
  const user = asString(wire.user);
  if (user !== undefined) request.user = user;
  const metadata = asObject(wire.metadata);
  if (metadata !== undefined) request.metadata = metadata;
  const cacheKey = asString(wire.prompt_cache_key);
  if (cacheKey !== undefined) request.promptCacheKey = cacheKey;
  const store = asBoolean(wire.store);
  if (store !== undefined) request.store = store;
}
