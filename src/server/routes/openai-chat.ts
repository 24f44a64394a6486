import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../../core/errors.js';
import type { AppDependencies } from '../app.js';
import { authenticate, extractKey } from '../authenticate.js';
import { handleDataPlane, requireObjectBody } from './data-plane.js';

export function registerOpenAIChatRoutes(app: FastifyInstance, deps: AppDependencies): void {
  app.post('/v1/chat/completions', { config: { protocol: 'openai-chat' } }, async (request, reply) => {
    const body = requireObjectBody(request.body);
    if (typeof body.model !== 'string' || body.model === '') {
      throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: 'you must provide a model parameter', param: 'model' });
    }
    if (!Array.isArray(body.messages)) {
      throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: "Missing required parameter: 'messages'.", param: 'messages' });
    }
    await handleDataPlane(deps, request, reply, { protocol: 'openai-chat', body, model: body.model, stream: body.stream === true });
  });

  app.get('/v1/models', { config: { protocol: 'openai-chat' } }, (request, reply) => {
    const snapshot = deps.state.current();
    authenticate(snapshot, extractKey(request.headers, request.query));
    const created = Math.floor(Date.now() / 1000);
    const data: Array<{ id: string; object: 'model'; created: number; owned_by: string }> = [];
    for (const name of snapshot.aliases.keys()) data.push({ id: name, object: 'model', created, owned_by: 'switchyard' });
    for (const provider of snapshot.providers.values()) {
      if (!provider.enabled) continue;
      for (const model of provider.models) data.push({ id: `${provider.id}/${model}`, object: 'model', created, owned_by: provider.id });
    }
    void reply.send({ object: 'list', data });
  });
}
