import { randomId } from '../../core/ids.js';
import type { ContentPart } from '../../core/content.js';
import type { ChatResponse } from '../../core/response.js';
import { embedThoughtSignature } from '../../core/tool-call-id.js';
import type { EncodeResponseOptions } from '../codec.js';
import { toolInput } from './encode-content.js';
import { asObject } from '../../core/json.js';
import { encodeStopReason } from './stop-reason.js';
import type { AnthropicBlock, AnthropicMessageResponse } from './types.js';
import { protocolId } from './types.js';
import { encodeAnthropicUsage } from './usage.js';

/**
 * One canonical part → a response content block. Reasoning from another
 * protocol is shown as thinking with an empty signature (the text is the
 * client's to see; Anthropic's request encoder drops it again on replay).
 */
function encodeResponsePart(part: ContentPart): AnthropicBlock | undefined {
  switch (part.type) {
    case 'text':
      return part.citations === undefined ? { type: 'text', text: part.text } : { type: 'text', text: part.text, citations: part.citations };
    case 'reasoning': {
      const own = part.origin?.protocol === protocolId;
      if (own && part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
      if (part.text === '' && !own) return undefined;
      return { type: 'thinking', thinking: part.text, signature: own ? (part.signature ?? '') : '' };
    }
    case 'tool-call':
      return {
        type: 'tool_use',
        id: embedThoughtSignature(part.id, part.thoughtSignature),
        name: part.name,
        input: toolInput(part.arguments, part.kind),
      };
    case 'unknown':
      return part.protocol === protocolId ? (asObject(part.value) as AnthropicBlock | undefined) : undefined;
    // A response has no images, files or tool results for an Anthropic client to read.
    case 'image':
    case 'audio':
    case 'file':
    case 'tool-result':
      return undefined;
  }
}

/** Anthropic message ids start with msg_; an id from another protocol keeps its characters behind that prefix. */
export function anthropicMessageId(id: string): string {
  if (id === '') return randomId('msg_');
  return id.startsWith('msg_') ? id : `msg_${id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

export function encodeAnthropicResponse(response: ChatResponse, options: EncodeResponseOptions): AnthropicMessageResponse {
  return {
    id: anthropicMessageId(response.id),
    type: 'message',
    role: 'assistant',
    content: response.content.map(encodeResponsePart).filter((block): block is AnthropicBlock => block !== undefined),
    model: options.model,
    stop_reason: encodeStopReason(response.finishReason, response.rawFinishReason),
    stop_sequence: response.stopSequence ?? null,
    usage: encodeAnthropicUsage(response.usage),
  };
}
