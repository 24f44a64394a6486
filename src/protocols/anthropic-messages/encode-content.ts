import type { CacheControl, ContentPart, FilePart, ImagePart, MediaSource, TextPart, ToolResultPart } from '../../core/content.js';
import { sanitizeToolCallId } from '../../core/tool-call-id.js';
import { asObject } from '../../core/json.js';
import type {
  AnthropicBlock,
  AnthropicCacheControl,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicSource,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from './types.js';
import { protocolId } from './types.js';

/** Canonical parts → Anthropic request blocks, with Anthropic's rules applied. */
export function encodeCacheControl(control: CacheControl | undefined): AnthropicCacheControl | undefined {
  if (control === undefined) return undefined;
  return control.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: control.ttl };
}

function withCache<T extends { cache_control?: AnthropicCacheControl }>(block: T, control: CacheControl | undefined): T {
  const encoded = encodeCacheControl(control);
  if (encoded !== undefined) block.cache_control = encoded;
  return block;
}

/** Anthropic rejects empty and whitespace-only text blocks, so they are dropped. */
export function isBlankText(text: string): boolean {
  return text.trim() === '';
}

export function encodeTextPart(part: TextPart): AnthropicTextBlock | undefined {
  if (isBlankText(part.text)) return undefined;
  const block: AnthropicTextBlock = { type: 'text', text: part.text };
  if (part.citations !== undefined) block.citations = part.citations;
  return withCache(block, part.cacheControl);
}

function encodeSource(source: MediaSource, document: boolean): AnthropicSource {
  switch (source.kind) {
    case 'base64':
      if (document && source.mediaType.startsWith('text/plain')) {
        return { type: 'text', media_type: 'text/plain', data: Buffer.from(source.data, 'base64').toString('utf8') };
      }
      return { type: 'base64', media_type: source.mediaType, data: source.data };
    case 'url':
      return { type: 'url', url: source.url };
    case 'file-id':
      return { type: 'file', file_id: source.fileId };
  }
}

export function encodeImagePart(part: ImagePart): AnthropicImageBlock {
  return withCache<AnthropicImageBlock>({ type: 'image', source: encodeSource(part.source, false) }, part.cacheControl);
}

export function encodeFilePart(part: FilePart): AnthropicDocumentBlock {
  const block: AnthropicDocumentBlock = { type: 'document', source: encodeSource(part.source, true) };
  const title = part.title ?? part.filename;
  if (title !== undefined) block.title = title;
  return withCache(block, part.cacheControl);
}

/**
 * Tool-call arguments are JSON text; Anthropic wants an object. A custom
 * (freeform) tool's text becomes {"input": text}, the same single string
 * parameter its definition is given; unparsable text is kept the same way
 * rather than lost.
 */
export function toolInput(argumentsText: string, kind: 'function' | 'custom' | undefined): unknown {
  if (kind === 'custom') return { input: argumentsText };
  if (argumentsText.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    return asObject(parsed) ?? { input: parsed };
  } catch {
    return { input: argumentsText };
  }
}

export function encodeToolResult(part: ToolResultPart): AnthropicToolResultBlock {
  const content: Exclude<AnthropicToolResultBlock['content'], string> = [];
  for (const inner of part.content) {
    if (inner.type === 'text') {
      const text = encodeTextPart(inner);
      if (text !== undefined) content.push(text);
    } else if (part.isError === true) {
      // An is_error result must be text only; say what was left out.
      content.push({ type: 'text', text: `[${inner.type} omitted from error result]` });
    } else if (inner.type === 'image') content.push(encodeImagePart(inner));
    else content.push(encodeFilePart(inner));
  }
  const onlyPlainText = content.length === 1 && content[0]?.type === 'text' && Object.keys(content[0]).length === 2;
  const block: AnthropicToolResultBlock = {
    type: 'tool_result',
    tool_use_id: sanitizeToolCallId(part.toolCallId),
    content: content.length === 0 ? '' : onlyPlainText ? (content[0] as AnthropicTextBlock).text : content,
  };
  if (part.isError === true) block.is_error = true;
  return withCache(block, part.cacheControl);
}

/**
 * One canonical part → the Anthropic block for a request, or undefined when
 * Anthropic cannot take it: blank text, audio, another protocol's unknown
 * block, and reasoning that Anthropic did not sign (a replayed thinking block
 * must carry Anthropic's own signature, or the request is refused).
 */
export function encodePart(part: ContentPart): AnthropicBlock | undefined {
  switch (part.type) {
    case 'text':
      return encodeTextPart(part);
    case 'image':
      return encodeImagePart(part);
    case 'file':
      return encodeFilePart(part);
    case 'audio':
      return undefined;
    case 'reasoning':
      if (part.origin?.protocol !== protocolId) return undefined;
      if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
      if (part.signature === undefined || part.signature === '') return undefined;
      return { type: 'thinking', thinking: part.text, signature: part.signature };
    case 'tool-call':
      return withCache<AnthropicToolUseBlock>(
        { type: 'tool_use', id: sanitizeToolCallId(part.id), name: part.name, input: toolInput(part.arguments, part.kind) },
        part.cacheControl,
      );
    case 'tool-result':
      return encodeToolResult(part);
    case 'unknown':
      return part.protocol === protocolId ? (asObject(part.value) as AnthropicBlock | undefined) : undefined;
  }
}
