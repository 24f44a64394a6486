import type { ContentPart, ReasoningPart, TextPart, ToolCallPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import type { ChatResponse } from '../../core/response.js';
import { emptyUsage } from '../../core/usage.js';
import { decodeFinishReason } from './finish-reason.js';
import { arrayOf, asNumber, asObject, asString, type JsonObject } from '../../core/json.js';
import { readResponsesUsage } from './read-usage.js';

const protocol = 'openai-responses';

function decodeReasoning(item: JsonObject, provider: string | undefined): ReasoningPart {
  const summary = arrayOf(item.summary)
    .map((entry) => asString(asObject(entry)?.text))
    .filter((text): text is string => text !== undefined);
  const content = arrayOf(item.content)
    .map((entry) => asString(asObject(entry)?.text))
    .filter((text): text is string => text !== undefined);
  const part: ReasoningPart = {
    type: 'reasoning',
    text: (content.length > 0 ? content : summary).join('\n\n'),
    summary,
    origin: provider === undefined ? { protocol } : { protocol, provider },
  };
  const id = asString(item.id);
  if (id !== undefined) part.itemId = id;
  const encrypted = asString(item.encrypted_content);
  if (encrypted !== undefined) part.encryptedContent = encrypted;
  return part;
}

function decodeMessage(item: JsonObject): ContentPart[] {
  return arrayOf(item.content).map((value): ContentPart => {
    const part = asObject(value) ?? {};
    if (part.type === 'output_text') {
      const text: TextPart = { type: 'text', text: asString(part.text) ?? '' };
      const annotations = arrayOf(part.annotations);
      if (annotations.length > 0) text.citations = annotations;
      return text;
    }
    // A refusal is the model's answer: as text, other protocols can show it.
    if (part.type === 'refusal') return { type: 'text', text: asString(part.refusal) ?? '' };
    return { type: 'unknown', protocol, value: part };
  });
}

function decodeToolCall(item: JsonObject, kind: 'function' | 'custom'): ToolCallPart {
  const part: ToolCallPart = {
    type: 'tool-call',
    id: asString(item.call_id) ?? asString(item.id) ?? '',
    name: asString(item.name) ?? '',
    arguments: (kind === 'custom' ? asString(item.input) : asString(item.arguments)) ?? '',
    kind,
  };
  const itemId = asString(item.id);
  if (itemId !== undefined) part.itemId = itemId;
  return part;
}

/** The content parts of a response's output items, in order. */
function decodeOutputItems(output: unknown, provider: string | undefined): ContentPart[] {
  const content: ContentPart[] = [];
  for (const value of arrayOf(output)) {
    const item = asObject(value) ?? {};
    switch (item.type) {
      case 'message':
        content.push(...decodeMessage(item));
        break;
      case 'reasoning':
        content.push(decodeReasoning(item, provider));
        break;
      case 'function_call':
        content.push(decodeToolCall(item, 'function'));
        break;
      case 'custom_tool_call':
        content.push(decodeToolCall(item, 'custom'));
        break;
      default:
        content.push({ type: 'unknown', protocol, value: item });
        break;
    }
  }
  return content;
}

/** A Responses response object (object: "response") as a canonical ChatResponse. */
export function decodeResponsesResponse(body: unknown, options: { provider?: string }): ChatResponse {
  const response = asObject(body);
  if (response === undefined || !Array.isArray(response.output)) {
    throw new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message: 'upstream answered with something that is not a Responses response object' });
  }
  const content = decodeOutputItems(response.output, options.provider);
  const status = asString(response.status);
  const { finishReason, rawFinishReason } = decodeFinishReason({
    status,
    incompleteReason: asString(asObject(response.incomplete_details)?.reason),
    hasToolCalls: content.some((part) => part.type === 'tool-call'),
  });
  const decoded: ChatResponse = {
    id: asString(response.id) ?? '',
    model: asString(response.model) ?? '',
    created: asNumber(response.created_at) ?? Math.floor(Date.now() / 1000),
    content,
    finishReason,
    rawFinishReason,
    usage: readResponsesUsage(response.usage) ?? emptyUsage(),
  };
  const serviceTier = asString(response.service_tier);
  if (serviceTier !== undefined) decoded.extensions = { service_tier: serviceTier };
  return decoded;
}
