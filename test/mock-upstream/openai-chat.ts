import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { sendJson, sleep, type MockContext } from './server.js';
import { collectText, mockTokenCount } from './tokens.js';

/**
 * OpenAI Chat Completions, as https://platform.openai.com/docs/api-reference/chat
 * describes it: a chat.completion object, or chat.completion.chunk SSE events
 * ending in `data: [DONE]`, with a usage chunk (empty choices) when
 * stream_options.include_usage is set.
 */
function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index] as Record<string, unknown>;
    if (message.role === 'user') return collectText(message.content);
  }
  return '';
}

/** The reply text: deterministic from the prompt, so tests can check it. */
export function mockReply(prompt: string): string {
  const trimmed = prompt.trim().slice(0, 200);
  return trimmed === '' ? 'Hello from the mock upstream.' : `You said: ${trimmed}`;
}

/** Splits a reply into stream pieces of a word each (with its trailing space). */
export function streamPieces(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

export async function handleOpenAIChat(_request: IncomingMessage, body: unknown, response: ServerResponse, context: MockContext): Promise<void> {
  const request = (body ?? {}) as Record<string, unknown>;
  if (typeof request.model !== 'string' || !Array.isArray(request.messages)) {
    sendJson(response, 400, { error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' } });
    return;
  }
  await sleep(context.options.delayMs);
  const model = request.model;
  const content = mockReply(lastUserText(request.messages));
  const promptTokens = mockTokenCount(collectText(request.messages));
  const completionTokens = mockTokenCount(content);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  const id = `chatcmpl-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const created = Math.floor(Date.now() / 1000);
  context.served += 1;

  if (request.stream !== true) {
    sendJson(response, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
      usage,
      service_tier: 'default',
      system_fingerprint: 'fp_mock',
    });
    return;
  }

  const includeUsage = (request.stream_options as Record<string, unknown> | undefined)?.include_usage === true;
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (delta: Record<string, unknown>, finishReason: string | null): string =>
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_mock',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    })}\n\n`;
  response.write(chunk({ role: 'assistant', content: '', refusal: null }, null));
  for (const piece of streamPieces(content)) {
    await sleep(context.options.chunkDelayMs);
    if (response.destroyed) return;
    response.write(chunk({ content: piece }, null));
  }
  response.write(chunk({}, 'stop'));
  if (includeUsage) {
    response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_mock', choices: [], usage })}\n\n`);
  }
  response.end('data: [DONE]\n\n');
}
