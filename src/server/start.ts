import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { ConfigError, loadConfig, type LoadConfigOptions, type LoadedConfig } from '../config/load.js';
import type { CounterBackend } from '../policy/counters.js';
import { createEnforcer, type Enforcer } from '../policy/enforcer.js';
import { createMemoryCounters } from '../policy/memory-counters.js';
import { createAlertNotifier } from './alert-notifier.js';
import { seedSpendCounters } from './seed-counters.js';
import { createUsageQueue, type UsageQueue } from '../pipeline/usage-queue.js';
import { protocols } from '../protocols/registry.js';
import { createUpstreamClient } from '../providers/upstream-client.js';
import { createSecretBox } from '../secrets/envelope.js';
import { loadMasterKey } from '../secrets/master-key.js';
import { openDatabase, type Db } from '../store/database.js';
import { ensureAdminToken } from './admin-token.js';
import { createApp } from './app.js';
import { createModelDiscovery, type ModelDiscovery } from './model-discovery.js';
import { registerModelAdminRoutes } from './routes/admin-models.js';
import type { Router } from '../routing/router.js';
import { createRouting } from './routing.js';
import { createStateHolder, type StateHolder } from './state.js';
import { writeUsageRecords } from './usage-writer.js';

export interface RunningGateway {
  app: FastifyInstance;
  /** Live routing state: health, circuit breakers, session pins. */
  router: Router;
  config: LoadedConfig;
  db: Db;
  state: StateHolder;
  /** Providers' model lists, refreshed on a schedule and on demand. */
  discovery: ModelDiscovery;
  usage: UsageQueue;
  enforcer: Enforcer;
  /** http://host:port */
  url: string;
  /** Set on first start only: the admin token, to show once. */
  adminToken?: string;
  /** Stops taking requests, drains in-flight streams, flushes usage, closes the store. */
  close(): Promise<void>;
}

export interface StartOptions extends LoadConfigOptions {
  logger?: Logger;
  /** The clock for budgets, rate windows and key expiry (tests move it). */
  now?: () => number;
}

async function createCounters(config: LoadedConfig, now: () => number): Promise<CounterBackend> {
  if (config.counterBackend === 'redis') {
    if (config.redisUrl === undefined) throw new ConfigError('counterBackend "redis" needs redisUrl (e.g. redis://127.0.0.1:6379)');
    // Loaded only when configured: ioredis costs a few MB of RSS (9 MB imported on its own) in a process that never uses it.
    const { createRedisCounters } = await import('../policy/redis-counters.js');
    return createRedisCounters({ url: config.redisUrl });
  }
  return createMemoryCounters({ now });
}

export async function startGateway(options: StartOptions = {}): Promise<RunningGateway> {
  const config = loadConfig(options);
  const logger = options.logger ?? pino({ level: config.logLevel });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const master = loadMasterKey({ dataDir: config.dataDir, ...(config.masterKey === undefined ? {} : { configured: config.masterKey }) });
  if (master.created) logger.info({ path: master.path }, 'created a new master key for secrets at rest');
  const box = createSecretBox(master.key);
  const db = await openDatabase({ dataDir: config.dataDir, ...(config.databaseUrl === undefined ? {} : { url: config.databaseUrl }) });
  const admin = await ensureAdminToken(db, config.adminToken);
  const state = await createStateHolder({ config, db, box, onError: (error) => logger.error({ err: error }, 'state reload failed') });
  const usage = createUsageQueue({
    write: (records) => writeUsageRecords(db, records),
    flushIntervalMs: config.usageFlushMs,
    maxPending: config.usageMaxPending,
    onError: (error, records) => logger.error({ err: error, count: records.length }, 'usage batch write failed; will retry'),
  });
  const upstream = createUpstreamClient({
    connectMs: config.upstreamConnectTimeoutMs,
    headersMs: config.upstreamHeadersTimeoutMs,
    bodyMs: config.upstreamBodyTimeoutMs,
  });
  const { router, resilience } = createRouting(config.routing);
  const now = options.now ?? Date.now;
  const counters = await createCounters(config, now);
  if (counters.name === 'memory') await seedSpendCounters({ db, snapshot: state.current(), backend: counters, now: now() });
  const enforcer = createEnforcer({
    backend: counters,
    now,
    onAlert: createAlertNotifier({ logger, ...(config.alertWebhookUrl === undefined ? {} : { webhookUrl: config.alertWebhookUrl }) }),
  });
  let draining = false;
  const app = createApp({
    state,
    protocols,
    upstream,
    usage,
    router,
    resilience,
    db,
    enforcer,
    now,
    logger,
    bodyLimit: config.bodyLimit,
    admin: { db, box, reload: () => state.reload(), exposed: config.exposeAdminApi },
    isDraining: () => draining,
  });
  const discovery = createModelDiscovery({
    state,
    intervalMs: config.modelDiscoveryIntervalMs,
    onError: (result) => logger.warn({ provider: result.provider, error: result.error }, 'model discovery failed; keeping the known models'),
  });
  registerModelAdminRoutes(app, { db, state, discovery });
  // A burst of new connections (1,000 agents at once) overflows the default accept backlog of 511,
  // and a dropped SYN is retried only after a second: ask for the most the kernel allows.
  await app.listen({ host: config.host, port: config.port, backlog: 4096 });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      // Stop accepting; idle keep-alive sockets close now, in-flight requests
      // and streams run to the end (or until the grace period runs out).
      const closed = app.close();
      const grace = setTimeout(() => app.server.closeAllConnections(), config.shutdownGraceMs);
      grace.unref();
      await closed;
      clearTimeout(grace);
      await usage.close();
      discovery.close();
      await counters.close();
      state.close();
      await upstream.close();
      await db.destroy();
    })();
    return closing;
  };

  return {
    app,
    router,
    config,
    db,
    state,
    discovery,
    usage,
    enforcer,
    url: `http://${host}:${address.port}`,
    ...(admin.token === undefined ? {} : { adminToken: admin.token }),
    close,
  };
}
