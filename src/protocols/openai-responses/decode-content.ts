import type { AudioPart, FilePart, ImagePart, MediaSource, TextPart, UnknownPart } from '../../core/content.js';
import { arrayOf, asObject, asString, type JsonObject } from '../../core/json.js';

const protocol = 'openai-responses';

export type InputContentPart = TextPart | ImagePart | FilePart | AudioPart | UnknownPart;

/** "data:<type>;base64,<data>" → base64 source; anything else is a URL. */
function sourceFromUrl(url: string): MediaSource {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (match?.[1] !== undefined && match[2] !== undefined) return { kind: 'base64', mediaType: match[1], data: match[2] };
  return { kind: 'url', url };
}

function imagePart(part: JsonObject): ImagePart | UnknownPart {
  const url = asString(part.image_url);
  const fileId = asString(part.file_id);
  let source: MediaSource;
  if (url !== undefined) source = sourceFromUrl(url);
  else if (fileId !== undefined) source = { kind: 'file-id', fileId };
  else return { type: 'unknown', protocol, value: part };
  const image: ImagePart = { type: 'image', source };
  const detail = asString(part.detail);
  if (detail !== undefined) image.detail = detail;
  return image;
}

function filePart(part: JsonObject): FilePart | UnknownPart {
  const data = asString(part.file_data);
  const fileId = asString(part.file_id);
  const fileUrl = asString(part.file_url);
  const filename = asString(part.filename);
  let source: MediaSource;
  if (data !== undefined) {
    const parsed = sourceFromUrl(data);
    // file_data is documented as a data URL; a bare base64 string is taken as a PDF.
    source = parsed.kind === 'base64' ? parsed : { kind: 'base64', mediaType: 'application/pdf', data };
  } else if (fileId !== undefined) source = { kind: 'file-id', fileId };
  else if (fileUrl !== undefined) source = { kind: 'url', url: fileUrl };
  else return { type: 'unknown', protocol, value: part };
  const file: FilePart = { type: 'file', source };
  if (filename !== undefined) file.filename = filename;
  return file;
}

function audioPart(part: JsonObject): AudioPart | UnknownPart {
  const audio = asObject(part.input_audio);
  const data = asString(audio?.data);
  if (data === undefined) return { type: 'unknown', protocol, value: part };
  const format = asString(audio?.format);
  const result: AudioPart = { type: 'audio', source: { kind: 'base64', mediaType: `audio/${format ?? 'wav'}`, data } };
  if (format !== undefined) result.format = format;
  return result;
}

/**
 * One content part of a message (or of a function_call_output array):
 * input_text / output_text become text (annotations kept as citations);
 * refusal and anything unknown pass through as an unknown part.
 */
export function decodeContentPart(value: unknown): InputContentPart {
  const part = asObject(value);
  if (part === undefined) return { type: 'unknown', protocol, value };
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text': {
      const text: TextPart = { type: 'text', text: asString(part.text) ?? '' };
      const annotations = arrayOf(part.annotations);
      if (annotations.length > 0) text.citations = annotations;
      return text;
    }
    case 'input_image':
      return imagePart(part);
    case 'input_file':
      return filePart(part);
    case 'input_audio':
      return audioPart(part);
    default:
      return { type: 'unknown', protocol, value: part };
  }
}

/** Message content: a plain string or an array of parts. */
export function decodeContent(content: unknown): InputContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return arrayOf(content).map(decodeContentPart);
}
