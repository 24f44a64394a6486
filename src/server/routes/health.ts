import type { FastifyInstance } from 'fastify';
import type { AppDependencies } from '../app.js';

export function registerHealthRoutes(app: FastifyInstance, deps: AppDependencies): void {
  app.get('/healthz', (_request, reply) => {
    void reply.send({ status: 'ok' });
  });
  app.get('/readyz', (_request, reply) => {
    if (deps.isDraining()) {
      void reply.code(503).send({ status: 'draining' });
      return;
    }
    void reply.send({ status: 'ready', providers: deps.state.current().providers.size });
  });
  // Claude Code sends HEAD / to its base URL before the first request.
  app.head('/', (_request, reply) => {
    void reply.code(200).send();
  });
  app.get('/', (_request, reply) => {
    void reply.send({ name: 'switchyard', status: 'ok' });
  });
}
