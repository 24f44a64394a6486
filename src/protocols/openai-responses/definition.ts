import type { GatewayError } from '../../core/errors.js';
import type { ProtocolCodec, ProtocolDefinition } from '../codec.js';
import { renderOpenAIError } from '../openai-chat/render-error.js';
import { encodeSseEvent } from '../sse/encode.js';
import { decodeResponsesRequest } from './decode-request.js';
import { decodeResponsesResponse } from './decode-response.js';
import { createResponsesStreamDecoder } from './decode-stream.js';
import { encodeResponsesRequest } from './encode-request.js';
import { encodeResponsesResponse } from './encode-response.js';
import { createResponsesStreamEncoder, responsesErrorCode } from './encode-stream.js';
import { decodeResponsesError } from './errors.js';
import { openAIResponsesPassthrough } from './passthrough.js';
import { responseIdFor, responseObject } from './response-object.js';

/**
 * An error after the stream started, when the encoder's state is not at
 * hand (a passthrough stream cut off): the API's `error` event, then
 * response.failed so clients that wait for a terminal event (Codex) end
 * the turn with the message. The upstream's own sequence numbers are not
 * known here, so these carry 0.
 */
function encodeStreamError(error: GatewayError): string {
  const code = responsesErrorCode(error);
  const failed = responseObject({
    id: responseIdFor(undefined),
    model: '',
    createdAt: Math.floor(Date.now() / 1000),
    status: 'failed',
    output: [],
    usage: undefined,
    error: { code, message: error.message },
  });
  return (
    encodeSseEvent(JSON.stringify({ type: 'error', code, message: error.message, param: error.param ?? null, sequence_number: 0 }), 'error') +
    encodeSseEvent(JSON.stringify({ type: 'response.failed', response: failed, sequence_number: 0 }), 'response.failed')
  );
}

export const openAIResponsesCodec: ProtocolCodec = {
  id: 'openai-responses',
  decodeRequest: decodeResponsesRequest,
  encodeRequest: encodeResponsesRequest,
  decodeResponse: decodeResponsesResponse,
  encodeResponse: encodeResponsesResponse,
  createStreamDecoder: createResponsesStreamDecoder,
  createStreamEncoder: createResponsesStreamEncoder,
  renderError: renderOpenAIError,
  decodeError: decodeResponsesError,
};

export const openAIResponsesProtocol: ProtocolDefinition = {
  id: 'openai-responses',
  renderError: renderOpenAIError,
  forwardHeaders: ['openai-organization', 'openai-project', 'openai-beta'],
  passthrough: openAIResponsesPassthrough,
  codec: openAIResponsesCodec,
  encodeStreamError,
};
