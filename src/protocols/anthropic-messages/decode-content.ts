import type { CacheControl, ContentPart, FilePart, ImagePart, MediaSource, TextPart, ToolResultPart } from '../../core/content.js';
import { extractThoughtSignature } from '../../core/tool-call-id.js';
import { asArray, asObject, asString, type JsonObject } from '../../core/json.js';
import { protocolId } from './types.js';

/**
 * Anthropic content blocks → canonical parts, shared by the request and
 * response decoders. `cache_control: null` (Claude Code sends it) means none.
 */
export function decodeCacheControl(value: unknown): CacheControl | undefined {
  const control = asObject(value);
  if (control === undefined || control.type !== 'ephemeral') return undefined;
  const ttl = asString(control.ttl);
  return ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl };
}

function withCache<T extends { cacheControl?: CacheControl }>(part: T, block: JsonObject): T {
  const cacheControl = decodeCacheControl(block.cache_control);
  if (cacheControl !== undefined) part.cacheControl = cacheControl;
  return part;
}

export function decodeTextBlock(block: JsonObject): TextPart {
  const part: TextPart = { type: 'text', text: asString(block.text) ?? '' };
  const citations = asArray(block.citations);
  if (citations !== undefined) part.citations = citations;
  return withCache(part, block);
}

function decodeSource(value: unknown): MediaSource | undefined {
  const source = asObject(value);
  if (source === undefined) return undefined;
  switch (source.type) {
    case 'base64':
      return { kind: 'base64', mediaType: asString(source.media_type) ?? 'application/octet-stream', data: asString(source.data) ?? '' };
    case 'url':
      return { kind: 'url', url: asString(source.url) ?? '' };
    case 'file':
      return { kind: 'file-id', fileId: asString(source.file_id) ?? '' };
    // A plain-text document: carried as base64 text/plain so every protocol
    // can take it as a file; the encoder turns it back into a text source.
    case 'text':
      return { kind: 'base64', mediaType: 'text/plain', data: Buffer.from(asString(source.data) ?? '', 'utf8').toString('base64') };
    default:
      return undefined;
  }
}

function decodeImage(block: JsonObject): ImagePart | undefined {
  const source = decodeSource(block.source);
  return source === undefined ? undefined : withCache<ImagePart>({ type: 'image', source }, block);
}

function decodeDocument(block: JsonObject): FilePart | undefined {
  const source = decodeSource(block.source);
  if (source === undefined) return undefined;
  const part: FilePart = { type: 'file', source };
  const title = asString(block.title);
  if (title !== undefined) part.title = title;
  return withCache(part, block);
}

function unknownPart(value: unknown): ContentPart {
  return { type: 'unknown', protocol: protocolId, value };
}

export function decodeToolResult(block: JsonObject): ToolResultPart {
  const content: ToolResultPart['content'] = [];
  if (typeof block.content === 'string') {
    if (block.content !== '') content.push({ type: 'text', text: block.content });
  } else {
    for (const item of asArray(block.content) ?? []) {
      const inner = asObject(item);
      if (inner?.type === 'text') content.push(decodeTextBlock(inner));
      else if (inner?.type === 'image') {
        const image = decodeImage(inner);
        if (image !== undefined) content.push(image);
      } else if (inner?.type === 'document') {
        const document = decodeDocument(inner);
        if (document !== undefined) content.push(document);
      }
    }
  }
  const part: ToolResultPart = { type: 'tool-result', toolCallId: extractThoughtSignature(asString(block.tool_use_id) ?? '').id, content };
  if (block.is_error === true) part.isError = true;
  return withCache(part, block);
}

/**
 * One Anthropic block → canonical part. Thinking keeps its signature and an
 * origin so encoders can tell Anthropic's own signed thinking from foreign
 * reasoning; anything unmapped (server_tool_use, web_search_tool_result,
 * container_upload, …) is an unknown part re-emitted only to Anthropic.
 */
export function decodeBlock(value: unknown, origin: { provider?: string; model?: string }): ContentPart {
  const block = asObject(value);
  if (block === undefined) return unknownPart(value);
  switch (block.type) {
    case 'text':
      return decodeTextBlock(block);
    case 'image':
      return decodeImage(block) ?? unknownPart(value);
    case 'document':
      return decodeDocument(block) ?? unknownPart(value);
    case 'thinking': {
      const part: ContentPart = { type: 'reasoning', text: asString(block.thinking) ?? '', origin: { protocol: protocolId, ...origin } };
      const signature = asString(block.signature);
      if (signature !== undefined) part.signature = signature;
      return part;
    }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redactedData: asString(block.data) ?? '', origin: { protocol: protocolId, ...origin } };
    case 'tool_use': {
      const { id, thoughtSignature } = extractThoughtSignature(asString(block.id) ?? '');
      const part: ContentPart = {
        type: 'tool-call',
        id,
        name: asString(block.name) ?? '',
        arguments: JSON.stringify(block.input ?? {}),
        kind: 'function',
      };
      if (thoughtSignature !== undefined) part.thoughtSignature = thoughtSignature;
      return withCache(part, block);
    }
    case 'tool_result':
      return decodeToolResult(block);
    default:
      return unknownPart(value);
  }
}
