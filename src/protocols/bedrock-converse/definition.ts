import { GatewayError } from '../../core/errors.js';
import type { ProtocolCodec, ProtocolDefinition } from '../codec.js';
import { decodeBedrockRequest } from './decode-request.js';
import { decodeBedrockResponse } from './decode-response.js';
import { createBedrockStreamDecoder } from './decode-stream.js';
import { encodeBedrockRequest } from './encode-request.js';
import { encodeBedrockResponse } from './encode-response.js';
import { decodeBedrockError, renderBedrockError } from './errors.js';
import { bedrockPassthrough } from './passthrough.js';

/**
 * AWS Bedrock Converse / ConverseStream, an upstream protocol: the gateway
 * encodes requests for it and decodes its answers and binary event streams.
 * No client route speaks it, so there is no stream encoder: an event-stream
 * answer cannot be written as the SSE text the pipeline sends clients.
 */
export const bedrockConverseCodec: ProtocolCodec = {
  id: 'bedrock-converse',
  framing: 'aws-event-stream',
  decodeRequest: decodeBedrockRequest,
  encodeRequest: encodeBedrockRequest,
  decodeResponse: decodeBedrockResponse,
  encodeResponse: (response) => encodeBedrockResponse(response),
  createStreamDecoder: () => createBedrockStreamDecoder(),
  createStreamEncoder() {
    throw new GatewayError({ code: 'SY_UNSUPPORTED', status: 501, message: 'Bedrock Converse is an upstream protocol only: the gateway does not stream it to clients' });
  },
  renderError: renderBedrockError,
  decodeError: decodeBedrockError,
};

export const bedrockConverseProtocol: ProtocolDefinition = {
  id: 'bedrock-converse',
  renderError: renderBedrockError,
  forwardHeaders: [],
  passthrough: bedrockPassthrough,
  codec: bedrockConverseCodec,
  // No client speaks Converse (see above), so no stream is ever ended in its shape.
  encodeStreamError: () => '',
};
