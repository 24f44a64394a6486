import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'fastify/types/logger.js';
import { GatewayError, toGatewayError } from '../core/errors.js';
import { isProtocolId, type ProtocolId } from '../core/protocol.js';
import type { ProtocolDefinition } from '../protocols/codec.js';
import type { UpstreamClient } from '../providers/upstream-client.js';
import type { UsageSink } from '../pipeline/usage-record.js';
import type { ResilienceOptions } from '../pipeline/backoff.js';
import type { Router } from '../routing/router.js';
import type { Db } from '../store/database.js';
import { createEnforcer, type Enforcer } from '../policy/enforcer.js';
import { createMemoryCounters } from '../policy/memory-counters.js';
import { registerAdminApi, type AdminDependencies } from './admin/routes.js';
import { keepRawBody } from './raw-body.js';
import type { StateHolder } from './state.js';
import { registerGeminiRoutes } from './routes/gemini.js';
import { registerAdminProbeRoutes } from './routes/admin-probes.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerAnthropicMessagesRoutes } from './routes/anthropic-messages.js';
import { registerModelRoutes } from './routes/models.js';
import { registerOpenAIChatRoutes } from './routes/openai-chat.js';
import { registerOpenAIResponsesRoutes } from './routes/openai-responses.js';

export interface AppDependencies {
  state: StateHolder;
  protocols: Partial<Record<ProtocolId, ProtocolDefinition>>;
  upstream: UpstreamClient;
  usage: UsageSink;
  /** Live routing state (health, breakers, pools, affinity) and retry policy. */
  router: Router;
  resilience: ResilienceOptions;
  db: Db;
  /** Rate limits, budgets and concurrency (policy/enforcer.ts); default: in-memory counters. */
  enforcer?: Enforcer;
  /** The clock for key expiry (tests inject one); default Date.now. */
  now?: () => number;
  logger: FastifyBaseLogger;
  bodyLimit: number;
  /** The admin API under /api/ (absent: not served). */
  admin?: AdminDependencies;
  /** True once the server is shutting down: readiness fails, new requests are refused. */
  isDraining(): boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The wire protocol of a route: its errors render in that protocol's shape. */
    protocol?: ProtocolId;
  }
}

export function protocolOfRequest(request: FastifyRequest): ProtocolId {
  const protocol = request.routeOptions.config.protocol;
  return isProtocolId(protocol) ? protocol : 'openai-chat';
}

/**
 * Clients keep any path prefix of their base URL (base
 * http://host/switchyard → /switchyard/v1/messages), so everything before
 * the first /v1/ or /v1beta/ segment is dropped.
 */
export function stripBasePrefix(url: string): string {
  const at = url.search(/\/v1(beta)?\//);
  return at > 0 ? url.slice(at) : url;
}

/**
 * The per-request logger, made only when something logs. Fastify gives
 * every request a pino child bound to its id; building it (serialising the
 * bindings) cost ~2 % of the gateway's CPU per small request in the
 * profile, and almost no request logs anything. Log lines that are
 * written carry the same bindings as before.
 */
class LazyRequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildLoggerOptions;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #real(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    return this.#child;
  }

  #forward(method: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent', args: unknown[]): void {
    const logger = this.#real();
    Reflect.apply(logger[method], logger, args);
  }

  get level(): FastifyBaseLogger['level'] {
    return this.#real().level;
  }

  set level(level: FastifyBaseLogger['level']) {
    this.#real().level = level;
  }

  fatal(...args: unknown[]): void {
    this.#forward('fatal', args);
  }

  error(...args: unknown[]): void {
    this.#forward('error', args);
  }

  warn(...args: unknown[]): void {
    this.#forward('warn', args);
  }

  info(...args: unknown[]): void {
    this.#forward('info', args);
  }

  debug(...args: unknown[]): void {
    this.#forward('debug', args);
  }

  trace(...args: unknown[]): void {
    this.#forward('trace', args);
  }

  silent(...args: unknown[]): void {
    this.#forward('silent', args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
}

export function createApp(given: AppDependencies): FastifyInstance {
  // Apps built without policy wiring (unit tests) still enforce plans, in memory.
  const deps: AppDependencies = { ...given, enforcer: given.enforcer ?? createEnforcer({ backend: createMemoryCounters() }), now: given.now ?? Date.now };
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.bodyLimit,
    // One line per request is the usage row; the log keeps errors.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    childLoggerFactory: (logger, bindings, options) => new LazyRequestLogger(logger, bindings, options),
    return503OnClosing: false,
    rewriteUrl: (request) => stripBasePrefix(request.url ?? '/'),
  });

  // One JSON.parse, no prototype-poisoning scan: bodies are read as plain data
  // and never merged into objects.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(bytes.toString('utf8'));
      keepRawBody(request, bytes);
      done(null, parsed);
    } catch (error) {
      done(new GatewayError({ code: 'SY_INVALID_JSON', status: 400, message: `The request body is not valid JSON: ${(error as Error).message}`, cause: error }), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch (error) {
      done(new GatewayError({ code: 'SY_INVALID_JSON', status: 400, message: 'The request body must be JSON (Content-Type: application/json).', cause: error }), undefined);
    }
  });

  app.setErrorHandler((thrown, request, reply) => {
    let error: GatewayError;
    const fastifyCode = (thrown as { code?: string }).code;
    if (thrown instanceof GatewayError) error = thrown;
    else if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      error = new GatewayError({ code: 'SY_BODY_TOO_LARGE', status: 413, message: `The request body is larger than the limit of ${deps.bodyLimit} bytes.` });
    } else if (typeof (thrown as { statusCode?: number }).statusCode === 'number' && (thrown as { statusCode: number }).statusCode < 500) {
      error = new GatewayError({ code: 'SY_BAD_REQUEST', status: (thrown as { statusCode: number }).statusCode, message: (thrown as Error).message });
    } else {
      error = toGatewayError(thrown);
    }
    if (error.status >= 500) request.log.error({ err: thrown, requestId: request.id }, 'request failed');
    const definition = deps.protocols[protocolOfRequest(request)] ?? deps.protocols['openai-chat'];
    if (definition === undefined) {
      void reply.code(error.status).send({ error: { message: error.message, code: error.code } });
      return;
    }
    const rendered = definition.renderError(error);
    void reply
      .code(rendered.status)
      .headers({ ...rendered.headers, 'x-request-id': request.id })
      .send(rendered.body);
  });

  app.setNotFoundHandler((request, reply) => {
    const error = new GatewayError({ code: 'SY_NOT_FOUND', status: 404, message: `No route for ${request.method} ${request.url.split('?')[0] ?? ''}` });
    // Each API's clients get its error shape: /v1beta/ is only Gemini's surface,
    // and Anthropic clients always send anthropic-version.
    const protocol = request.url.startsWith('/v1beta/') ? 'gemini' : typeof request.headers['anthropic-version'] === 'string' ? 'anthropic-messages' : 'openai-chat';
    const definition = deps.protocols[protocol] ?? deps.protocols['openai-chat'];
    const rendered = definition?.renderError(error) ?? { status: 404, body: { error: { message: error.message } } };
    void reply.code(rendered.status).send(rendered.body);
  });

  registerHealthRoutes(app, deps);
  registerOpenAIChatRoutes(app, deps);
  registerAdminProbeRoutes(app, deps);
  registerAnthropicMessagesRoutes(app, deps);
  registerModelRoutes(app, deps);
  registerGeminiRoutes(app, deps);
  registerOpenAIResponsesRoutes(app, deps);
  if (deps.admin !== undefined) registerAdminApi(app, deps.admin);
  return app;
}
