import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../../core/errors.js';
import type { SecretBox } from '../../secrets/envelope.js';
import type { Db } from '../../store/database.js';
import { verifyAdminToken } from '../admin-token.js';
import { buildOpenApi, type AdminRoute } from './openapi.js';
import {
  aggregateQuerySchema,
  aliasSchema,
  chainSchema,
  credentialSchema,
  groupSchema,
  keySettingsSchema,
  loginSchema,
  passwordSchema,
  planSchema,
  providerSchema,
  usageQuerySchema,
} from './schemas.js';
import * as service from './service.js';
import { cookieValue, createLockout, csrfMatches, issueSession, readSession, sessionCookie, sessionTtlMs, setAdminPassword, verifyAdminPassword, type Lockout } from './session.js';

export interface AdminDependencies {
  db: Db;
  box: SecretBox;
  /** Rebuild this process's snapshot after a write. */
  reload(): Promise<void>;
  /** false (default): only loopback clients reach /api/. */
  exposed: boolean;
  lockout?: Lockout;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An admin route reachable without a token or session (sign-in, the OpenAPI document). */
    adminPublic?: boolean;
  }
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function adminTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match?.[1] !== undefined) return match[1].trim();
  }
  const token = request.headers['x-admin-token'];
  return typeof token === 'string' && token !== '' ? token : undefined;
}

const unauthorized = (message: string) => new GatewayError({ code: 'SY_UNAUTHORIZED', status: 401, message });

function lockedOut(seconds: number): GatewayError {
  return new GatewayError({ code: 'SY_RATE_LIMITED', status: 429, retryable: true, retryAfterSeconds: seconds, message: `Too many failed sign-in attempts from this address; try again in ${seconds} s.` });
}

const idParam = (request: FastifyRequest, name = 'id'): string => (request.params as Record<string, string>)[name] ?? '';

/**
 * The admin API under /api/: CRUD for keys, plans, groups, providers,
 * credentials, aliases and chains; usage and aggregates; sessions. Every
 * route is listed once in `routes`, which also produces /api/openapi.json.
 */
export function registerAdminApi(app: FastifyInstance, deps: AdminDependencies): void {
  const lockout = deps.lockout ?? createLockout();
  const context: service.AdminContext = { db: deps.db, box: deps.box, afterWrite: () => deps.reload() };

  const routes: AdminRoute[] = [
    { method: 'GET', path: '/keys', tag: 'keys', summary: 'List gateway keys (never their secrets)', handle: () => service.listKeys(context) },
    { method: 'POST', path: '/keys', tag: 'keys', summary: 'Create a key; the secret is in this answer only', body: keySettingsSchema, status: 201, handle: ({ body }) => service.createKey(context, body) },
    { method: 'GET', path: '/keys/:id', tag: 'keys', summary: 'One key', handle: ({ request }) => service.getKey(context, idParam(request)) },
    { method: 'PATCH', path: '/keys/:id', tag: 'keys', summary: 'Change a key (enable/disable, expiry, group, plan, models, prompt, tags)', body: keySettingsSchema, handle: ({ request, body }) => service.updateKey(context, idParam(request), body) },
    { method: 'POST', path: '/keys/:id/rotate', tag: 'keys', summary: 'New secret for the same key; the old one stops working', handle: ({ request }) => service.rotateKey(context, idParam(request)) },
    { method: 'DELETE', path: '/keys/:id', tag: 'keys', summary: 'Delete a key', status: 204, handle: ({ request }) => service.deleteKey(context, idParam(request)) },

    { method: 'GET', path: '/plans', tag: 'plans', summary: 'List plans', handle: () => service.listPlanViews(context) },
    { method: 'POST', path: '/plans', tag: 'plans', summary: 'Create a plan', body: planSchema, status: 201, handle: ({ body }) => service.createPlan(context, body) },
    { method: 'GET', path: '/plans/:id', tag: 'plans', summary: 'One plan', handle: ({ request }) => service.getPlanView(context, idParam(request)) },
    { method: 'PUT', path: '/plans/:id', tag: 'plans', summary: 'Replace a plan', body: planSchema, handle: ({ request, body }) => service.replacePlan(context, idParam(request), body) },
    { method: 'DELETE', path: '/plans/:id', tag: 'plans', summary: 'Delete an unused plan', status: 204, handle: ({ request }) => service.removePlan(context, idParam(request)) },

    { method: 'GET', path: '/groups', tag: 'groups', summary: 'List groups', handle: () => service.listGroupViews(context) },
    { method: 'POST', path: '/groups', tag: 'groups', summary: 'Create or update a group', body: groupSchema, status: 201, handle: ({ body }) => service.putGroup(context, body) },
    { method: 'DELETE', path: '/groups/:id', tag: 'groups', summary: 'Delete a group', status: 204, handle: ({ request }) => service.removeGroup(context, idParam(request)) },

    { method: 'GET', path: '/providers', tag: 'providers', summary: 'List stored providers with masked credentials', handle: () => service.listProviderViews(context) },
    { method: 'POST', path: '/providers', tag: 'providers', summary: 'Create or update a provider', body: providerSchema, status: 201, handle: ({ body }) => service.putProvider(context, body) },
    { method: 'GET', path: '/providers/:id', tag: 'providers', summary: 'One provider', handle: ({ request }) => service.getProviderView(context, idParam(request)) },
    { method: 'DELETE', path: '/providers/:id', tag: 'providers', summary: 'Delete a provider and its credentials', status: 204, handle: ({ request }) => service.removeProvider(context, idParam(request)) },
    { method: 'POST', path: '/providers/:id/credentials', tag: 'credentials', summary: 'Add a credential (write-only secret)', body: credentialSchema, status: 201, handle: ({ request, body }) => service.addProviderCredential(context, idParam(request), body) },
    { method: 'GET', path: '/credentials', tag: 'credentials', summary: 'List credentials (hint only)', handle: () => service.listCredentialViews(context) },
    { method: 'DELETE', path: '/credentials/:id', tag: 'credentials', summary: 'Delete a credential', status: 204, handle: ({ request }) => service.removeCredential(context, idParam(request)) },

    { method: 'GET', path: '/aliases', tag: 'routing', summary: 'List aliases', handle: () => service.listAliasViews(context) },
    { method: 'PUT', path: '/aliases/:name', tag: 'routing', summary: 'Create or change an alias', body: aliasSchema, handle: ({ request, body }) => service.putAlias(context, idParam(request, 'name'), body) },
    { method: 'DELETE', path: '/aliases/:name', tag: 'routing', summary: 'Delete an alias', status: 204, handle: ({ request }) => service.removeAlias(context, idParam(request, 'name')) },
    { method: 'GET', path: '/chains', tag: 'routing', summary: 'List chains', handle: () => service.listChainViews(context) },
    { method: 'PUT', path: '/chains/:name', tag: 'routing', summary: 'Create or change a chain', body: chainSchema, handle: ({ request, body }) => service.putChain(context, idParam(request, 'name'), body) },
    { method: 'DELETE', path: '/chains/:name', tag: 'routing', summary: 'Delete a chain', status: 204, handle: ({ request }) => service.removeChain(context, idParam(request, 'name')) },

    { method: 'GET', path: '/usage', tag: 'usage', summary: 'Request log, newest first, with filters', query: usageQuerySchema, handle: ({ request }) => service.queryUsage(context, request.query) },
    { method: 'GET', path: '/usage/aggregate', tag: 'usage', summary: 'Totals per key, model, provider, group or day', query: aggregateQuerySchema, handle: ({ request }) => service.queryAggregates(context, request.query) },

    {
      method: 'POST',
      path: '/session',
      tag: 'session',
      summary: 'Dashboard sign-in: sets an HttpOnly session cookie, returns the CSRF token',
      body: loginSchema,
      public: true,
      handle: async ({ request, reply, body }) => {
        const address = request.ip;
        const locked = lockout.lockedFor(address);
        if (locked > 0) throw lockedOut(locked);
        const { password } = service.parseInput(loginSchema, body);
        if (!(await verifyAdminPassword(deps.db, password))) {
          lockout.fail(address);
          throw unauthorized('Wrong password.');
        }
        lockout.succeed(address);
        const { cookie, session } = await issueSession(deps.db);
        const secure = request.protocol === 'https' ? '; Secure' : '';
        void reply.header('set-cookie', `${sessionCookie}=${cookie}; HttpOnly; SameSite=Strict; Path=/api; Max-Age=${sessionTtlMs / 1000}${secure}`);
        return { csrfToken: session.csrfToken, expiresAt: session.expiresAt };
      },
    },
    {
      method: 'DELETE',
      path: '/session',
      tag: 'session',
      summary: 'Sign out (clears the cookie)',
      status: 204,
      handle: ({ reply }) => {
        void reply.header('set-cookie', `${sessionCookie}=; HttpOnly; SameSite=Strict; Path=/api; Max-Age=0`);
        return Promise.resolve(undefined);
      },
    },
    {
      method: 'PUT',
      path: '/admin/password',
      tag: 'session',
      summary: 'Set the dashboard password (signs every session out)',
      body: passwordSchema,
      status: 204,
      handle: async ({ body }) => {
        await setAdminPassword(deps.db, service.parseInput(passwordSchema, body).password);
      },
    },
  ];
  // Built on first request: converting every schema to JSON Schema at start
  // cost ~1.5 MB of heap in a process that may never serve the document.
  let openApi: Record<string, unknown> | undefined;

  app.register(
    (scope, _options, done) => {
      scope.addHook('onRequest', async (request) => {
        if (!deps.exposed && !isLoopback(request.socket.remoteAddress)) {
          throw new GatewayError({ code: 'SY_FORBIDDEN', status: 403, message: 'The admin API answers loopback clients only (set exposeAdminApi: true to change that).' });
        }
        if (request.routeOptions.config.adminPublic === true) return;
        const address = request.ip;
        const locked = lockout.lockedFor(address);
        if (locked > 0) throw lockedOut(locked);
        const token = adminTokenOf(request);
        if (token !== undefined) {
          if (await verifyAdminToken(deps.db, token)) return;
          lockout.fail(address);
          throw unauthorized('Invalid admin token.');
        }
        const cookie = cookieValue(request.headers.cookie, sessionCookie);
        const session = cookie === undefined ? undefined : await readSession(deps.db, cookie);
        if (session === undefined) throw unauthorized('Send the admin token as "Authorization: Bearer <token>", or sign in (POST /api/session).');
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          const header = request.headers['x-csrf-token'];
          if (!csrfMatches(session, typeof header === 'string' ? header : undefined)) {
            throw new GatewayError({ code: 'SY_FORBIDDEN', status: 403, message: 'Missing or wrong X-CSRF-Token header for a session request.' });
          }
        }
      });
      scope.get('/openapi.json', { config: { adminPublic: true } }, (_request, reply) => {
        openApi ??= buildOpenApi(routes);
        void reply.send(openApi);
      });
      for (const route of routes) {
        scope.route({
          method: route.method,
          url: route.path,
          config: { adminPublic: route.public === true },
          handler: async (request: FastifyRequest, reply: FastifyReply) => {
            const result = await route.handle({ request, reply, body: request.body });
            if (route.status === 204) return reply.code(204).send();
            return reply.code(route.status ?? 200).send(result);
          },
        });
      }
      done();
    },
    { prefix: '/api' },
  );
}

