import type { ProtocolCodec } from '../codec.js';
import { decodeGeminiRequest } from './decode-request.js';
import { decodeGeminiResponse } from './decode-response.js';
import { createGeminiStreamDecoder } from './decode-stream.js';
import { encodeGeminiRequest } from './encode-request.js';
import { encodeGeminiResponse } from './encode-response.js';
import { createGeminiStreamEncoder } from './encode-stream.js';
import { decodeGeminiError, renderGeminiError } from './errors.js';

export const geminiCodec: ProtocolCodec = {
  id: 'gemini',
  decodeRequest: decodeGeminiRequest,
  encodeRequest: encodeGeminiRequest,
  decodeResponse: decodeGeminiResponse,
  encodeResponse: encodeGeminiResponse,
  createStreamDecoder: createGeminiStreamDecoder,
  createStreamEncoder: createGeminiStreamEncoder,
  renderError: renderGeminiError,
  decodeError: decodeGeminiError,
};
