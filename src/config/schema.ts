import { z } from 'zod';
import { protocolIds } from '../core/protocol.js';

/**
 * The configuration, validated at start. Every object is strict: an unknown
 * or mistyped key is refused with a message naming it. Values come from an
 * optional YAML file, overridden by SWITCHYARD_* environment variables.
 */
const priceSchema = z
  .object({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cacheRead: z.number().nonnegative().optional(),
    cacheWrite: z.number().nonnegative().optional(),
  })
  .strict();

const providerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'provider ids are lowercase letters, digits, ".", "_" and "-"'),
    name: z.string().optional(),
    protocol: z.enum(protocolIds).default('openai-chat'),
    baseUrl: z.url(),
    apiKey: z.string().optional(),
    /** Read the key from this environment variable instead of the file. */
    apiKeyEnv: z.string().optional(),
    headers: z.record(z.string(), z.string()).default({}),
    models: z.array(z.string()).default([]),
    /** model → USD per million tokens. */
    prices: z.record(z.string(), priceSchema).default({}),
    enabled: z.boolean().default(true),
  })
  .strict();

export const configSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8787),
    /** Where the database, master key and other state live. */
    dataDir: z.string().optional(),
    /** SQLite file path or postgres:// URL; default: SQLite in dataDir. */
    databaseUrl: z.string().optional(),
    /** Base64 32-byte key for secrets at rest; default: dataDir/master.key (created 0600). */
    masterKey: z.string().optional(),
    /** Admin API token; default: generated on first start and printed once. */
    adminToken: z.string().min(16).optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Largest request body accepted, in bytes (coding agents send large prompts and images). */
    bodyLimit: z.coerce.number().int().positive().default(32 * 1024 * 1024),
    /** Usage rows are written in batches at most this often (ms). */
    usageFlushMs: z.coerce.number().int().positive().default(1000),
    /** How long shutdown waits for in-flight streams before closing them (ms). */
    shutdownGraceMs: z.coerce.number().int().nonnegative().default(30_000),
    /** Upstream timeouts (ms): connect, first byte (headers), and between body chunks. */
    upstreamConnectTimeoutMs: z.coerce.number().int().positive().default(10_000),
    upstreamHeadersTimeoutMs: z.coerce.number().int().positive().default(300_000),
    upstreamBodyTimeoutMs: z.coerce.number().int().positive().default(300_000),
    /** Where rate-limit, budget and concurrency counters live: one process (memory) or shared by replicas (redis). */
    counterBackend: z.enum(['memory', 'redis']).default('memory'),
    /** redis://host:port/db, required when counterBackend is redis. */
    redisUrl: z.string().optional(),
    /** Budget alerts are POSTed here as JSON (besides the log). */
    alertWebhookUrl: z.url().optional(),
    /** The admin API answers only loopback clients unless this is true. */
    exposeAdminApi: z.boolean().default(false),
    providers: z.array(providerSchema).default([]),
    /** alias → "provider/model". */
    aliases: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
