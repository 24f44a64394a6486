import type { ProtocolCodec } from '../codec.js';
import { decodeChatRequest } from './decode-request.js';
import { decodeChatResponse } from './decode-response.js';
import { createOpenAIChatStreamDecoder } from './decode-stream.js';
import { encodeChatRequest } from './encode-request.js';
import { encodeChatResponse } from './encode-response.js';
import { createOpenAIChatStreamEncoder } from './encode-stream.js';
import { decodeOpenAIError } from './errors.js';
import { renderOpenAIError } from './render-error.js';

/** OpenAI Chat Completions ↔ the canonical model. */
export const openAIChatCodec: ProtocolCodec = {
  id: 'openai-chat',
  decodeRequest: decodeChatRequest,
  encodeRequest: encodeChatRequest,
  decodeResponse: decodeChatResponse,
  encodeResponse: encodeChatResponse,
  createStreamDecoder: createOpenAIChatStreamDecoder,
  createStreamEncoder: createOpenAIChatStreamEncoder,
  renderError: renderOpenAIError,
  decodeError: decodeOpenAIError,
};
