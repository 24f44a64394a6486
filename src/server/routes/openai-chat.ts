import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../../core/errors.js';
import type { AppDependencies } from '../app.js';
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
}
