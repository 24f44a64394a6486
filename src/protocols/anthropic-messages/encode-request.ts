import type { ChatRequest, ReasoningEffort, ToolChoice, ToolDefinition } from '../../core/request.js';
import { effortToBudget } from '../../core/reasoning.js';
import type { EncodedRequest, EncodeRequestOptions } from '../codec.js';
import { applyCacheBreakpoints } from './cache-breakpoints.js';
import { encodeCacheControl, encodeTextPart } from './encode-content.js';
import { encodeAnthropicMessages } from './encode-messages.js';
import { asObject, type JsonObject } from '../../core/json.js';
import type { AnthropicMessage, AnthropicTextBlock } from './types.js';
import { protocolId } from './types.js';

/**
 * max_tokens is required by Anthropic; Chat, Responses and Gemini may omit
 * it. 8192 is what every current Claude model can produce and what clients
 * without a limit usually expect; a thinking budget raises it (below).
 */
export const defaultMaxTokens = 8192;
/** The API version sent when the client named none (translated requests, bare passthrough). */
export const defaultAnthropicVersion = '2023-06-01';
/** Anthropic's smallest thinking budget. */
export const minimumThinkingBudget = 1024;
/** Room for the answer above a thinking budget when max_tokens must be raised. */
const answerRoom = 1024;

function encodeTool(tool: ToolDefinition): JsonObject | undefined {
  switch (tool.kind) {
    case 'function': {
      const encoded: JsonObject = { name: tool.name };
      if (tool.description !== undefined) encoded.description = tool.description;
      // input_schema must be an object schema; some clients send {} for no parameters.
      encoded.input_schema = { type: 'object', ...tool.parameters };
      const cacheControl = encodeCacheControl(tool.cacheControl);
      if (cacheControl !== undefined) encoded.cache_control = cacheControl;
      return encoded;
    }
    case 'custom': {
      // Freeform tools become a function with one string parameter `input`.
      const encoded: JsonObject = { name: tool.name };
      if (tool.description !== undefined) encoded.description = tool.description;
      encoded.input_schema = {
        type: 'object',
        properties: { input: { type: 'string', description: 'The raw input for this tool.' } },
        required: ['input'],
      };
      return encoded;
    }
    case 'hosted':
      return tool.protocol === protocolId ? asObject(tool.value) : undefined;
  }
}

function encodeToolChoice(choice: ToolChoice | undefined, parallelToolCalls: boolean | undefined): JsonObject | undefined {
  let encoded: JsonObject | undefined;
  switch (choice?.type) {
    case undefined:
      break;
    case 'auto':
      encoded = { type: 'auto' };
      break;
    case 'none':
      return { type: 'none' };
    case 'required':
      encoded = { type: 'any' };
      break;
    case 'tool':
      encoded = { type: 'tool', name: choice.name };
      break;
  }
  if (parallelToolCalls === false) return { ...(encoded ?? { type: 'auto' }), disable_parallel_tool_use: true };
  if (parallelToolCalls === true && encoded !== undefined) return { ...encoded, disable_parallel_tool_use: false };
  return encoded;
}

/** Anthropic efforts are low/medium/high/max (xhigh on newer models); "minimal" has no twin. */
function anthropicEffort(effort: ReasoningEffort): string {
  return effort === 'minimal' ? 'low' : effort;
}

/**
 * With thinking on, Anthropic requires the last assistant turn of a tool
 * loop to start with a thinking block. When it does not (its thinking was
 * foreign or unsigned and so dropped), the turn is sent without thinking
 * rather than refused.
 */
function thinkingAllowed(messages: AnthropicMessage[]): boolean {
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');
  if (lastAssistant === undefined || !lastAssistant.content.some((block) => block.type === 'tool_use')) return true;
  const first = lastAssistant.content[0]?.type;
  return first === 'thinking' || first === 'redacted_thinking';
}

interface ThinkingPlan {
  thinking?: JsonObject;
  maxTokens: number;
}

/**
 * Reasoning → thinking. A budget is used as given (at least 1024); an effort
 * alone becomes a budget by the shared table (core/reasoning.ts), unless the
 * request came from Anthropic with output_config (then effort rides there).
 * max_tokens must exceed the budget: when the client set max_tokens, the
 * budget is lowered to fit under it; otherwise max_tokens is raised to
 * budget + 1024.
 */
function planThinking(request: ChatRequest, anthropicOutputConfig: boolean): ThinkingPlan {
  const reasoning = request.reasoning;
  let maxTokens = request.maxOutputTokens ?? defaultMaxTokens;
  if (reasoning === undefined) return { maxTokens };
  if (reasoning.enabled === false || reasoning.effort === 'none') return { thinking: { type: 'disabled' }, maxTokens };
  if (reasoning.adaptive === true) return { thinking: { type: 'adaptive' }, maxTokens };
  let budget = reasoning.budgetTokens;
  if (budget === undefined && reasoning.effort !== undefined && !anthropicOutputConfig) budget = effortToBudget(reasoning.effort);
  if (budget === undefined && reasoning.enabled === true) budget = effortToBudget('medium');
  if (budget === undefined) return { maxTokens };
  budget = Math.max(minimumThinkingBudget, budget);
  if (maxTokens <= budget) {
    if (request.maxOutputTokens !== undefined && maxTokens > minimumThinkingBudget) budget = maxTokens - 1;
    else maxTokens = budget + answerRoom;
  }
  return { thinking: { type: 'enabled', budget_tokens: budget }, maxTokens };
}

/** The canonical request → an Anthropic Messages request (https://docs.anthropic.com/en/api/messages). */
export function encodeAnthropicRequest(request: ChatRequest, options: EncodeRequestOptions): EncodedRequest {
  const extensions = { ...(request.extensions[protocolId] ?? {}) };
  const extensionOutputConfig = asObject(extensions.output_config);
  delete extensions.output_config;

  const system = request.system.map(encodeTextPart).filter((block): block is AnthropicTextBlock => block !== undefined);
  const messages = encodeAnthropicMessages(request.messages);
  const tools = request.tools.map(encodeTool).filter((tool): tool is JsonObject => tool !== undefined);
  applyCacheBreakpoints({ tools, system, messages });

  const plan = planThinking(request, extensionOutputConfig !== undefined);
  const thinkingOn = plan.thinking !== undefined && plan.thinking.type !== 'disabled';
  const keepThinking = !thinkingOn || thinkingAllowed(messages);
  const body: JsonObject = {
    model: options.model,
    max_tokens: keepThinking ? plan.maxTokens : (request.maxOutputTokens ?? defaultMaxTokens),
  };
  if (system.length > 0) body.system = system;
  body.messages = messages;
  if (tools.length > 0) {
    body.tools = tools;
    const toolChoice = encodeToolChoice(request.toolChoice, request.parallelToolCalls);
    if (toolChoice !== undefined) body.tool_choice = toolChoice;
  }
  if (plan.thinking !== undefined && keepThinking) body.thinking = plan.thinking;

  const outputConfig: JsonObject = { ...(extensionOutputConfig ?? {}) };
  const effort = request.reasoning?.effort;
  if (request.reasoning?.adaptive === true && effort !== undefined && effort !== 'none' && outputConfig.effort === undefined) {
    outputConfig.effort = anthropicEffort(effort);
  }
  if (request.responseFormat?.type === 'json-schema' && outputConfig.format === undefined) {
    outputConfig.format = { type: 'json_schema', schema: request.responseFormat.schema };
  }
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;

  // Thinking refuses temperature, top_k and most top_p values; Anthropic's
  // temperature range is 0–1 where OpenAI's is 0–2.
  const sampling = request.sampling;
  const thinkingActive = thinkingOn && keepThinking;
  if (sampling.temperature !== undefined && !thinkingActive) body.temperature = Math.min(1, Math.max(0, sampling.temperature));
  if (sampling.topP !== undefined && !thinkingActive) body.top_p = sampling.topP;
  if (sampling.topK !== undefined && !thinkingActive) body.top_k = sampling.topK;
  if (sampling.stop !== undefined && sampling.stop.length > 0) body.stop_sequences = sampling.stop;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (request.stream) body.stream = true;
  Object.assign(body, extensions);

  return { path: '/messages', body, headers: { 'anthropic-version': defaultAnthropicVersion } };
}
