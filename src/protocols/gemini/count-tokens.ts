import { loadTokenizer, type Tokenizer } from '../../core/tokenizer.js';
import type { ContentPart } from '../../core/content.js';
import type { ChatRequest } from '../../core/request.js';

/**
 * An estimate of a request's prompt tokens for countTokens when no Gemini
 * upstream can count them: o200k tokens of every text, tool call and tool
 * definition, and Gemini's documented flat 258 tokens per image
 * (https://ai.google.dev/gemini-api/docs/tokens#multimodal-tokens).
 * Close to Gemini's own count for English text, not exact.
 */
const tokensPerImage = 258;

function partTokens(countTokens: Tokenizer['countTokens'], part: ContentPart): number {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return countTokens(part.text);
    case 'tool-call':
      return countTokens(part.name) + countTokens(part.arguments);
    case 'tool-result':
      return (part.name === undefined ? 0 : countTokens(part.name)) + part.content.reduce((sum, item) => sum + partTokens(countTokens, item), 0);
    case 'image':
    case 'file':
    case 'audio':
      return tokensPerImage;
    case 'unknown':
      return countTokens(JSON.stringify(part.value));
  }
}

export async function estimateGeminiPromptTokens(request: ChatRequest): Promise<number> {
  const { countTokens } = await loadTokenizer();
  let total = 0;
  for (const part of request.system) total += countTokens(part.text);
  for (const message of request.messages) for (const part of message.content) total += partTokens(countTokens, part);
  if (request.tools.length > 0) total += countTokens(JSON.stringify(request.tools));
  return total;
}
