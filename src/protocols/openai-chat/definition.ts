import type { GatewayError } from '../../core/errors.js';
import type { ProtocolDefinition } from '../codec.js';
import { encodeSseEvent } from '../sse/encode.js';
import { openAIChatCodec } from './codec.js';
import { openAIChatPassthrough } from './passthrough.js';
import { renderOpenAIError } from './render-error.js';

/**
 * Chat Completions has no error event: an error after the stream started is
 * sent as a data chunk carrying OpenAI's error object (what the OpenAI SDK
 * raises as an APIError), then [DONE].
 */
function encodeStreamError(error: GatewayError): string {
  const rendered = renderOpenAIError(error);
  return encodeSseEvent(JSON.stringify(rendered.body)) + encodeSseEvent('[DONE]');
}

export const openAIChatProtocol: ProtocolDefinition = {
  id: 'openai-chat',
  renderError: renderOpenAIError,
  forwardHeaders: ['openai-organization', 'openai-project'],
  passthrough: openAIChatPassthrough,
  codec: openAIChatCodec,
  encodeStreamError,
};
