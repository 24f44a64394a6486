import type { ChatResponse } from '../../core/response.js';
import { embedThoughtSignature } from '../../core/tool-call-id.js';
import type { EncodeResponseOptions } from '../codec.js';
import { encodeChatUsage } from './encode-usage.js';
import { encodeFinishReason } from './finish-reason.js';
import type { WireRecord, WireToolCall } from './types.js';

/** A chat.completion id: kept when the upstream's already is one, else derived from it. */
export function chatCompletionId(id: string): string {
  if (id.startsWith('chatcmpl-')) return id;
  return `chatcmpl-${id === '' ? Date.now().toString(36) : id}`;
}

/**
 * The canonical response as a chat.completion object
 * (https://platform.openai.com/docs/api-reference/chat/object). Text parts
 * are joined into `content`; reasoning text becomes `reasoning_content`
 * (DeepSeek style). Chat cannot carry reasoning signatures or encrypted
 * reasoning, so they are dropped; a Gemini thought signature on a tool
 * call rides inside the call id (core/tool-call-id.ts) and comes back when
 * the client echoes the id.
 */
export function encodeChatResponse(response: ChatResponse, options: EncodeResponseOptions): WireRecord {
  let text = '';
  let reasoning = '';
  let refusal: string | null = null;
  let annotations: unknown[] = [];
  const toolCalls: WireToolCall[] = [];
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        if (part.citations !== undefined) annotations = annotations.concat(part.citations);
        break;
      case 'reasoning':
        reasoning += part.text;
        break;
      case 'tool-call': {
        const id = embedThoughtSignature(part.id, part.thoughtSignature);
        toolCalls.push(
          part.kind === 'custom'
            ? { id, type: 'custom', custom: { name: part.name, input: part.arguments } }
            : { id, type: 'function', function: { name: part.name, arguments: part.arguments } },
        );
        break;
      }
      case 'unknown': {
        const value = part.value as WireRecord;
        if (part.protocol === 'openai-chat' && value.type === 'refusal' && typeof value.refusal === 'string') refusal = value.refusal;
        break;
      }
      case 'image':
      case 'audio':
      case 'file':
      case 'tool-result':
        // Chat has no standard place for generated media in a completion.
        break;
    }
  }
  const message: WireRecord = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal,
    annotations,
  };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: chatCompletionId(response.id),
    object: 'chat.completion',
    created: response.created,
    model: options.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: encodeFinishReason(response.finishReason, response.rawFinishReason) }],
    usage: encodeChatUsage(response.usage),
    ...openAIExtensions(response.extensions),
  };
}

/** system_fingerprint and service_tier, the only response extensions Chat has a field for. */
function openAIExtensions(extensions: Record<string, unknown> | undefined): WireRecord {
  const kept: WireRecord = {};
  if (typeof extensions?.system_fingerprint === 'string') kept.system_fingerprint = extensions.system_fingerprint;
  if (typeof extensions?.service_tier === 'string') kept.service_tier = extensions.service_tier;
  return kept;
}
