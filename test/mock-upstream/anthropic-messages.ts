import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mockSignature, planScenario, streamPieces, type ScenarioInput, type ScenarioPlan } from './scenario.js';
import { sendJson, sleep, type MockContext } from './server.js';
import { mockTokenCount } from './tokens.js';

/**
 * Anthropic Messages, as https://docs.anthropic.com/en/api/messages and
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming describe
 * it: a message object, or the SSE sequence message_start, ping,
 * content_block_start / _delta / _stop per block, message_delta (stop_reason,
 * output usage), message_stop. Usage in Anthropic's accounting: input_tokens
 * excludes cache reads. It refuses, with Anthropic's own wording, the
 * requests Anthropic refuses that matter to a translating gateway.
 */
type Json = Record<string, unknown>;

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function sendAnthropicError(response: ServerResponse, status: number, message: string): void {
  const headers: Record<string, string> = { 'request-id': `req_mock${randomUUID().replace(/-/g, '').slice(0, 20)}` };
  if (status === 429) headers['retry-after'] = '1';
  sendJson(response, status, { type: 'error', error: { type: errorTypes[status] ?? 'api_error', message } }, headers);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function blocksOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter((block): block is Json => typeof block === 'object' && block !== null) : [];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return blocksOf(content)
    .map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .join('');
}

/** The first reason Anthropic would refuse this request, in its own words; undefined when valid. */
export function validateAnthropicRequest(body: Json, options: { requireMaxTokens: boolean }): string | undefined {
  if (typeof body.model !== 'string') return 'model: Field required';
  if (options.requireMaxTokens && typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Field required';
  if (Array.isArray(body.system)) {
    for (const block of blocksOf(body.system)) if (block.type === 'text' && str(block.text) === '') return 'system: text content blocks must be non-empty';
  }
  const messages = body.messages as unknown[];
  for (const [position, raw] of messages.entries()) {
    const message = raw as Json;
    const blocks = blocksOf(message.content);
    for (const [at, block] of blocks.entries()) {
      if (block.type === 'text') {
        const text = str(block.text);
        if (text === '') return 'messages: text content blocks must be non-empty';
        if (text.trim() === '') return 'messages: text content blocks must contain non-whitespace text';
      }
      if (block.type === 'thinking' && message.role === 'assistant') {
        if (typeof block.signature !== 'string') return `messages.${position}.content.${at}.thinking.signature: Field required`;
        if (block.signature !== mockSignature(str(block.thinking))) return `messages.${position}.content.${at}: Invalid \`signature\` in \`thinking\` block`;
      }
    }
    if (message.role !== 'assistant') continue;
    const callIds = blocks.filter((block) => block.type === 'tool_use').map((block) => String(block.id));
    if (callIds.length === 0) continue;
    const next = messages[position + 1] as Json | undefined;
    const answered = new Set(
      next?.role === 'user' ? blocksOf(next.content).filter((block) => block.type === 'tool_result').map((block) => String(block.tool_use_id)) : [],
    );
    const missing = callIds.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      return `messages.${position}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

/** Text the mock counts as the prompt: system, message text, thinking, tool inputs and results. */
function promptText(body: Json): string {
  let text = textOf(body.system);
  for (const raw of body.messages as unknown[]) {
    for (const block of blocksOf((raw as Json).content)) {
      if (block.type === 'text') text += str(block.text);
      else if (block.type === 'tool_use') text += JSON.stringify(block.input ?? {});
      else if (block.type === 'tool_result') text += textOf(block.content);
    }
  }
  return text;
}

export function scenarioInput(body: Json): ScenarioInput {
  const messages = body.messages as unknown[];
  const last = messages.at(-1) as Json | undefined;
  const blocks = last?.role === 'user' ? blocksOf(last.content) : [];
  const results = blocks.filter((block) => block.type === 'tool_result');
  const input: ScenarioInput = {
    lastUserText: results.length > 0 ? '' : textOf(blocks),
    toolNames: (Array.isArray(body.tools) ? (body.tools as Json[]) : []).map((tool) => str(tool.name)),
    promptText: promptText(body),
  };
  if (results.length > 0) input.toolResultText = results.map((block) => textOf(block.content)).join('\n');
  const image = blocks.find((block) => block.type === 'image');
  const source = image?.source as Json | undefined;
  if (source !== undefined) input.imageMediaType = source.type === 'base64' ? String(source.media_type) : 'url';
  return input;
}

function usageOf(plan: ScenarioPlan): Json {
  return {
    input_tokens: plan.usage.inputTokens - plan.usage.cacheReadTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: plan.usage.cacheReadTokens,
    output_tokens: plan.usage.outputTokens,
  };
}

function contentOf(plan: ScenarioPlan): Json[] {
  const content: Json[] = [];
  if (plan.reasoning !== undefined) content.push({ type: 'thinking', thinking: plan.reasoning, signature: mockSignature(plan.reasoning) });
  if (plan.text !== undefined) content.push({ type: 'text', text: plan.text });
  for (const call of plan.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.arguments) as unknown });
  return content;
}


function jsonPieces(json: string): string[] {
  const third = Math.max(1, Math.ceil(json.length / 3));
  const parts: string[] = [];
  for (let at = 0; at < json.length; at += third) parts.push(json.slice(at, at + third));
  return parts;
}

export async function handleAnthropicMessages(_request: IncomingMessage, body: unknown, response: ServerResponse, context: MockContext): Promise<void> {
  const request = (body ?? {}) as Json;
  const invalid = validateAnthropicRequest(request, { requireMaxTokens: true });
  if (invalid !== undefined) {
    sendAnthropicError(response, 400, invalid);
    return;
  }
  await sleep(context.options.delayMs);
  const plan = planScenario(scenarioInput(request), 'toolu_mock');
  if (plan.error !== undefined) {
    sendAnthropicError(response, plan.error.status, plan.error.message);
    return;
  }
  const id = `msg_mock${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const model = String(request.model);
  const stopReason = plan.toolCalls.length > 0 ? 'tool_use' : 'end_turn';
  context.served += 1;

  if (request.stream !== true) {
    sendJson(response, 200, { id, type: 'message', role: 'assistant', model, content: contentOf(plan), stop_reason: stopReason, stop_sequence: null, usage: usageOf(plan) });
    return;
  }

  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': `req_${id}` });
  const write = async (type: string, payload: Json): Promise<boolean> => {
    await sleep(context.options.chunkDelayMs);
    if (response.destroyed) return false;
    response.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`);
    return true;
  };
  const usage = usageOf(plan);
  const startUsage = { ...usage, output_tokens: 1 };
  if (!(await write('message_start', { message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: startUsage } }))) return;
  let index = 0;
  const block = async (start: Json, deltas: Json[]): Promise<boolean> => {
    if (!(await write('content_block_start', { index, content_block: start }))) return false;
    if (index === 0 && !(await write('ping', {}))) return false;
    for (const delta of deltas) if (!(await write('content_block_delta', { index, delta }))) return false;
    if (!(await write('content_block_stop', { index }))) return false;
    index += 1;
    return true;
  };
  if (plan.reasoning !== undefined) {
    const deltas: Json[] = streamPieces(plan.reasoning).map((thinking) => ({ type: 'thinking_delta', thinking }));
    deltas.push({ type: 'signature_delta', signature: mockSignature(plan.reasoning) });
    if (!(await block({ type: 'thinking', thinking: '', signature: '' }, deltas))) return;
  }
  if (plan.text !== undefined) {
    if (!(await block({ type: 'text', text: '' }, streamPieces(plan.text).map((text) => ({ type: 'text_delta', text }))))) return;
  }
  for (const call of plan.toolCalls) {
    const deltas = ['', ...jsonPieces(call.arguments)].map((partial_json) => ({ type: 'input_json_delta', partial_json }));
    if (!(await block({ type: 'tool_use', id: call.id, name: call.name, input: {} }, deltas))) return;
  }
  if (!(await write('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }))) return;
  await write('message_stop', {});
  response.end();
}

/** POST /v1/messages/count_tokens: {input_tokens}, the same count the messages endpoint reports. */
export function handleAnthropicCountTokens(_request: IncomingMessage, body: unknown, response: ServerResponse): void {
  const request = (body ?? {}) as Json;
  const invalid = validateAnthropicRequest(request, { requireMaxTokens: false });
  if (invalid !== undefined) {
    sendAnthropicError(response, 400, invalid);
    return;
  }
  sendJson(response, 200, { input_tokens: mockTokenCount(promptText(request)) });
}
