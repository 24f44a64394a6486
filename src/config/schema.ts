import { z } from 'zod';
import { protocolIds } from '../core/protocol.js';
import { chainSchema, routingSchema, upstreamTimeoutsSchema } from './routing-schema.js';

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

/**
 * A provider. With `preset` (an id from the provider catalog,
 * src/providers/catalog/presets.ts) the protocol, base URL, auth scheme,
 * headers, models and prices come from the catalog and any field given here
 * overrides them (headers and prices merge, key by key). Preset ids, auth
 * schemes and adapters are checked against the catalog when the server
 * builds its providers (server/provider-from-config.ts), since config/ does
 * not depend on providers/.
 */
const providerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'provider ids are lowercase letters, digits, ".", "_" and "-"'),
    preset: z.string().optional(),
    name: z.string().optional(),
    protocol: z.enum(protocolIds).optional(),
    baseUrl: z.url().optional(),
    /** bearer | x-api-key | api-key | x-goog-api-key | query-key | sigv4 | google-service-account | none */
    auth: z.string().optional(),
    /** openai | anthropic | gemini | ollama | none: where to list models (default: the preset's, else the protocol's); none keeps `models` fixed. */
    discovery: z.string().optional(),
    /** azure | vertex | bedrock: the adapter for a provider whose wire differs. */
    adapter: z.string().optional(),
    apiKey: z.string().optional(),
    /** Read the key from this environment variable instead of the file. */
    apiKeyEnv: z.string().optional(),
    /** Several keys of one provider: a credential pool the router spreads load over. */
    apiKeys: z.array(z.string().min(1)).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    models: z.array(z.string()).optional(),
    /** model → USD per million tokens; wins over the price catalog. */
    prices: z.record(z.string(), priceSchema).default({}),
    enabled: z.boolean().default(true),
    /** Values for {placeholders} in a preset's base URL. */
    params: z.record(z.string(), z.string()).default({}),
    /** Cloudflare Workers AI account. */
    accountId: z.string().optional(),
    /** Azure OpenAI: {resource}.openai.azure.com, the deployment (default: the model name), and the api-version ("v1" for the v1 API). */
    resource: z.string().optional(),
    deployment: z.string().optional(),
    apiVersion: z.string().optional(),
    /** Vertex AI: project (default: the service account's project_id), location (default us-central1), service-account JSON key file. */
    project: z.string().optional(),
    location: z.string().optional(),
    serviceAccountFile: z.string().optional(),
    /** AWS Bedrock: region and keys (default: AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). */
    region: z.string().optional(),
    accessKeyId: z.string().optional(),
    secretAccessKey: z.string().optional(),
    sessionToken: z.string().optional(),
    /** Overrides of the global upstream timeouts for this provider. */
    timeouts: upstreamTimeoutsSchema.optional(),
  })
  .strict()
  .refine((provider) => provider.preset !== undefined || provider.baseUrl !== undefined, {
    message: 'a provider needs a preset or a baseUrl',
    path: ['baseUrl'],
  });

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
    /** Usage records held while the store is failing before new requests are refused (503). */
    usageMaxPending: z.coerce.number().int().positive().default(100_000),
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
    /** How often to refresh providers' model lists from their APIs (ms); 0 turns the schedule off. */
    modelDiscoveryIntervalMs: z.coerce.number().int().nonnegative().default(3_600_000),
    /** alias → "provider/model". */
    aliases: z.record(z.string(), z.string()).default({}),
    /** chain name → strategy and ordered steps (clients ask for "NAME" or "chain:NAME"). */
    chains: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'chain names are letters, digits, ".", "_" and "-"'), chainSchema).default({}),
    /** Retries, circuit breaker, credential pools and session affinity. */
    routing: routingSchema.prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
