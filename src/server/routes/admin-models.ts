import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../../core/errors.js';
import type { Db } from '../../store/database.js';
import { verifyAdminToken } from '../admin-token.js';
import type { ModelDiscovery } from '../model-discovery.js';
import type { StateHolder } from '../state.js';

/**
 * Model discovery on demand, for the admin token:
 *   GET  /api/providers/:id/models          the models the router knows for a provider now
 *   POST /api/providers/:id/models/refresh  fetch the provider's list and merge it in
 *   POST /api/models/refresh                the same for every provider that can list its models
 */
async function requireAdmin(db: Db, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  if (token === '' || !(await verifyAdminToken(db, token))) {
    throw new GatewayError({ code: 'SY_UNAUTHORIZED', status: 401, message: 'This endpoint needs the admin token (Authorization: Bearer …).' });
  }
}

export function registerModelAdminRoutes(app: FastifyInstance, deps: { db: Db; state: StateHolder; discovery: ModelDiscovery }): void {
  const providerOf = (request: FastifyRequest<{ Params: { id: string } }>) => {
    const provider = deps.state.current().providers.get(request.params.id);
    if (provider === undefined) throw new GatewayError({ code: 'SY_NOT_FOUND', status: 404, message: `No provider "${request.params.id}".` });
    return provider;
  };

  app.get('/api/providers/:id/models', async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    await requireAdmin(deps.db, request);
    const provider = providerOf(request);
    return reply.send({ provider: provider.id, discovery: provider.discovery ?? 'none', models: provider.models });
  });

  app.post('/api/providers/:id/models/refresh', async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    await requireAdmin(deps.db, request);
    const provider = providerOf(request);
    const [result] = await deps.discovery.refresh(provider.id);
    if (result === undefined) {
      throw new GatewayError({ code: 'SY_UNSUPPORTED', status: 400, message: `Provider "${provider.id}" has no model-list endpoint (discovery: none).` });
    }
    if (result.error !== undefined) throw new GatewayError({ code: 'SY_UPSTREAM_ERROR', status: 502, message: result.error });
    return reply.send({ provider: provider.id, discovered: result.models, models: deps.state.current().providers.get(provider.id)?.models ?? [] });
  });

  app.post('/api/models/refresh', async (request, reply) => {
    await requireAdmin(deps.db, request);
    return reply.send({ results: await deps.discovery.refresh() });
  });
}
