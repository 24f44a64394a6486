import type { ContentPart, Message, TextPart } from '../../core/content.js';
import { badRequest } from '../../core/errors.js';
import type { ChatRequest, ReasoningConfig, ReasoningEffort, ToolChoice, ToolDefinition } from '../../core/request.js';
import { decodeBlock, decodeCacheControl, decodeTextBlock } from './decode-content.js';
import { asArray, asNumber, asObject, asString, type JsonObject } from '../../core/json.js';
import { protocolId } from './types.js';

/** Top-level fields with a canonical place; every other field rides in extensions. */
const mappedFields = new Set([
  'model',
  'max_tokens',
  'system',
  'messages',
  'tools',
  'tool_choice',
  'thinking',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'metadata',
  'stream',
]);

const efforts: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

function decodeSystem(value: unknown): TextPart[] {
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  const parts: TextPart[] = [];
  for (const item of asArray(value) ?? []) {
    const block = asObject(item);
    if (block?.type === 'text') parts.push(decodeTextBlock(block));
  }
  return parts;
}

function decodeContent(value: unknown): ContentPart[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  return (asArray(value) ?? []).map((block) => decodeBlock(block, {}));
}

/**
 * A user turn that mixes tool_result blocks with other blocks becomes a
 * tool message per run of tool results and a user message per run of other
 * blocks, in the order they came (CODECS.md: tool results are role:tool).
 */
function splitUserTurn(parts: ContentPart[]): Message[] {
  const messages: Message[] = [];
  for (const part of parts) {
    const role = part.type === 'tool-result' ? 'tool' : 'user';
    const last = messages.at(-1);
    if (last !== undefined && last.role === role) last.content.push(part);
    else messages.push({ role, content: [part] });
  }
  return messages.length === 0 ? [{ role: 'user', content: [] }] : messages;
}

function decodeMessages(value: unknown): Message[] {
  const messages: Message[] = [];
  for (const [position, item] of (asArray(value) ?? []).entries()) {
    const message = asObject(item);
    if (message === undefined) throw badRequest(`messages.${position}: Input should be a valid dictionary`, 'messages');
    const parts = decodeContent(message.content);
    switch (message.role) {
      case 'user':
        messages.push(...splitUserTurn(parts));
        break;
      case 'assistant':
        messages.push({ role: 'assistant', content: parts });
        break;
      // Claude Code sends a role:"system" message inside messages (the
      // mid-conversation-system beta): kept as a mid-conversation system message.
      case 'system':
        messages.push({ role: 'system', content: parts });
        break;
      default:
        throw badRequest(`messages.${position}.role: Input should be 'user', 'assistant' or 'system'`, 'messages');
    }
  }
  return messages;
}

function decodeTool(value: unknown): ToolDefinition | undefined {
  const tool = asObject(value);
  if (tool === undefined) return undefined;
  const name = asString(tool.name) ?? '';
  // Server tools (web_search_20250305, code_execution_…, bash_…) have a versioned
  // `type`; `custom` is the explicit spelling of an ordinary client tool.
  if (tool.type !== undefined && tool.type !== 'custom') return { kind: 'hosted', protocol: protocolId, name, value: tool };
  const definition: ToolDefinition = { kind: 'function', name, parameters: asObject(tool.input_schema) ?? { type: 'object' } };
  const description = asString(tool.description);
  if (description !== undefined) definition.description = description;
  if (typeof tool.strict === 'boolean') definition.strict = tool.strict;
  const cacheControl = decodeCacheControl(tool.cache_control);
  if (cacheControl !== undefined) definition.cacheControl = cacheControl;
  return definition;
}

function decodeToolChoice(value: unknown): { toolChoice?: ToolChoice; parallelToolCalls?: boolean } {
  const choice = asObject(value);
  if (choice === undefined) return {};
  const decoded: { toolChoice?: ToolChoice; parallelToolCalls?: boolean } = {};
  switch (choice.type) {
    case 'auto':
      decoded.toolChoice = { type: 'auto' };
      break;
    case 'any':
      decoded.toolChoice = { type: 'required' };
      break;
    case 'none':
      decoded.toolChoice = { type: 'none' };
      break;
    case 'tool':
      decoded.toolChoice = { type: 'tool', name: asString(choice.name) ?? '' };
      break;
    default:
      break;
  }
  if (typeof choice.disable_parallel_tool_use === 'boolean') decoded.parallelToolCalls = !choice.disable_parallel_tool_use;
  return decoded;
}

function decodeReasoning(thinkingValue: unknown, outputConfig: JsonObject | undefined): ReasoningConfig | undefined {
  const thinking = asObject(thinkingValue);
  const reasoning: ReasoningConfig = {};
  switch (thinking?.type) {
    case 'enabled': {
      reasoning.enabled = true;
      const budget = asNumber(thinking.budget_tokens);
      if (budget !== undefined) reasoning.budgetTokens = budget;
      break;
    }
    case 'adaptive':
      reasoning.enabled = true;
      reasoning.adaptive = true;
      break;
    case 'disabled':
      reasoning.enabled = false;
      break;
    default:
      break;
  }
  const effort = outputConfig?.effort;
  if ((efforts as readonly unknown[]).includes(effort)) reasoning.effort = effort as ReasoningEffort;
  return Object.keys(reasoning).length === 0 ? undefined : reasoning;
}

/**
 * An Anthropic Messages request body → the canonical request
 * (https://docs.anthropic.com/en/api/messages). Validates only what it must
 * read; unknown top-level fields (context_management, service_tier,
 * container, mcp_servers, output_config, …) go to extensions verbatim.
 */
export function decodeAnthropicRequest(body: unknown, context: { model?: string; stream?: boolean }): ChatRequest {
  const request = asObject(body);
  if (request === undefined) throw badRequest('The request body must be a JSON object.');
  const model = context.model ?? asString(request.model);
  if (model === undefined || model === '') throw badRequest('model: Field required', 'model');
  if (!Array.isArray(request.messages)) throw badRequest('messages: Field required', 'messages');

  const extensions: JsonObject = {};
  for (const [key, value] of Object.entries(request)) if (!mappedFields.has(key)) extensions[key] = value;
  const outputConfig = asObject(request.output_config);

  const decoded: ChatRequest = {
    model,
    system: decodeSystem(request.system),
    messages: decodeMessages(request.messages),
    tools: (asArray(request.tools) ?? []).map(decodeTool).filter((tool): tool is ToolDefinition => tool !== undefined),
    sampling: {},
    stream: context.stream ?? request.stream === true,
    extensions: Object.keys(extensions).length === 0 ? {} : { [protocolId]: extensions },
  };
  const maxTokens = asNumber(request.max_tokens);
  if (maxTokens !== undefined) decoded.maxOutputTokens = maxTokens;
  Object.assign(decoded, decodeToolChoice(request.tool_choice));
  const reasoning = decodeReasoning(request.thinking, outputConfig);
  if (reasoning !== undefined) decoded.reasoning = reasoning;
  const format = asObject(outputConfig?.format);
  if (format?.type === 'json_schema' && asObject(format.schema) !== undefined) {
    decoded.responseFormat = { type: 'json-schema', schema: asObject(format.schema) ?? {} };
  }

  const temperature = asNumber(request.temperature);
  if (temperature !== undefined) decoded.sampling.temperature = temperature;
  const topP = asNumber(request.top_p);
  if (topP !== undefined) decoded.sampling.topP = topP;
  const topK = asNumber(request.top_k);
  if (topK !== undefined) decoded.sampling.topK = topK;
  const stop = asArray(request.stop_sequences)?.filter((item): item is string => typeof item === 'string');
  if (stop !== undefined) decoded.sampling.stop = stop;

  const metadata = asObject(request.metadata);
  if (metadata !== undefined) {
    // user_id is a string; Claude Code puts a JSON document in it, kept as text.
    const userId = asString(metadata.user_id);
    if (userId !== undefined) decoded.user = userId;
    const rest = Object.fromEntries(Object.entries(metadata).filter(([key]) => key !== 'user_id'));
    if (Object.keys(rest).length > 0) decoded.metadata = rest;
  }
  return decoded;
}
