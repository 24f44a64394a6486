import { mockTokenCount } from './tokens.js';

/**
 * What the mock answers, decided the same way for all four protocols so one
 * end-to-end matrix can check any client against any upstream. Each
 * protocol's handler extracts a ScenarioInput from its own wire format and
 * renders the ScenarioPlan in its own wire format.
 *
 * Directives in the last user text:
 *   [tool:NAME]     call tool NAME with {"city":"Paris"} (NAME must be among the tools sent)
 *   [patch:NAME]    call tool NAME with {"input": <mockPatch>}, as a model answers a custom
 *                   tool (Codex's apply_patch) offered as a function with one `input` parameter
 *   [tools:2]       two parallel calls of the first tool: {"city":"Paris"}, {"city":"Tokyo"}
 *   [reasoning]     think first ("Let me think about this."), with the protocol's signature
 *   [error:STATUS]  answer with that HTTP status in the protocol's error shape (429 adds Retry-After: 1)
 *   [cache]         report half of the prompt tokens as read from cache
 *   [long]          a reply of 60 words, for streaming tests
 * Without a directive the reply is "You said: <last user text>". When the
 * last message is a tool result the reply is "Tool said: <result text>". An
 * image in the last user message gives "I see an image (<media type>)."
 */
export interface ScenarioInput {
  /** Text of the last user message (empty when the last message is a tool result). */
  lastUserText: string;
  /** Text of the tool result, when the last message is one. */
  toolResultText?: string;
  /** Media type of an image in the last user message, if any ("image/png", or "url" for a linked image). */
  imageMediaType?: string;
  /** Names of the tools the request offers, in order. */
  toolNames: string[];
  /** Every text of the request (system, messages, tool results, tool definitions excluded), for counting. */
  promptText: string;
}

export interface PlannedToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ScenarioPlan {
  error?: { status: number; message: string };
  reasoning?: string;
  text?: string;
  toolCalls: PlannedToolCall[];
  usage: { inputTokens: number; cacheReadTokens: number; outputTokens: number; reasoningTokens: number };
}

/** The freeform text the [patch:NAME] directive sends. */
export const mockPatch = '*** Begin Patch\n*** Add File: hello.txt\n+Hello, "world"\n*** End Patch';

const longText = Array.from({ length: 60 }, (_value, index) => `word${index + 1}`).join(' ');

export function planScenario(input: ScenarioInput, idPrefix = 'call_mock'): ScenarioPlan {
  const directive = input.lastUserText;
  const inputTokens = mockTokenCount(input.promptText);
  const cacheReadTokens = directive.includes('[cache]') ? Math.floor(inputTokens / 2) : 0;
  const errorMatch = /\[error:(\d{3})\]/.exec(directive);
  const usage = { inputTokens, cacheReadTokens, outputTokens: 0, reasoningTokens: 0 };
  if (errorMatch !== null) {
    const status = Number(errorMatch[1]);
    return { error: { status, message: `mock error ${status} as requested` }, toolCalls: [], usage };
  }
  const plan: ScenarioPlan = { toolCalls: [], usage };
  if (directive.includes('[reasoning]')) plan.reasoning = 'Let me think about this.';
  const toolMatch = /\[tool:([A-Za-z0-9_-]+)\]/.exec(directive);
  const parallel = /\[tools:2\]/.test(directive);
  const patchMatch = /\[patch:([A-Za-z0-9_-]+)\]/.exec(directive);
  if (patchMatch?.[1] !== undefined && input.toolNames.includes(patchMatch[1])) {
    plan.toolCalls.push({ id: `${idPrefix}_1`, name: patchMatch[1], arguments: JSON.stringify({ input: mockPatch }) });
  } else if (toolMatch?.[1] !== undefined && input.toolNames.includes(toolMatch[1])) {
    plan.toolCalls.push({ id: `${idPrefix}_1`, name: toolMatch[1], arguments: '{"city":"Paris"}' });
  } else if (parallel && input.toolNames[0] !== undefined) {
    plan.toolCalls.push({ id: `${idPrefix}_1`, name: input.toolNames[0], arguments: '{"city":"Paris"}' });
    plan.toolCalls.push({ id: `${idPrefix}_2`, name: input.toolNames[0], arguments: '{"city":"Tokyo"}' });
  } else if (input.toolResultText !== undefined) {
    plan.text = `Tool said: ${input.toolResultText}`;
  } else if (input.imageMediaType !== undefined) {
    plan.text = `I see an image (${input.imageMediaType}).`;
  } else if (directive.includes('[long]')) {
    plan.text = longText;
  } else {
    const trimmed = directive.trim().slice(0, 200);
    plan.text = trimmed === '' ? 'Hello from the mock upstream.' : `You said: ${trimmed}`;
  }
  const reasoningTokens = plan.reasoning === undefined ? 0 : mockTokenCount(plan.reasoning);
  const visible = (plan.text ?? '') + plan.toolCalls.map((call) => call.name + call.arguments).join('');
  usage.reasoningTokens = reasoningTokens;
  // Canonical accounting: output includes reasoning.
  usage.outputTokens = mockTokenCount(visible) + reasoningTokens;
  return plan;
}

/** A fake but well-formed signature for reasoning, so replay checks can compare bytes. */
export function mockSignature(text: string): string {
  return Buffer.from(`mock-signature:${text}`).toString('base64');
}

/** Splits a reply into stream pieces of a word each (with its trailing space), as every mock streams text. */
export function streamPieces(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}
