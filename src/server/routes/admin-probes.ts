import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { probeProvider, probeRoutes } from '../../pipeline/probe.js';
import type { ProxyDependencies } from '../../pipeline/proxy.js';
import { verifyAdminToken } from '../admin-token.js';
import type { AppDependencies } from '../app.js';

/**
 * Probes from the admin API:
 *   POST /api/probes                 every enabled route, end to end
 *   POST /api/providers/:id/probe    each credential of one provider ({"model"} optional)
 * Both answer {"results": [...]} with one entry per probe (ok, status,
 * latencyMs, who served, the error and its attempts). Guarded by the admin
 * token (Authorization: Bearer <token>) until the shared admin
 * authentication replaces this check.
 */
function adminError(reply: FastifyReply, status: number, code: string, message: string): void {
  void reply.code(status).send({ error: { code, message } });
}

async function isAdmin(deps: AppDependencies, request: FastifyRequest): Promise<boolean> {
  const header = request.headers.authorization;
  const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
  return token !== '' && verifyAdminToken(deps.db, token);
}

function proxyDeps(deps: AppDependencies): ProxyDependencies {
  return { snapshot: deps.state, protocols: deps.protocols, upstream: deps.upstream, usage: deps.usage, router: deps.router, resilience: deps.resilience };
}

export function registerAdminProbeRoutes(app: FastifyInstance, deps: AppDependencies): void {
  app.post('/api/probes', async (request, reply) => {
    if (!(await isAdmin(deps, request))) return adminError(reply, 401, 'SY_UNAUTHORIZED', 'an admin token is required (Authorization: Bearer <admin token>)');
    const results = await probeRoutes(proxyDeps(deps));
    return reply.send({ results });
  });

  app.post<{ Params: { id: string } }>('/api/providers/:id/probe', async (request, reply) => {
    if (!(await isAdmin(deps, request))) return adminError(reply, 401, 'SY_UNAUTHORIZED', 'an admin token is required (Authorization: Bearer <admin token>)');
    const provider = deps.state.current().providers.get(request.params.id);
    if (provider === undefined) return adminError(reply, 404, 'SY_NOT_FOUND', `no provider "${request.params.id}"`);
    const body: unknown = request.body;
    let model: string | undefined;
    if (typeof body === 'object' && body !== null && 'model' in body) {
      const requested = body.model;
      if (typeof requested !== 'string' || requested === '') return adminError(reply, 400, 'SY_BAD_REQUEST', '"model" must be a non-empty string');
      model = requested;
    }
    const results = await probeProvider(proxyDeps(deps), provider, model);
    return reply.send({ results });
  });
}
