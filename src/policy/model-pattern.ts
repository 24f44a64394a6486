/**
 * Model allow-lists: exact names or "*" wildcards ("claude-*", "openai/*",
 * "*-mini"). Compiled once when the snapshot is built, so the hot path runs
 * one regular expression test per pattern list.
 */
export type ModelMatcher = (model: string) => boolean;

const allowAll: ModelMatcher = () => true;

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

export function compileModelPatterns(patterns: readonly string[]): ModelMatcher {
  const cleaned = patterns.map((pattern) => pattern.trim()).filter((pattern) => pattern !== '');
  if (cleaned.length === 0 || cleaned.includes('*')) return allowAll;
  const expression = new RegExp(`^(?:${cleaned.map((pattern) => pattern.split('*').map(escape).join('.*')).join('|')})$`);
  return (model) => expression.test(model);
}

/** Both lists must allow the model (a key's own list narrows its plan's). */
export function bothAllow(first: ModelMatcher, second: ModelMatcher): ModelMatcher {
  if (first === allowAll) return second;
  if (second === allowAll) return first;
  return (model) => first(model) && second(model);
}

export function allowsEverything(matcher: ModelMatcher): boolean {
  return matcher === allowAll;
}
