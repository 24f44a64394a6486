import type { GatewayError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import type { PassthroughAdapter, StreamObserver } from '../codec.js';
import type { SseEvent } from '../sse/decode.js';
import { upstreamPath } from './encode-request.js';
import { decodeGeminiError } from './errors.js';
import { asObject } from '../../core/json.js';
import { parseJsonText } from './json.js';
import { readGeminiUsage } from './usage.js';

/**
 * Gemini passthrough. The model lives in the URL path, not the body, so the
 * body goes upstream untouched and only the path names the upstream model;
 * streams always go as alt=sse. The side reader takes usageMetadata, which
 * is cumulative: the last one seen is the total.
 */
export const geminiPassthrough: PassthroughAdapter = {
  prepare(_body, { model, stream }) {
    return { ...upstreamPath(model, stream), edits: [] };
  },
  usageMember: 'usageMetadata',
  readUsage: readGeminiUsage,
  createStreamObserver(): StreamObserver {
    // Gemini repeats usageMetadata in every chunk; only the last one counts,
    // so the text is kept and parsed once, when usage is asked for.
    let lastUsageData: string | undefined;
    let streamError: GatewayError | undefined;
    return {
      observe(event: SseEvent) {
        if (event.data.includes('"error"')) {
          const chunk = asObject(parseJsonText(event.data));
          if (chunk?.error !== undefined) {
            streamError = decodeGeminiError(0, chunk);
            return true;
          }
        }
        if (event.data.includes('"usageMetadata"')) lastUsageData = event.data;
        return true;
      },
      usage: (): Usage | undefined => (lastUsageData === undefined ? undefined : readGeminiUsage(parseJsonText(lastUsageData))),
      error: () => streamError,
    };
  },
};
