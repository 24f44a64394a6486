import { GatewayError } from '../../core/errors.js';
import type { MemberEdit } from '../../core/json-members.js';
import type { Usage } from '../../core/usage.js';
import type { PassthroughAdapter, StreamObserver } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { readChatUsage } from './read-usage.js';

function clientWantsUsage(body: Record<string, unknown>): boolean {
  const options = body.stream_options;
  return typeof options === 'object' && options !== null && (options as Record<string, unknown>).include_usage === true;
}

/**
 * Whether a chunk's text carries a usage object. With include_usage set,
 * OpenAI sends `"usage":null` on every chunk and the object only on the
 * last one, so looking for the key alone would parse every chunk. A
 * `"usage"` inside a string value is escaped (`\"usage\"`), so an
 * unescaped one followed by a colon is the key.
 */
function hasUsageObject(data: string): boolean {
  for (let at = data.indexOf('"usage"'); at !== -1; at = data.indexOf('"usage"', at + 7)) {
    let index = at + 7;
    while (data.charCodeAt(index) === 32 || data.charCodeAt(index) === 9 || data.charCodeAt(index) === 10 || data.charCodeAt(index) === 13) index += 1;
    if (data.charCodeAt(index) !== 58) continue; // ':'
    index += 1;
    while (data.charCodeAt(index) === 32 || data.charCodeAt(index) === 9 || data.charCodeAt(index) === 10 || data.charCodeAt(index) === 13) index += 1;
    if (data.charCodeAt(index) === 123) return true; // '{'
  }
  return false;
}

/**
 * Chat Completions passthrough. To meter streams the gateway always asks the
 * upstream for the final usage chunk (stream_options.include_usage); when the
 * client did not ask for it, that chunk is read and not forwarded, so the
 * client sees exactly the stream it asked for.
 */
export const openAIChatPassthrough: PassthroughAdapter = {
  prepare(body, { model, stream }) {
    const edits: MemberEdit[] = [['model', model]];
    if (stream && !clientWantsUsage(body)) {
      const existing = typeof body.stream_options === 'object' && body.stream_options !== null ? body.stream_options : {};
      edits.push(['stream_options', { ...existing, include_usage: true }]);
    }
    return { path: '/chat/completions', edits };
  },
  usageMember: 'usage',
  readUsage: readChatUsage,
  createStreamObserver({ body }): StreamObserver {
    const forwardUsageChunk = clientWantsUsage(body);
    let usage: Usage | undefined;
    let streamError: GatewayError | undefined;
    return {
      observe(event: SseEvent) {
        const data = event.data;
        if (data === '[DONE]' || (!hasUsageObject(data) && !data.includes('"error"'))) return true;
        let chunk: unknown;
        try {
          chunk = JSON.parse(data);
        } catch {
          return true;
        }
        const record = chunk as Record<string, unknown>;
        if (record.error !== undefined && record.error !== null) {
          const detail = record.error as Record<string, unknown>;
          streamError = new GatewayError({
            code: 'SY_UPSTREAM_ERROR',
            status: 502,
            message: typeof detail.message === 'string' ? detail.message : 'upstream error in stream',
            upstreamBody: chunk,
          });
          return true;
        }
        const found = readChatUsage(chunk);
        if (found === undefined) return true;
        usage = found;
        const choices = record.choices;
        const usageOnly = Array.isArray(choices) && choices.length === 0;
        return forwardUsageChunk || !usageOnly;
      },
      usage: () => usage,
      error: () => streamError,
    };
  },
};
