import type * as GptTokenizer from 'gpt-tokenizer';

/**
 * gpt-tokenizer's o200k encoder takes about 70 MB once loaded, and only
 * token counting needs it (count_tokens estimates, per-request input caps),
 * so it loads on first use rather than at start: idle memory stays low.
 */
export type Tokenizer = typeof GptTokenizer;

let loading: Promise<Tokenizer> | undefined;

export function loadTokenizer(): Promise<Tokenizer> {
  loading ??= import('gpt-tokenizer');
  return loading;
}
