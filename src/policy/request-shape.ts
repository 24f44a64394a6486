import { loadTokenizer, type Tokenizer } from '../core/tokenizer.js';
import { assertNever } from '../core/assert-never.js';
import type { ProtocolId } from '../core/protocol.js';
import { asObject } from '../core/json.js';

/**
 * What policy reads and changes in a request body, per wire protocol, at the
 * body level (no full decode on the hot path): the output-token cap, the
 * system prompt, and the prompt text for token checks.
 */
type Body = Record<string, unknown>;

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}


/** The output-token cap the client asked for, if any. */
export function requestedMaxOutputTokens(protocol: ProtocolId, body: Body): number | undefined {
  switch (protocol) {
    case 'openai-chat':
      return positiveInteger(body.max_completion_tokens) ?? positiveInteger(body.max_tokens);
    case 'openai-responses':
      return positiveInteger(body.max_output_tokens);
    case 'anthropic-messages':
      return positiveInteger(body.max_tokens);
    case 'gemini':
      return positiveInteger(asObject(body.generationConfig)?.maxOutputTokens);
    case 'bedrock-converse':
      return positiveInteger(asObject(body.inferenceConfig)?.maxTokens);
    default:
      return assertNever(protocol);
  }
}

/** The body with an output-token cap set (the client sent none). */
export function withMaxOutputTokens(protocol: ProtocolId, body: Body, tokens: number): Body {
  switch (protocol) {
    case 'openai-chat':
      // max_tokens: every OpenAI-compatible server knows it; the newer name is not universal.
      return { ...body, max_tokens: tokens };
    case 'openai-responses':
      return { ...body, max_output_tokens: tokens };
    case 'anthropic-messages':
      return { ...body, max_tokens: tokens };
    case 'gemini':
      return { ...body, generationConfig: { ...asObject(body.generationConfig), maxOutputTokens: tokens } };
    case 'bedrock-converse':
      return { ...body, inferenceConfig: { ...asObject(body.inferenceConfig), maxTokens: tokens } };
    default:
      return assertNever(protocol);
  }
}

/** The body with the key's system prompt placed before the client's own. */
export function withSystemPrompt(protocol: ProtocolId, body: Body, prompt: string): Body {
  switch (protocol) {
    case 'openai-chat': {
      const messages = Array.isArray(body.messages) ? body.messages : [];
      return { ...body, messages: [{ role: 'system', content: prompt }, ...(messages as unknown[])] };
    }
    case 'openai-responses': {
      const existing = typeof body.instructions === 'string' && body.instructions !== '' ? `\n\n${body.instructions}` : '';
      return { ...body, instructions: `${prompt}${existing}` };
    }
    case 'anthropic-messages': {
      const system = body.system;
      if (Array.isArray(system)) return { ...body, system: [{ type: 'text', text: prompt }, ...(system as unknown[])] };
      if (typeof system === 'string' && system !== '') return { ...body, system: `${prompt}\n\n${system}` };
      return { ...body, system: prompt };
    }
    case 'gemini': {
      const instruction = asObject(body.systemInstruction) ?? asObject(body.system_instruction);
      const parts = Array.isArray(instruction?.parts) ? (instruction.parts as unknown[]) : [];
      const rest: Body = { ...body };
      delete rest.system_instruction;
      return { ...rest, systemInstruction: { ...instruction, parts: [{ text: prompt }, ...parts] } };
    }
    case 'bedrock-converse': {
      const system = Array.isArray(body.system) ? (body.system as unknown[]) : [];
      return { ...body, system: [{ text: prompt }, ...system] };
    }
    default:
      return assertNever(protocol);
  }
}

const textFields = new Set(['text', 'content', 'system', 'instructions', 'input', 'arguments', 'output']);

function collectPromptText(value: unknown, into: string[], underText: boolean): void {
  if (typeof value === 'string') {
    if (underText) into.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectPromptText(item, into, underText);
    return;
  }
  const object = asObject(value);
  if (object === undefined) return;
  for (const [name, child] of Object.entries(object)) collectPromptText(child, into, textFields.has(name));
}

/** The prompt's text (messages, system, instructions, contents), images and other data left out. */
export function promptText(body: Body): string {
  const parts: string[] = [];
  for (const field of ['messages', 'system', 'instructions', 'input', 'contents', 'systemInstruction', 'system_instruction', 'tools']) {
    if (body[field] !== undefined) collectPromptText(body[field], parts, field !== 'messages' && field !== 'contents' && field !== 'tools');
  }
  return parts.join('\n');
}

/**
 * Whether the prompt fits `limit` tokens, without tokenizing a large prompt
 * on every request:
 * - a token is at least one character of ordinary text, so a prompt of at
 *   most `limit` characters fits (no tokenizing at all);
 * - otherwise three 1 KB slices (start, middle, end) are tokenized to learn
 *   this prompt's characters per token (CJK text and code differ from
 *   English), and the whole is extrapolated; only when that lands within
 *   25 % of the limit is the prompt counted exactly, with gpt-tokenizer
 *   stopping as soon as the limit is passed.
 */
export async function promptWithinTokens(body: Body, limit: number): Promise<boolean> {
  const text = promptText(body);
  if (text.length <= limit) return true;
  const slice = 1024;
  const middle = Math.floor(text.length / 2);
  const sample = text.slice(0, slice) + text.slice(middle, middle + slice) + text.slice(-slice);
  const { isWithinTokenLimit } = await loadTokenizer();
  const sampleTokens = encodedLength(isWithinTokenLimit, sample);
  const estimate = (text.length / sample.length) * sampleTokens;
  if (estimate < limit * 0.75) return true;
  if (estimate > limit * 1.25) return false;
  return isWithinTokenLimit(text, limit) !== false;
}

function encodedLength(isWithinTokenLimit: Tokenizer['isWithinTokenLimit'], text: string): number {
  const within = isWithinTokenLimit(text, Number.MAX_SAFE_INTEGER);
  return within === false ? text.length : within;
}

/** The cheap estimate used for reservations: a token per four bytes of body. */
export function estimateInputTokens(bodyBytes: number): number {
  return Math.max(1, Math.ceil(bodyBytes / 4));
}
