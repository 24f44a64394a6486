import type { GatewayError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import type { PassthroughAdapter, StreamObserver } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { upstreamPath } from './encode-request.js';
import { decodeGeminiError } from './errors.js';
import { asObject, parseJsonText } from './json.js';
import { readGeminiUsage } from './usage.js';

/**
 * Gemini passthrough. The model lives in the URL path, not the body, so the
 * body goes upstream untouched and only the path names the upstream model;
 * streams always go as alt=sse. The side reader takes usageMetadata, which
 * is cumulative: the last one seen is the total.
 */
export const geminiPassthrough: PassthroughAdapter = {
  prepare(body, { model, stream }) {
    return { ...upstreamPath(model, stream), body };
  },
  readUsage: readGeminiUsage,
  createStreamObserver(): StreamObserver {
    let usage: Usage | undefined;
    let streamError: GatewayError | undefined;
    return {
      observe(event: SseEvent) {
        if (!event.data.includes('"usageMetadata"') && !event.data.includes('"error"')) return true;
        const chunk = asObject(parseJsonText(event.data));
        if (chunk === undefined) return true;
        if (chunk.error !== undefined) {
          streamError = decodeGeminiError(0, chunk);
          return true;
        }
        usage = readGeminiUsage(chunk) ?? usage;
        return true;
      },
      usage: () => usage,
      error: () => streamError,
    };
  },
};
