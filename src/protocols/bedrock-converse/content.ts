import type { FilePart, ImagePart, MediaSource, TextPart } from '../../core/content.js';
import type { ConverseContentBlock, ConverseDocument, ConverseImage, ConverseToolResultContent } from './types.js';

/**
 * Content blocks both ways. Converse takes media as bytes (base64 in JSON)
 * or an S3 location, never an http URL: an http image or file becomes a
 * text note naming the URL rather than a request Bedrock would refuse.
 */
const imageFormats: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };
const documentFormats: Record<string, string> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

function mediaTypeOf(kind: 'image' | 'document', format: string): string {
  const table = kind === 'image' ? imageFormats : documentFormats;
  return Object.entries(table).find(([, value]) => value === format)?.[0] ?? `${kind === 'image' ? 'image' : 'application'}/${format}`;
}

function sourceOf(source: MediaSource): { bytes: string } | { s3Location: { uri: string } } | undefined {
  if (source.kind === 'base64') return { bytes: source.data };
  if (source.kind === 'url' && source.url.startsWith('s3://')) return { s3Location: { uri: source.url } };
  return undefined;
}

function describeSource(source: MediaSource): string {
  return source.kind === 'url' ? source.url : source.kind === 'file-id' ? source.fileId : 'inline data';
}

export function encodeImage(part: ImagePart): ConverseContentBlock {
  const source = sourceOf(part.source);
  const mediaType = part.source.kind === 'base64' ? part.source.mediaType : (part.source.mediaType ?? 'image/png');
  if (source === undefined) return { text: `[image: ${describeSource(part.source)}]` };
  return { image: { format: imageFormats[mediaType] ?? 'png', source } };
}

/** Bedrock document names allow letters, digits, spaces, hyphens, parentheses and brackets. */
function documentName(part: FilePart, position: number): string {
  const name = (part.filename ?? part.title ?? `document-${position + 1}`).replace(/\.[a-z0-9]+$/i, '');
  return name.replace(/[^a-zA-Z0-9\s\-()[\]]/g, '-').replace(/\s+/g, ' ').slice(0, 200) || `document-${position + 1}`;
}

export function encodeFile(part: FilePart, position: number): ConverseContentBlock {
  const source = sourceOf(part.source);
  if (source === undefined) return { text: `[file: ${describeSource(part.source)}]` };
  const mediaType = part.source.kind === 'base64' ? part.source.mediaType : (part.source.mediaType ?? 'application/pdf');
  return { document: { format: documentFormats[mediaType] ?? 'pdf', name: documentName(part, position), source } };
}

function decodeMedia(kind: 'image' | 'document', media: ConverseImage | ConverseDocument): MediaSource {
  const mediaType = mediaTypeOf(kind, media.format);
  if (media.source.bytes !== undefined) return { kind: 'base64', mediaType, data: media.source.bytes };
  return { kind: 'url', url: media.source.s3Location?.uri ?? '', mediaType };
}

export function decodeImage(image: ConverseImage): ImagePart {
  return { type: 'image', source: decodeMedia('image', image) };
}

export function decodeDocument(document: ConverseDocument): FilePart | TextPart {
  if (document.source.text !== undefined) return { type: 'text', text: document.source.text };
  return { type: 'file', source: decodeMedia('document', document), filename: document.name };
}

export function encodeToolResultContent(content: Array<TextPart | ImagePart | FilePart>): ConverseToolResultContent[] {
  const blocks: ConverseToolResultContent[] = [];
  content.forEach((part, position) => {
    if (part.type === 'text') {
      if (part.text !== '') blocks.push({ text: part.text });
      return;
    }
    const block = part.type === 'image' ? encodeImage(part) : encodeFile(part, position);
    if ('text' in block) blocks.push({ text: block.text });
    else if ('image' in block) blocks.push({ image: block.image });
    else if ('document' in block) blocks.push({ document: block.document });
  });
  // Converse refuses a toolResult with no content; an empty result is an empty text.
  return blocks.length === 0 ? [{ text: '' }] : blocks;
}

export function decodeToolResultContent(content: ConverseToolResultContent[]): Array<TextPart | ImagePart | FilePart> {
  return content.map((block): TextPart | ImagePart | FilePart => {
    if ('text' in block) return { type: 'text', text: block.text };
    if ('json' in block) return { type: 'text', text: JSON.stringify(block.json) };
    if ('image' in block) return decodeImage(block.image);
    return decodeDocument(block.document);
  });
}

/** Tool-call arguments are JSON text in the canonical model and an object in Converse. */
export function parseToolInput(argumentsText: string): unknown {
  if (argumentsText.trim() === '') return {};
  try {
    return JSON.parse(argumentsText) as unknown;
  } catch {
    // Not JSON (a model's broken arguments): keep the text rather than lose it.
    return { input: argumentsText };
  }
}

