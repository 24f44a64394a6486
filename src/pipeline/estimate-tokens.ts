import { loadTokenizer } from '../core/tokenizer.js';
import type { ContentPart } from '../core/content.js';
import type { ChatRequest } from '../core/request.js';

/** The tokenizer behind estimates, named in responses so nobody mistakes them for a provider's count. */
export const estimateTokenizer = 'gpt-tokenizer o200k_base';

/**
 * Images and documents have no text to count. Anthropic bills an image at
 * about width×height/750 tokens; without decoding it, a typical 1092×1092
 * image (~1600 tokens) is assumed, and a document at 1500.
 */
const imageTokens = 1600;
const documentTokens = 1500;
/** Per-message framing (role markers), roughly what chat templates add. */
const messageOverhead = 3;

function partText(part: ContentPart): { text: string; extra: number } {
  switch (part.type) {
    case 'text':
      return { text: part.text, extra: 0 };
    case 'reasoning':
      return { text: part.text, extra: 0 };
    case 'tool-call':
      return { text: `${part.name} ${part.arguments}`, extra: 0 };
    case 'tool-result': {
      let text = '';
      let extra = 0;
      for (const inner of part.content) {
        const counted = partText(inner);
        text += counted.text;
        extra += counted.extra;
      }
      return { text, extra };
    }
    case 'image':
      return { text: '', extra: imageTokens };
    case 'file':
      return { text: '', extra: documentTokens };
    case 'audio':
    case 'unknown':
      return { text: part.type === 'unknown' ? JSON.stringify(part.value) : '', extra: 0 };
  }
}

/**
 * An estimate of a request's input tokens with an OpenAI tokenizer, for
 * count_tokens when the upstream has no counting endpoint. Claude's
 * tokenizer is not public; o200k_base is usually within ±15% of it on
 * English and code.
 */
export async function estimateInputTokens(request: ChatRequest): Promise<number> {
  let text = request.system.map((part) => part.text).join('\n');
  let extra = 0;
  for (const message of request.messages) {
    extra += messageOverhead;
    for (const part of message.content) {
      const counted = partText(part);
      text += `\n${counted.text}`;
      extra += counted.extra;
    }
  }
  for (const tool of request.tools) {
    switch (tool.kind) {
      case 'function':
        text += `\n${tool.name} ${tool.description ?? ''} ${JSON.stringify(tool.parameters)}`;
        break;
      case 'custom':
        text += `\n${tool.name} ${tool.description ?? ''}`;
        break;
      case 'hosted':
        text += `\n${JSON.stringify(tool.value)}`;
        break;
    }
  }
  const { countTokens } = await loadTokenizer();
  return countTokens(text) + extra;
}
