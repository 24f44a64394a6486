import type { AnthropicCacheControl, AnthropicMessage, AnthropicTextBlock } from './types.js';

/** Anthropic refuses a request with more than four cache_control breakpoints. */
export const maxCacheBreakpoints = 4;

interface Cacheable {
  cache_control?: AnthropicCacheControl;
}

function holders(options: { tools: Cacheable[]; system: AnthropicTextBlock[]; messages: AnthropicMessage[] }): Cacheable[] {
  const found: Cacheable[] = [];
  // Anthropic's cache prefix order: tools, then system, then messages.
  for (const tool of options.tools) if (tool.cache_control !== undefined) found.push(tool);
  for (const block of options.system) if (block.cache_control !== undefined) found.push(block);
  for (const message of options.messages) {
    for (const block of message.content) {
      const cacheable = block as Cacheable;
      if (cacheable.cache_control !== undefined) found.push(cacheable);
      if (block.type === 'tool_result' && Array.isArray(block.content)) {
        for (const inner of block.content as Cacheable[]) if (inner.cache_control !== undefined) found.push(inner);
      }
    }
  }
  return found;
}

/**
 * Prompt caching for clients that cannot say cache_control (Chat, Responses,
 * Gemini): when the request carries no breakpoint, one goes on the last tool
 * and one on the last system block, the stable prefix of every agent turn.
 * A request with more than four keeps its last four (the longest prefixes).
 * Breakpoints never go on thinking blocks: the encoder never puts them there.
 */
export function applyCacheBreakpoints(options: { tools: Cacheable[]; system: AnthropicTextBlock[]; messages: AnthropicMessage[] }): void {
  const existing = holders(options);
  if (existing.length === 0) {
    const lastTool = options.tools.at(-1);
    if (lastTool !== undefined) lastTool.cache_control = { type: 'ephemeral' };
    const lastSystem = options.system.at(-1);
    if (lastSystem !== undefined) lastSystem.cache_control = { type: 'ephemeral' };
    return;
  }
  for (const holder of existing.slice(0, Math.max(0, existing.length - maxCacheBreakpoints))) delete holder.cache_control;
}
