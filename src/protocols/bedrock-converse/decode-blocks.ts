import type { ContentPart } from '../../core/content.js';
import { decodeDocument, decodeImage, decodeToolResultContent } from './content.js';
import type { ConverseContentBlock } from './types.js';

/**
 * Converse content blocks → canonical parts, shared by the request and
 * response decoders. cachePoint blocks mark the part before them.
 */
export function decodeBlocks(blocks: ConverseContentBlock[], origin: { provider?: string } = {}): ContentPart[] {
  const parts: ContentPart[] = [];
  for (const block of blocks) {
    if ('text' in block) parts.push({ type: 'text', text: block.text });
    else if ('image' in block) parts.push(decodeImage(block.image));
    else if ('document' in block) parts.push(decodeDocument(block.document));
    else if ('toolUse' in block) {
      parts.push({ type: 'tool-call', id: block.toolUse.toolUseId, name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) });
    } else if ('toolResult' in block) {
      parts.push({
        type: 'tool-result',
        toolCallId: block.toolResult.toolUseId,
        content: decodeToolResultContent(block.toolResult.content),
        ...(block.toolResult.status === 'error' ? { isError: true } : {}),
      });
    } else if ('reasoningContent' in block) {
      const reasoning = block.reasoningContent;
      parts.push({
        type: 'reasoning',
        text: reasoning.reasoningText?.text ?? '',
        ...(reasoning.reasoningText?.signature === undefined ? {} : { signature: reasoning.reasoningText.signature }),
        ...(reasoning.redactedContent === undefined ? {} : { redactedData: reasoning.redactedContent }),
        origin: { protocol: 'bedrock-converse', ...origin },
      });
    } else if ('cachePoint' in block) {
      const previous = parts.at(-1);
      if (previous !== undefined && (previous.type === 'text' || previous.type === 'image' || previous.type === 'file' || previous.type === 'tool-result')) {
        previous.cacheControl = { type: 'ephemeral' };
      }
    } else {
      parts.push({ type: 'unknown', protocol: 'bedrock-converse', value: block });
    }
  }
  return parts;
}
