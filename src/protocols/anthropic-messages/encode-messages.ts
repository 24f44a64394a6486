import type { Message } from '../../core/content.js';
import { encodePart, encodeToolResult, isBlankText } from './encode-content.js';
import type { AnthropicBlock, AnthropicMessage, AnthropicToolResultBlock, AnthropicToolUseBlock } from './types.js';

function isToolResult(block: AnthropicBlock): block is AnthropicToolResultBlock {
  return block.type === 'tool_result';
}

function isToolUse(block: AnthropicBlock): block is AnthropicToolUseBlock {
  return block.type === 'tool_use';
}

/**
 * Anthropic has no mid-conversation system role (outside a beta), so a later
 * system/developer message is folded into the conversation as a user text
 * "System: …", which the merge below joins to the neighbouring user turn.
 */
function encodeMessage(message: Message): AnthropicMessage | undefined {
  let role: AnthropicMessage['role'];
  let content: AnthropicBlock[];
  switch (message.role) {
    case 'system': {
      const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
      if (isBlankText(text)) return undefined;
      role = 'user';
      content = [{ type: 'text', text: `System: ${text}` }];
      break;
    }
    case 'tool':
      role = 'user';
      content = message.content.flatMap((part) => (part.type === 'tool-result' ? [encodeToolResult(part)] : []));
      break;
    case 'user':
    case 'assistant':
      role = message.role;
      content = message.content.map(encodePart).filter((block): block is AnthropicBlock => block !== undefined);
      break;
  }
  return content.length === 0 ? undefined : { role, content };
}

/** Consecutive same-role turns become one; in a user turn tool results come first (Anthropic's rule). */
function mergeTurns(messages: AnthropicMessage[]): AnthropicMessage[] {
  const merged: AnthropicMessage[] = [];
  for (const message of messages) {
    const last = merged.at(-1);
    if (last !== undefined && last.role === message.role) last.content.push(...message.content);
    else merged.push({ role: message.role, content: [...message.content] });
  }
  for (const message of merged) {
    if (message.role === 'user') message.content = [...message.content.filter(isToolResult), ...message.content.filter((block) => !isToolResult(block))];
  }
  return merged;
}

function resultText(block: AnthropicToolResultBlock): string {
  if (typeof block.content === 'string') return block.content;
  return block.content.flatMap((inner) => (inner.type === 'text' ? [inner.text] : [])).join('\n');
}

/**
 * Every tool_use must be answered by a tool_result in the very next user
 * turn, and every tool_result must answer a tool_use of the turn before
 * (TRANSLATION.md item 2). Unanswered calls get an empty result; results
 * answering nothing become plain text so their content is not lost.
 */
function pairToolResults(messages: AnthropicMessage[]): AnthropicMessage[] {
  const paired: AnthropicMessage[] = [];
  for (let position = 0; position < messages.length; position += 1) {
    const message = messages[position];
    if (message === undefined) continue;
    const previous = paired.at(-1);
    if (message.role === 'user') {
      const callIds = new Set(previous?.role === 'assistant' ? previous.content.filter(isToolUse).map((block) => block.id) : []);
      const blocks = message.content.map((block): AnthropicBlock => {
        if (!isToolResult(block) || callIds.has(block.tool_use_id)) return block;
        return { type: 'text', text: `Tool result (${block.tool_use_id}): ${resultText(block) || '(empty)'}` };
      });
      message.content = [...blocks.filter(isToolResult), ...blocks.filter((block) => !isToolResult(block))];
    }
    paired.push(message);
    if (message.role !== 'assistant') continue;
    const calls = message.content.filter(isToolUse);
    if (calls.length === 0) continue;
    let next = messages[position + 1];
    if (next === undefined || next.role !== 'user') {
      next = { role: 'user', content: [] };
      messages.splice(position + 1, 0, next);
    }
    const answered = new Set(next.content.filter(isToolResult).map((block) => block.tool_use_id));
    const missing: AnthropicToolResultBlock[] = calls
      .filter((call) => !answered.has(call.id))
      .map((call) => ({ type: 'tool_result', tool_use_id: call.id, content: '' }));
    if (missing.length > 0) {
      const results = next.content.filter(isToolResult);
      next.content = [...results, ...missing, ...next.content.filter((block) => !isToolResult(block))];
    }
  }
  return paired;
}

/** Canonical messages → Anthropic's alternating user/assistant turns. */
export function encodeAnthropicMessages(messages: Message[]): AnthropicMessage[] {
  const encoded = messages.map(encodeMessage).filter((message): message is AnthropicMessage => message !== undefined);
  return pairToolResults(mergeTurns(encoded));
}
