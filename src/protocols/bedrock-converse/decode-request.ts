import { badRequest } from '../../core/errors.js';
import type { Message, TextPart } from '../../core/content.js';
import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/request.js';
import { decodeBlocks } from './decode-blocks.js';
import type { ConverseMessage, ConverseRequest, ConverseToolChoice } from './types.js';

/**
 * Converse request → canonical: the inverse of encode-request.ts, so a
 * Converse body survives the hub. Fields without a canonical place stay in
 * extensions['bedrock-converse'] (additionalModelRequestFields, guardrailConfig, …).
 */
const mapped = new Set(['messages', 'system', 'inferenceConfig', 'toolConfig', 'modelId']);

function decodeMessages(turns: ConverseMessage[]): Message[] {
  const messages: Message[] = [];
  for (const turn of turns) {
    const parts = decodeBlocks(turn.content);
    if (turn.role === 'assistant') {
      messages.push({ role: 'assistant', content: parts });
      continue;
    }
    // A user turn of toolResult blocks and text splits into a tool message then a user message.
    const results = parts.filter((part) => part.type === 'tool-result');
    const rest = parts.filter((part) => part.type !== 'tool-result');
    if (results.length > 0) messages.push({ role: 'tool', content: results });
    if (rest.length > 0) messages.push({ role: 'user', content: rest });
  }
  return messages;
}

function decodeToolChoice(choice: ConverseToolChoice | undefined): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if ('auto' in choice) return { type: 'auto' };
  if ('any' in choice) return { type: 'required' };
  return { type: 'tool', name: choice.tool.name };
}

export function decodeBedrockRequest(body: unknown, context: { model?: string; stream?: boolean }): ChatRequest {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { messages?: unknown }).messages)) {
    throw badRequest('messages must be an array of Converse messages', 'messages');
  }
  const wire = body as ConverseRequest;
  const system: TextPart[] = [];
  for (const block of wire.system ?? []) {
    if ('text' in block) system.push({ type: 'text', text: block.text });
    else if ('cachePoint' in block && system.length > 0) system[system.length - 1]!.cacheControl = { type: 'ephemeral' };
  }
  const tools: ToolDefinition[] = [];
  for (const tool of wire.toolConfig?.tools ?? []) {
    if ('toolSpec' in tool) {
      tools.push({
        kind: 'function',
        name: tool.toolSpec.name,
        ...(tool.toolSpec.description === undefined ? {} : { description: tool.toolSpec.description }),
        parameters: tool.toolSpec.inputSchema.json,
      });
    } else {
      const previous = tools.at(-1);
      if (previous?.kind === 'function') previous.cacheControl = { type: 'ephemeral' };
    }
  }
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) if (!mapped.has(key)) extensions[key] = value;
  const inference = wire.inferenceConfig ?? {};
  const request: ChatRequest = {
    model: context.model ?? '',
    system,
    messages: decodeMessages(wire.messages),
    tools,
    sampling: {
      ...(inference.temperature === undefined ? {} : { temperature: inference.temperature }),
      ...(inference.topP === undefined ? {} : { topP: inference.topP }),
      ...(inference.stopSequences === undefined ? {} : { stop: inference.stopSequences }),
    },
    stream: context.stream ?? false,
    extensions: Object.keys(extensions).length > 0 ? { 'bedrock-converse': extensions } : {},
  };
  if (inference.maxTokens !== undefined) request.maxOutputTokens = inference.maxTokens;
  const toolChoice = decodeToolChoice(wire.toolConfig?.toolChoice);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  return request;
}
