import type { GatewayError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import type { PassthroughAdapter, StreamObserver } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { defaultAnthropicVersion } from './encode-request.js';
import { decodeAnthropicError } from './errors.js';
import { asObject } from '../../core/json.js';
import { decodeAnthropicUsage, decodePartialAnthropicUsage } from './usage.js';

/**
 * Anthropic → Anthropic: the client's body goes upstream with only `model`
 * rewritten, and the bytes come back untouched. The side reader takes usage
 * from message_start (input and cache) and message_delta (output; cache
 * fields too when a compatible vendor puts them there).
 */
export const anthropicPassthrough: PassthroughAdapter = {
  prepare(_body, { model }) {
    // The default version yields to the client's own anthropic-version header (forwarded).
    return { path: '/messages', edits: [['model', model]], headers: { 'anthropic-version': defaultAnthropicVersion } };
  },
  usageMember: 'usage',
  readUsage(body) {
    return decodeAnthropicUsage(asObject(body)?.usage);
  },
  createStreamObserver(): StreamObserver {
    let usage: Usage | undefined;
    let streamError: GatewayError | undefined;
    const merge = (update: Partial<Usage> | undefined): void => {
      if (update === undefined) return;
      usage ??= { inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
      for (const [key, value] of Object.entries(update) as Array<[keyof Usage, number | undefined]>) if (value !== undefined) usage[key] = value;
    };
    return {
      observe(event: SseEvent) {
        const name = event.event;
        if (name !== 'message_start' && name !== 'message_delta' && name !== 'error') return true;
        let data: Record<string, unknown> | undefined;
        try {
          data = asObject(JSON.parse(event.data));
        } catch {
          return true;
        }
        if (name === 'message_start') merge(decodePartialAnthropicUsage(asObject(data?.message)?.usage));
        else if (name === 'message_delta') merge(decodePartialAnthropicUsage(data?.usage));
        else streamError = decodeAnthropicError(500, data);
        return true;
      },
      usage: () => usage,
      error: () => streamError,
    };
  },
};
