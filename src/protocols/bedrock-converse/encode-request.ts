import type { ContentPart, Message } from '../../core/content.js';
import { assertNever } from '../../core/assert-never.js';
import { effortToBudget } from '../../core/reasoning.js';
import type { ChatRequest, ToolChoice } from '../../core/request.js';
import type { EncodedRequest, EncodeRequestOptions } from '../codec.js';
import { encodeFile, encodeImage, encodeToolResultContent, parseToolInput } from './content.js';
import type { ConverseContentBlock, ConverseMessage, ConverseRequest, ConverseSystemBlock, ConverseTool, ConverseToolChoice } from './types.js';

const cachePoint = { cachePoint: { type: 'default' } } as const;

/**
 * Canonical request → Converse. Conventions (CODECS.md): mid-conversation
 * system messages fold into the neighbouring user turn as "System: …";
 * tool messages become user turns of toolResult blocks; consecutive
 * same-role turns merge; a toolUse left unanswered gets an empty
 * toolResult; reasoning is replayed only when it came from Converse (its
 * signature is only valid there); cache breakpoints become cachePoint blocks.
 */
function encodePart(part: ContentPart, position: number, provider: string | undefined): ConverseContentBlock[] {
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : part.cacheControl ? [{ text: part.text }, cachePoint] : [{ text: part.text }];
    case 'image':
      return [encodeImage(part)];
    case 'file':
      return [encodeFile(part, position)];
    case 'audio':
      return [{ text: '[audio omitted: Bedrock Converse takes no audio input]' }];
    case 'reasoning': {
      if (part.origin?.protocol !== 'bedrock-converse') return [];
      if (part.origin.provider !== undefined && provider !== undefined && part.origin.provider !== provider) return [];
      if (part.redactedData !== undefined) return [{ reasoningContent: { redactedContent: part.redactedData } }];
      if (part.signature === undefined) return [];
      return [{ reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } }];
    }
    case 'tool-call':
      return [{ toolUse: { toolUseId: part.id, name: part.name, input: parseToolInput(part.arguments) } }];
    case 'tool-result':
      return [{ toolResult: { toolUseId: part.toolCallId, content: encodeToolResultContent(part.content), status: part.isError === true ? 'error' : 'success' } }];
    case 'unknown':
      return part.protocol === 'bedrock-converse' ? [part.value as ConverseContentBlock] : [];
    default:
      return assertNever(part);
  }
}

function roleOf(message: Message): 'user' | 'assistant' {
  return message.role === 'assistant' ? 'assistant' : 'user';
}

function contentOf(message: Message, provider: string | undefined): ConverseContentBlock[] {
  if (message.role === 'system') {
    const text = message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    return text === '' ? [] : [{ text: `System: ${text}` }];
  }
  return message.content.flatMap((part, position) => encodePart(part, position, provider));
}

/** Tool results first in a user turn, as Bedrock (like Anthropic) expects them right after the toolUse turn. */
function toolResultsFirst(blocks: ConverseContentBlock[]): ConverseContentBlock[] {
  return [...blocks.filter((block) => 'toolResult' in block), ...blocks.filter((block) => !('toolResult' in block))];
}

export function encodeBedrockMessages(messages: Message[], provider: string | undefined): ConverseMessage[] {
  const turns: ConverseMessage[] = [];
  for (const message of messages) {
    const content = contentOf(message, provider);
    if (content.length === 0) continue;
    const role = roleOf(message);
    const last = turns.at(-1);
    if (last !== undefined && last.role === role) last.content.push(...content);
    else turns.push({ role, content });
  }
  // Answer every toolUse the next user turn leaves unanswered.
  for (const [position, turn] of turns.entries()) {
    if (turn.role !== 'assistant') continue;
    const asked = turn.content.flatMap((block) => ('toolUse' in block ? [block.toolUse.toolUseId] : []));
    if (asked.length === 0) continue;
    let next = turns[position + 1];
    if (next === undefined || next.role !== 'user') {
      next = { role: 'user', content: [] };
      turns.splice(position + 1, 0, next);
    }
    const answered = new Set(next.content.flatMap((block) => ('toolResult' in block ? [block.toolResult.toolUseId] : [])));
    for (const id of asked) if (!answered.has(id)) next.content.push({ toolResult: { toolUseId: id, content: [{ text: '' }], status: 'success' } });
    next.content = toolResultsFirst(next.content);
  }
  return turns;
}

function encodeToolChoice(choice: ToolChoice | undefined): ConverseToolChoice | undefined {
  switch (choice?.type) {
    case undefined:
    case 'none':
      return undefined;
    case 'auto':
      return { auto: {} };
    case 'required':
      return { any: {} };
    case 'tool':
      return { tool: { name: choice.name } };
    default:
      return assertNever(choice);
  }
}

function encodeTools(request: ChatRequest): ConverseTool[] {
  const tools: ConverseTool[] = [];
  for (const tool of request.tools) {
    if (tool.kind === 'function') {
      tools.push({ toolSpec: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), inputSchema: { json: tool.parameters } } });
      if (tool.cacheControl !== undefined) tools.push(cachePoint);
    } else if (tool.kind === 'custom') {
      // No freeform tools in Converse: one string parameter `input` carries the text.
      tools.push({
        toolSpec: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          inputSchema: { json: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } },
        },
      });
    } else if (tool.protocol === 'bedrock-converse') {
      tools.push(tool.value as ConverseTool);
    }
  }
  return tools;
}

/**
 * Thinking for Claude on Bedrock goes in additionalModelRequestFields as
 * Anthropic's own `thinking` object; other Bedrock models take no such field
 * and would refuse it, so it is sent to Claude model ids only.
 */
function thinkingFields(request: ChatRequest, model: string): Record<string, unknown> | undefined {
  const reasoning = request.reasoning;
  if (reasoning === undefined || reasoning.enabled === false || !model.includes('anthropic.claude')) return undefined;
  const budget = reasoning.budgetTokens ?? (reasoning.effort === undefined ? undefined : effortToBudget(reasoning.effort));
  if (budget === undefined || budget <= 0) return undefined;
  return { thinking: { type: 'enabled', budget_tokens: budget } };
}

export function encodeBedrockRequest(request: ChatRequest, options: EncodeRequestOptions): EncodedRequest {
  const extensions = request.extensions['bedrock-converse'] ?? {};
  const body: ConverseRequest = { ...extensions, messages: encodeBedrockMessages(request.messages, options.provider) };
  const system: ConverseSystemBlock[] = [];
  for (const part of request.system) {
    if (part.text === '') continue;
    system.push({ text: part.text });
    if (part.cacheControl !== undefined) system.push(cachePoint);
  }
  if (system.length > 0) body.system = system;

  const inference: ConverseRequest['inferenceConfig'] = {};
  let maxTokens = request.maxOutputTokens;
  const thinking = thinkingFields(request, options.model);
  if (thinking !== undefined) {
    // Claude needs max_tokens above the thinking budget: raise max_tokens rather than cut the budget.
    const budget = (thinking.thinking as { budget_tokens: number }).budget_tokens;
    if (maxTokens === undefined || maxTokens <= budget) maxTokens = budget + 1024;
  }
  if (maxTokens !== undefined) inference.maxTokens = maxTokens;
  if (request.sampling.temperature !== undefined) inference.temperature = request.sampling.temperature;
  if (request.sampling.topP !== undefined) inference.topP = request.sampling.topP;
  if (request.sampling.stop !== undefined && request.sampling.stop.length > 0) inference.stopSequences = request.sampling.stop;
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;

  const tools = encodeTools(request);
  // Converse refuses a toolConfig without tools.
  if (tools.length > 0) {
    const toolChoice = encodeToolChoice(request.toolChoice);
    body.toolConfig = { tools, ...(toolChoice === undefined ? {} : { toolChoice }) };
  }
  const additional = { ...(body.additionalModelRequestFields ?? {}), ...thinking };
  if (Object.keys(additional).length > 0) body.additionalModelRequestFields = additional;

  const action = request.stream ? 'converse-stream' : 'converse';
  return { path: `/model/${encodeURIComponent(options.model)}/${action}`, body };
}
