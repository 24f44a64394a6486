import type { AudioPart, ContentPart, FilePart, ImagePart, MediaSource } from '../../core/content.js';
import { dataUrl, type WireRecord } from './types.js';

function sourceUrl(source: MediaSource): string | undefined {
  switch (source.kind) {
    case 'base64':
      return dataUrl(source.mediaType, source.data);
    case 'url':
      return source.url;
    case 'file-id':
      return undefined;
  }
}

function encodeImage(part: ImagePart): WireRecord | undefined {
  const url = sourceUrl(part.source);
  if (url === undefined) return undefined;
  return { type: 'image_url', image_url: { url, ...(part.detail === undefined ? {} : { detail: part.detail }) } };
}

function encodeAudio(part: AudioPart): WireRecord | undefined {
  // input_audio takes base64 only; a linked clip has no Chat form.
  if (part.source.kind !== 'base64') return undefined;
  const format = part.format ?? part.source.mediaType.replace(/^audio\//, '');
  return { type: 'input_audio', input_audio: { data: part.source.data, format } };
}

function encodeFile(part: FilePart): WireRecord | undefined {
  const filename = part.filename === undefined ? {} : { filename: part.filename };
  switch (part.source.kind) {
    case 'base64':
      return { type: 'file', file: { ...filename, file_data: dataUrl(part.source.mediaType, part.source.data) } };
    case 'file-id':
      return { type: 'file', file: { ...filename, file_id: part.source.fileId } };
    case 'url':
      // Chat has no linked-document part: the link goes as text so the model still sees it.
      return { type: 'text', text: part.filename === undefined ? part.source.url : `${part.filename}: ${part.source.url}` };
  }
}

/**
 * One canonical part as a Chat user content part, or undefined when Chat
 * has no place for it (reasoning and tool parts are handled by the message
 * encoder; unknown parts from other protocols are dropped).
 */
export function encodeContentPart(part: ContentPart): WireRecord | undefined {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      return encodeImage(part);
    case 'audio':
      return encodeAudio(part);
    case 'file':
      return encodeFile(part);
    case 'unknown':
      return part.protocol === 'openai-chat' ? (part.value as WireRecord) : undefined;
    case 'reasoning':
    case 'tool-call':
    case 'tool-result':
      return undefined;
  }
}

/** A string when the content is one text part (what clients send most), else an array of parts. */
export function encodeContent(parts: ContentPart[]): string | WireRecord[] {
  const encoded = parts.map(encodeContentPart).filter((part): part is WireRecord => part !== undefined);
  const only = encoded[0];
  if (encoded.length === 1 && only?.type === 'text' && typeof only.text === 'string') return only.text;
  if (encoded.length === 0) return '';
  return encoded;
}
