import type { BlockOrigin, ContentPart, FilePart, ImagePart, AudioPart } from '../../core/content.js';
import { generatedToolCallId } from '../../core/tool-call-id.js';
import { asObject, asString, type JsonObject } from '../../core/json.js';

/**
 * Gemini parts → canonical content, shared by the request decoder (model
 * turns of the history) and the response decoder. Function calls without an
 * id (the Gemini Developer API usually sends none) get a deterministic id
 * from their name, arguments and position in the turn, so the same history
 * always decodes to the same ids.
 */

function mediaPart(mimeType: string, source: ImagePart['source']): ImagePart | AudioPart | FilePart {
  if (mimeType.startsWith('image/')) return { type: 'image', source };
  if (mimeType.startsWith('audio/')) return { type: 'audio', source };
  return { type: 'file', source };
}

/** inlineData / fileData as an image, audio or file part; undefined for any other part. */
export function decodeMediaPart(part: JsonObject): ImagePart | AudioPart | FilePart | undefined {
  const inline = asObject(part.inlineData);
  if (inline !== undefined) {
    const mimeType = asString(inline.mimeType) ?? 'application/octet-stream';
    return mediaPart(mimeType, { kind: 'base64', mediaType: mimeType, data: asString(inline.data) ?? '' });
  }
  const file = asObject(part.fileData);
  if (file !== undefined) {
    const mimeType = asString(file.mimeType);
    const uri = asString(file.fileUri) ?? '';
    // Files API uploads are referenced by URI too; a URL source keeps it verbatim.
    const source: ImagePart['source'] = mimeType === undefined ? { kind: 'url', url: uri } : { kind: 'url', url: uri, mediaType: mimeType };
    return mediaPart(mimeType ?? '', source);
  }
  return undefined;
}

export interface DecodePartsOptions {
  origin: BlockOrigin;
}

/** The parts of one model turn (or candidate) as canonical assistant content. */
export function decodeModelParts(parts: unknown[], options: DecodePartsOptions): ContentPart[] {
  const content: ContentPart[] = [];
  let callPosition = 0;
  for (const value of parts) {
    const part = asObject(value);
    if (part === undefined) continue;
    const signature = asString(part.thoughtSignature);
    const call = asObject(part.functionCall);
    if (call !== undefined) {
      const name = asString(call.name) ?? '';
      const argumentsText = JSON.stringify(asObject(call.args) ?? {});
      const id = asString(call.id) ?? generatedToolCallId(name, argumentsText, callPosition);
      callPosition += 1;
      content.push({ type: 'tool-call', id, name, arguments: argumentsText, ...(signature === undefined ? {} : { thoughtSignature: signature }), origin: options.origin });
      continue;
    }
    const text = asString(part.text);
    if (text !== undefined && part.thought === true) {
      content.push({ type: 'reasoning', text, ...(signature === undefined ? {} : { signature }), origin: options.origin });
      continue;
    }
    if (text !== undefined) {
      // A signature on a plain text part (Gemini 3 puts one on the last part of
      // a turn without calls) is optional to echo and has no canonical place.
      content.push({ type: 'text', text });
      continue;
    }
    const media = decodeMediaPart(part);
    if (media !== undefined) {
      content.push(media);
      continue;
    }
    content.push({ type: 'unknown', protocol: 'gemini', value: part });
  }
  return content;
}
