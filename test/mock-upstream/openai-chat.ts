import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { planScenario, streamPieces, type ScenarioInput, type ScenarioPlan } from './scenario.js';
import { sendJson, sleep, type MockContext } from './server.js';
import { collectText } from './tokens.js';

/**
 * OpenAI Chat Completions, as https://platform.openai.com/docs/api-reference/chat
 * describes it: a chat.completion object, or chat.completion.chunk SSE events
 * ending in `data: [DONE]`, with a usage chunk (empty choices) when
 * stream_options.include_usage is set. What to answer comes from the shared
 * scenario plan (scenario.ts); reasoning is sent DeepSeek-style as
 * reasoning_content (Chat has no field for signatures).
 */
type WireMessage = Record<string, unknown>;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => {
      const record = part as Record<string, unknown>;
      return record.type === 'text' && typeof record.text === 'string' ? record.text : '';
    })
    .join('');
}

function imageMediaType(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const part of content as Array<Record<string, unknown>>) {
    if (part.type !== 'image_url') continue;
    const url = (part.image_url as { url?: unknown } | undefined)?.url;
    if (typeof url !== 'string') continue;
    const inline = /^data:([^;,]+)[;,]/.exec(url);
    return inline?.[1] ?? 'url';
  }
  return undefined;
}

/** The scenario's view of a Chat request. The prompt counted is all message text, role names included. */
function chatScenarioInput(request: Record<string, unknown>): ScenarioInput {
  const messages = (request.messages as WireMessage[]).filter((message) => typeof message === 'object' && message !== null);
  const toolNames = Array.isArray(request.tools)
    ? (request.tools as Array<Record<string, unknown>>).map((tool) => {
        const definition = (tool.function ?? tool.custom ?? tool) as Record<string, unknown>;
        return typeof definition.name === 'string' ? definition.name : '';
      })
    : [];
  const input: ScenarioInput = { lastUserText: '', toolNames, promptText: collectText(request.messages) };
  const last = messages.at(-1);
  if (last?.role === 'tool') {
    // Parallel calls come back as consecutive tool messages: the reply quotes them all.
    const results: string[] = [];
    for (let index = messages.length - 1; index >= 0 && messages[index]?.role === 'tool'; index -= 1) results.unshift(textOf(messages[index]?.content));
    input.toolResultText = results.join(' ');
    return input;
  }
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role !== 'user') continue;
    input.lastUserText = textOf(message.content);
    const media = imageMediaType(message.content);
    if (media !== undefined) input.imageMediaType = media;
    break;
  }
  return input;
}

/** OpenAI's error body and type for a status (https://platform.openai.com/docs/guides/error-codes). */
function errorBody(status: number, message: string): Record<string, unknown> {
  let type = 'invalid_request_error';
  let code: string | null = null;
  if (status === 401) code = 'invalid_api_key';
  else if (status === 404) code = 'model_not_found';
  else if (status === 429) {
    type = 'requests';
    code = 'rate_limit_exceeded';
  } else if (status >= 500) type = 'server_error';
  return { error: { message, type, param: null, code } };
}

function wireUsage(plan: ScenarioPlan): Record<string, unknown> {
  const { inputTokens, cacheReadTokens, outputTokens, reasoningTokens } = plan.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: cacheReadTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}


export async function handleOpenAIChat(_request: IncomingMessage, body: unknown, response: ServerResponse, context: MockContext): Promise<void> {
  const request = (body ?? {}) as Record<string, unknown>;
  if (typeof request.model !== 'string' || !Array.isArray(request.messages)) {
    sendJson(response, 400, { error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' } });
    return;
  }
  await sleep(context.options.delayMs);
  const model = request.model;
  const plan = planScenario(chatScenarioInput(request));
  if (plan.error !== undefined) {
    const headers: Record<string, string> = plan.error.status === 429 ? { 'retry-after': '1' } : {};
    sendJson(response, plan.error.status, errorBody(plan.error.status, plan.error.message), headers);
    return;
  }
  const usage = wireUsage(plan);
  const id = `chatcmpl-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const created = Math.floor(Date.now() / 1000);
  const finishReason = plan.toolCalls.length > 0 ? 'tool_calls' : 'stop';
  context.served += 1;

  if (request.stream !== true) {
    const message: Record<string, unknown> = { role: 'assistant', content: plan.text ?? null, refusal: null, annotations: [] };
    if (plan.reasoning !== undefined) message.reasoning_content = plan.reasoning;
    if (plan.toolCalls.length > 0) {
      message.tool_calls = plan.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
    }
    sendJson(response, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage,
      service_tier: 'default',
      system_fingerprint: 'fp_mock',
    });
    return;
  }

  const includeUsage = (request.stream_options as Record<string, unknown> | undefined)?.include_usage === true;
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (delta: Record<string, unknown>, finish: string | null): string =>
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_mock',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    })}\n\n`;
  const pieces: Array<Record<string, unknown>> = [];
  for (const piece of streamPieces(plan.reasoning ?? '')) if (piece !== '') pieces.push({ reasoning_content: piece });
  for (const piece of streamPieces(plan.text ?? '')) if (piece !== '') pieces.push({ content: piece });
  for (const [index, call] of plan.toolCalls.entries()) {
    // As OpenAI streams a call: id, type and name with empty arguments, then the arguments in pieces.
    pieces.push({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
    const middle = Math.ceil(call.arguments.length / 2);
    for (const part of [call.arguments.slice(0, middle), call.arguments.slice(middle)]) pieces.push({ tool_calls: [{ index, function: { arguments: part } }] });
  }
  response.write(chunk({ role: 'assistant', content: '', refusal: null }, null));
  for (const delta of pieces) {
    await sleep(context.options.chunkDelayMs);
    if (response.destroyed) return;
    response.write(chunk(delta, null));
  }
  response.write(chunk({}, finishReason));
  if (includeUsage) {
    response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_mock', choices: [], usage })}\n\n`);
  }
  response.end('data: [DONE]\n\n');
}
