import type { ContentPart } from '../../core/content.js';
import { asObject } from '../../core/json.js';
import { parseJsonText } from './json.js';
import type { GeminiPart } from './types.js';

/**
 * Canonical response content → Gemini parts for a Gemini client. Signatures
 * are only shown when Gemini made them: a thought signature from another
 * family would be rejected when the client replays it.
 */
export function encodeResponsePart(part: ContentPart): GeminiPart[] {
  switch (part.type) {
    case 'text':
      return [{ text: part.text }];
    case 'reasoning': {
      const thought: GeminiPart = { text: part.text, thought: true };
      if (part.signature !== undefined && part.origin?.protocol === 'gemini') thought.thoughtSignature = part.signature;
      return part.text === '' && thought.thoughtSignature === undefined ? [] : [thought];
    }
    case 'tool-call': {
      const args = part.kind === 'custom' ? { input: part.arguments } : (asObject(parseJsonText(part.arguments === '' ? '{}' : part.arguments)) ?? {});
      const call: GeminiPart = { functionCall: { id: part.id, name: part.name, args } };
      if (part.thoughtSignature !== undefined) call.thoughtSignature = part.thoughtSignature;
      return [call];
    }
    case 'image':
    case 'audio':
    case 'file':
      if (part.source.kind === 'base64') return [{ inlineData: { mimeType: part.source.mediaType, data: part.source.data } }];
      if (part.source.kind === 'url') return [{ fileData: { ...(part.source.mediaType === undefined ? {} : { mimeType: part.source.mediaType }), fileUri: part.source.url } }];
      return [{ fileData: { ...(part.source.mediaType === undefined ? {} : { mimeType: part.source.mediaType }), fileUri: part.source.fileId } }];
    case 'unknown':
      return part.protocol === 'gemini' && asObject(part.value) !== undefined ? [part.value as GeminiPart] : [];
    case 'tool-result':
      return [];
  }
}
