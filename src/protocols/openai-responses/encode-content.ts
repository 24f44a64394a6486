import type { AudioPart, FilePart, ImagePart, MediaSource, TextPart } from '../../core/content.js';
import { assertNever } from '../../core/assert-never.js';
import type { JsonObject } from '../../core/json.js';

function dataUrl(source: Extract<MediaSource, { kind: 'base64' }>): string {
  return `data:${source.mediaType};base64,${source.data}`;
}

function encodeImage(part: ImagePart): JsonObject {
  const image: JsonObject = { type: 'input_image', detail: part.detail ?? 'auto' };
  const source = part.source;
  switch (source.kind) {
    case 'base64':
      image.image_url = dataUrl(source);
      break;
    case 'url':
      image.image_url = source.url;
      break;
    case 'file-id':
      image.file_id = source.fileId;
      break;
    default:
      assertNever(source);
  }
  return image;
}

function encodeFile(part: FilePart): JsonObject {
  const file: JsonObject = { type: 'input_file' };
  const source = part.source;
  switch (source.kind) {
    case 'base64':
      file.file_data = dataUrl(source);
      break;
    case 'url':
      file.file_url = source.url;
      break;
    case 'file-id':
      file.file_id = source.fileId;
      break;
    default:
      assertNever(source);
  }
  const filename = part.filename ?? part.title;
  if (filename !== undefined) file.filename = filename;
  else if (source.kind === 'base64') file.filename = 'document';
  return file;
}

function encodeAudio(part: AudioPart): JsonObject | undefined {
  if (part.source.kind !== 'base64') return undefined;
  const format = part.format ?? part.source.mediaType.replace(/^audio\//, '');
  return { type: 'input_audio', input_audio: { data: part.source.data, format } };
}

/** A user/system/tool-output content part in Responses input form. */
export function encodeInputPart(part: TextPart | ImagePart | FilePart | AudioPart): JsonObject | undefined {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'image':
      return encodeImage(part);
    case 'file':
      return encodeFile(part);
    case 'audio':
      return encodeAudio(part);
    default:
      return assertNever(part);
  }
}

/** Assistant text as an output_text part, annotations kept. */
export function encodeOutputText(part: TextPart): JsonObject {
  return { type: 'output_text', text: part.text, annotations: part.citations ?? [] };
}
