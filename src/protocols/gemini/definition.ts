import type { ProtocolDefinition } from '../codec.js';
import { geminiCodec } from './codec.js';
import { encodeGeminiStreamError, renderGeminiError } from './errors.js';
import { geminiPassthrough } from './passthrough.js';

/** Gemini generateContent (https://ai.google.dev/api/generate-content). */
export const geminiProtocol: ProtocolDefinition = {
  id: 'gemini',
  renderError: renderGeminiError,
  // x-goog-api-client names the SDK; Google reads it for telemetry only, but passthrough keeps it.
  forwardHeaders: ['x-goog-api-client'],
  passthrough: geminiPassthrough,
  codec: geminiCodec,
  encodeStreamError: encodeGeminiStreamError,
};
