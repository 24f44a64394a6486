import type { ProtocolCodec, ProtocolDefinition } from '../codec.js';
import { decodeAnthropicRequest } from './decode-request.js';
import { decodeAnthropicResponse } from './decode-response.js';
import { createAnthropicStreamDecoder } from './decode-stream.js';
import { encodeAnthropicRequest } from './encode-request.js';
import { encodeAnthropicResponse } from './encode-response.js';
import { createAnthropicStreamEncoder } from './encode-stream.js';
import { decodeAnthropicError, encodeAnthropicStreamError, renderAnthropicError } from './errors.js';
import { anthropicPassthrough } from './passthrough.js';

export const anthropicMessagesCodec: ProtocolCodec = {
  id: 'anthropic-messages',
  decodeRequest: decodeAnthropicRequest,
  encodeRequest: encodeAnthropicRequest,
  decodeResponse: decodeAnthropicResponse,
  encodeResponse: encodeAnthropicResponse,
  createStreamDecoder: () => createAnthropicStreamDecoder(),
  createStreamEncoder: createAnthropicStreamEncoder,
  renderError: renderAnthropicError,
  decodeError: decodeAnthropicError,
};

/** Anthropic Messages (https://docs.anthropic.com/en/api/messages), both ways. */
export const anthropicMessagesProtocol: ProtocolDefinition = {
  id: 'anthropic-messages',
  renderError: renderAnthropicError,
  forwardHeaders: ['anthropic-version', 'anthropic-beta'],
  passthrough: anthropicPassthrough,
  codec: anthropicMessagesCodec,
  encodeStreamError: encodeAnthropicStreamError,
};
