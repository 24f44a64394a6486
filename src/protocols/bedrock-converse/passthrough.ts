import type { GatewayError } from '../../core/errors.js';
import type { Usage } from '../../core/usage.js';
import type { PassthroughAdapter } from '../codec.js';
import { createBedrockStreamDecoder } from './decode-stream.js';
import type { ConverseUsage } from './types.js';
import { decodeConverseUsage } from './usage.js';

/**
 * Same-protocol fast path. No client route speaks Converse today, so the
 * gateway never takes it; it is here so the protocol is whole when one does.
 * The model lives in the URL, not the body.
 */
export const bedrockPassthrough: PassthroughAdapter = {
  prepare(body, options) {
    // The model travels in the path; a modelId field would be refused as unknown.
    return { path: `/model/${encodeURIComponent(options.model)}/${options.stream ? 'converse-stream' : 'converse'}`, edits: 'modelId' in body ? [['modelId', undefined]] : [] };
  },
  usageMember: 'usage',
  readUsage(body) {
    if (typeof body !== 'object' || body === null) return undefined;
    const usage = (body as { usage?: Partial<ConverseUsage> }).usage;
    return usage === undefined ? undefined : decodeConverseUsage(usage);
  },
  createStreamObserver() {
    const decoder = createBedrockStreamDecoder();
    let usage: Usage | undefined;
    let error: GatewayError | undefined;
    return {
      observe(event) {
        for (const decoded of decoder.decode(event)) {
          if (decoded.type === 'usage') usage = { ...decodeConverseUsage(undefined), ...usage, ...decoded.usage };
          else if (decoded.type === 'error') error = decoded.error;
        }
        return true;
      },
      usage: () => usage,
      error: () => error,
    };
  },
};
