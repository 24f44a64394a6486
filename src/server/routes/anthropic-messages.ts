import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../../core/errors.js';
import type { ChatRequest } from '../../core/request.js';
import { countTokens } from '../../pipeline/count-tokens.js';
import type { Snapshot } from '../../pipeline/snapshot.js';
import type { AppDependencies } from '../app.js';
import { authenticate, extractKey } from '../authenticate.js';
import { cancelledWhenClientLeaves } from '../client-gone.js';
import { handleDataPlane, requireObjectBody } from './data-plane.js';

/** What Anthropic itself checks first, in its own wording. */
function requireMessagesRequest(body: unknown): Record<string, unknown> & { model: string } {
  const object = requireObjectBody(body);
  if (typeof object.model !== 'string' || object.model === '') {
    throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: 'model: Field required', param: 'model' });
  }
  if (!Array.isArray(object.messages)) {
    throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: 'messages: Field required', param: 'messages' });
  }
  return object as Record<string, unknown> & { model: string };
}

const oneMillionSuffix = /\[1m\]$/i;

/**
 * Claude Code names its 1M-context variants "claude-opus-4-8[1m]" (the
 * context itself is asked for with the context-1m beta header, which is
 * forwarded). The suffix is dropped for routing unless an alias or a
 * provider's model list names the model with it.
 */
function routableModel(snapshot: Snapshot, model: string): string {
  if (!oneMillionSuffix.test(model) || snapshot.aliases.has(model)) return model;
  for (const provider of snapshot.providers.values()) {
    if (provider.models.some((listed) => listed === model || `${provider.id}/${listed}` === model)) return model;
  }
  return model.replace(oneMillionSuffix, '');
}

/**
 * Anthropic Messages ingress (https://docs.anthropic.com/en/api/messages).
 * Claude Code posts to /v1/messages?beta=true: routes match on the path, so
 * the query string is harmless. Errors render in Anthropic's shape.
 */
export function registerAnthropicMessagesRoutes(app: FastifyInstance, deps: AppDependencies): void {
  app.post('/v1/messages', { config: { protocol: 'anthropic-messages' } }, async (request, reply) => {
    const body = requireMessagesRequest(request.body);
    const model = routableModel(deps.state.current(), body.model);
    await handleDataPlane(deps, request, reply, { protocol: 'anthropic-messages', body, model, stream: body.stream === true });
  });

  app.post('/v1/messages/count_tokens', { config: { protocol: 'anthropic-messages' } }, async (request, reply) => {
    const snapshot = deps.state.current();
    authenticate(snapshot, extractKey(request.headers, request.query));
    const body = requireMessagesRequest(request.body);
    const codec = deps.protocols['anthropic-messages']?.codec;
    const signal = cancelledWhenClientLeaves(reply.raw);
    const result = await countTokens(
      { snapshot: deps.state, protocols: deps.protocols, upstream: deps.upstream },
      {
        protocol: 'anthropic-messages',
        body,
        requestedModel: routableModel(snapshot, body.model),
        clientHeaders: request.headers,
        upstreamPath: '/messages/count_tokens',
        signal,
        canonical: (): ChatRequest => {
          if (codec === undefined) throw new GatewayError({ code: 'SY_UNSUPPORTED', status: 501, message: 'decoding anthropic-messages is not available' });
          return codec.decodeRequest(body, { model: body.model, stream: false });
        },
      },
    );
    if (result.upstreamText !== undefined) {
      void reply.code(result.status).header('content-type', 'application/json').send(result.upstreamText);
      return;
    }
    // An estimate, and said so: Claude's tokenizer is not public.
    void reply.header('x-switchyard-token-count', `estimate; tokenizer=${result.estimatedWith ?? 'unknown'}`).send({ input_tokens: result.inputTokens });
  });
}
