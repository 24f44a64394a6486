import type { ContentPart } from '../../core/content.js';
import { GatewayError } from '../../core/errors.js';
import type { ChatResponse } from '../../core/response.js';
import { emptyUsage } from '../../core/usage.js';
import { decodeOpenAIError } from './errors.js';
import { decodeFinishReason } from './finish-reason.js';
import { readChatUsage } from './read-usage.js';
import { asNumber, asObject, asString } from '../../core/json.js';

function badResponse(message: string): GatewayError {
  return new GatewayError({ code: 'SY_UPSTREAM_BAD_RESPONSE', status: 502, message });
}

/**
 * A chat.completion object (https://platform.openai.com/docs/api-reference/chat/object)
 * → the canonical response. Only choices[0] is kept (the canonical response
 * has one candidate). reasoning_content (DeepSeek; `reasoning` on some
 * OpenAI-compatible providers) becomes a reasoning part with no signature:
 * Chat has nowhere to carry one.
 */
export function decodeChatResponse(body: unknown, options: { provider?: string }): ChatResponse {
  const wire = asObject(body);
  if (wire === undefined) throw badResponse('upstream answered with a body that is not a JSON object');
  if (wire.error !== undefined && wire.error !== null) throw decodeOpenAIError(502, body);
  const choice = Array.isArray(wire.choices) ? asObject(wire.choices[0]) : undefined;
  const message = asObject(choice?.message);
  if (message === undefined) throw badResponse('upstream answered with no choices[0].message');

  const content: ContentPart[] = [];
  const origin = { protocol: 'openai-chat' as const, ...(options.provider === undefined ? {} : { provider: options.provider }) };
  const reasoning = asString(message.reasoning_content) ?? asString(message.reasoning);
  if (reasoning !== undefined && reasoning !== '') content.push({ type: 'reasoning', text: reasoning, origin });
  const text = asString(message.content);
  if (text !== undefined && text !== '') {
    const annotations = Array.isArray(message.annotations) && message.annotations.length > 0 ? { citations: message.annotations } : {};
    content.push({ type: 'text', text, ...annotations });
  }
  const refusal = asString(message.refusal);
  if (refusal !== undefined && refusal !== '') content.push({ type: 'unknown', protocol: 'openai-chat', value: { type: 'refusal', refusal } });
  if (Array.isArray(message.tool_calls)) {
    for (const value of message.tool_calls) {
      const call = asObject(value);
      const id = asString(call?.id) ?? '';
      if (call?.type === 'custom') {
        const custom = asObject(call.custom);
        content.push({ type: 'tool-call', id, name: asString(custom?.name) ?? '', arguments: asString(custom?.input) ?? '', kind: 'custom', origin });
      } else {
        const fn = asObject(call?.function);
        content.push({ type: 'tool-call', id, name: asString(fn?.name) ?? '', arguments: asString(fn?.arguments) ?? '', kind: 'function', origin });
      }
    }
  }

  const rawFinishReason = asString(choice?.finish_reason);
  const extensions: Record<string, unknown> = {};
  for (const key of ['system_fingerprint', 'service_tier'] as const) if (wire[key] !== undefined && wire[key] !== null) extensions[key] = wire[key];
  return {
    id: asString(wire.id) ?? '',
    model: asString(wire.model) ?? '',
    created: asNumber(wire.created) ?? Math.floor(Date.now() / 1000),
    content,
    finishReason: decodeFinishReason(rawFinishReason),
    ...(rawFinishReason === undefined ? {} : { rawFinishReason }),
    usage: readChatUsage(body) ?? emptyUsage(),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}
