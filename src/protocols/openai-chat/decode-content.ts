import type { AudioPart, ContentPart, FilePart, ImagePart, TextPart } from '../../core/content.js';
import { badRequest } from '../../core/errors.js';
import { asObject, asString } from '../../core/json.js';
import { parseDataUrl } from './types.js';

/**
 * Chat content parts (https://platform.openai.com/docs/api-reference/chat/create,
 * messages[].content): text, image_url (data URL or http URL, with detail),
 * input_audio (base64 + format), file (file_data as a data URL, file_id,
 * filename). Parts the gateway does not know ride as `unknown` and go back
 * only to Chat.
 */
function decodeContentPart(value: unknown, param: string): ContentPart {
  const part = asObject(value);
  if (part === undefined) throw badRequest(`${param} must be an object`, param);
  const decoded = decodeKnownPart(part, param);
  // Not OpenAI's, but what OpenRouter and LiteLLM clients send to reach Anthropic prompt caching through Chat.
  // Decoded so a Chat client's breakpoints survive to Anthropic; never encoded (OpenAI caches by itself).
  const cache = asObject(part.cache_control);
  if (cache?.type === 'ephemeral' && (decoded.type === 'text' || decoded.type === 'image' || decoded.type === 'file')) {
    const ttl = asString(cache.ttl);
    decoded.cacheControl = ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl };
  }
  return decoded;
}

function decodeKnownPart(part: Record<string, unknown>, param: string): ContentPart {
  switch (part.type) {
    case 'text': {
      const text = asString(part.text);
      if (text === undefined) throw badRequest(`${param}.text must be a string`, `${param}.text`);
      return { type: 'text', text };
    }
    case 'image_url':
      return decodeImage(part, param);
    case 'input_audio': {
      const audio = asObject(part.input_audio);
      const data = asString(audio?.data);
      if (data === undefined) throw badRequest(`${param}.input_audio.data must be a string`, `${param}.input_audio.data`);
      const format = asString(audio?.format);
      const decoded: AudioPart = { type: 'audio', source: { kind: 'base64', mediaType: format === undefined ? 'audio/wav' : `audio/${format}`, data } };
      if (format !== undefined) decoded.format = format;
      return decoded;
    }
    case 'file':
      return decodeFile(part, param);
    default:
      return { type: 'unknown', protocol: 'openai-chat', value: part };
  }
}

function decodeImage(part: Record<string, unknown>, param: string): ImagePart {
  const image = asObject(part.image_url);
  const url = asString(image?.url);
  if (url === undefined) throw badRequest(`${param}.image_url.url must be a string`, `${param}.image_url.url`);
  const inline = parseDataUrl(url);
  const decoded: ImagePart = {
    type: 'image',
    source: inline === undefined ? { kind: 'url', url } : { kind: 'base64', mediaType: inline.mediaType, data: inline.data },
  };
  const detail = asString(image?.detail);
  if (detail !== undefined) decoded.detail = detail;
  return decoded;
}

function decodeFile(part: Record<string, unknown>, param: string): FilePart {
  const file = asObject(part.file) ?? {};
  const fileData = asString(file.file_data);
  const fileId = asString(file.file_id);
  const filename = asString(file.filename);
  let decoded: FilePart;
  if (fileData !== undefined) {
    // OpenAI documents file_data as base64; clients send it as a data URL, some as bare base64.
    const inline = parseDataUrl(fileData);
    decoded = {
      type: 'file',
      source: { kind: 'base64', mediaType: inline?.mediaType ?? 'application/pdf', data: inline?.data ?? fileData },
    };
  } else if (fileId !== undefined) {
    decoded = { type: 'file', source: { kind: 'file-id', fileId } };
  } else {
    throw badRequest(`${param}.file needs file_data or file_id`, `${param}.file`);
  }
  if (filename !== undefined) decoded.filename = filename;
  return decoded;
}

/** A content field that is a string or an array of parts. `null` (assistant with tool calls) is no content. */
export function decodeContent(value: unknown, param: string): ContentPart[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw badRequest(`${param} must be a string or an array of content parts`, param);
  return value.map((part, position) => decodeContentPart(part, `${param}[${position}]`));
}

/** Text-only content (system, developer, tool messages). */
export function decodeTextContent(value: unknown, param: string): TextPart[] {
  const parts = decodeContent(value, param);
  const texts: TextPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') texts.push(part);
    else throw badRequest(`${param} may only contain text parts`, param);
  }
  return texts;
}
