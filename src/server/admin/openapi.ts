import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path under /api ("/keys/:id"). */
  path: string;
  tag: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Success status (default 200). */
  status?: number;
  /** Reachable without a session or token (sign-in). */
  public?: boolean;
  handle(call: { request: FastifyRequest; reply: FastifyReply; body: unknown }): Promise<unknown>;
}

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

/** OpenAPI 3.1 for the admin API, built from the same route list and zod schemas the server uses. */
export function buildOpenApi(routes: readonly AdminRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/api${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
    const parameters: unknown[] = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (route.query !== undefined) {
      const query = jsonSchema(route.query) as { properties?: Record<string, unknown> };
      for (const [name, schema] of Object.entries(query.properties ?? {})) parameters.push({ name, in: 'query', required: false, schema });
    }
    const status = String(route.status ?? 200);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      tags: [route.tag],
      summary: route.summary,
      ...(parameters.length === 0 ? {} : { parameters }),
      ...(route.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } }),
      ...(route.public === true ? { security: [] } : {}),
      responses: {
        [status]: { description: status === '204' ? 'Done' : 'OK' },
        '400': { description: 'Invalid input' },
        '401': { description: 'No admin token or session' },
        '404': { description: 'Not found' },
      },
    };
  }
  paths['/api/openapi.json'] = { get: { tags: ['meta'], summary: 'This document', security: [], responses: { '200': { description: 'OK' } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Switchyard admin API', version: '1' },
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token printed on first start' },
        session: { type: 'apiKey', in: 'cookie', name: 'sy_session', description: 'Dashboard session; mutating requests also send X-CSRF-Token' },
      },
    },
    security: [{ adminToken: [] }, { session: [] }],
    paths,
  };
}
