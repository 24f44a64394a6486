import { z } from 'zod';
import { protocolIds } from '../../core/protocol.js';
import { resetPeriods } from '../../policy/plan.js';
import { routingStrategies } from '../../routing/chain.js';

/**
 * The admin API's inputs, validated at the edge. The same schemas feed the
 * OpenAPI document and the CLI, so the three never disagree.
 */
const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-", at most 64');
const nullableCount = z.number().int().positive().nullable().optional();

/** Epoch ms, or an ISO date-time. */
const timestamp = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((value) => Date.parse(value))]);

export const keySettingsSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    enabled: z.boolean().optional(),
    expiresAt: timestamp.nullable().optional(),
    groupId: identifier.nullable().optional(),
    planId: z.string().min(1).nullable().optional(),
    defaultModel: z.string().min(1).nullable().optional(),
    allowedModels: z.array(z.string().min(1)).nullable().optional(),
    systemPrompt: z.string().max(100_000).nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional(),
    tags: z.array(z.string().min(1).max(100)).nullable().optional(),
  })
  .strict();
export type KeySettingsInput = z.infer<typeof keySettingsSchema>;

export const planSchema = z
  .object({
    name: z.string().min(1).max(200),
    /** USD, converted to integer micro-dollars; or give spendLimitMicros. */
    spendLimitUsd: z.number().nonnegative().nullable().optional(),
    spendLimitMicros: z.number().int().nonnegative().nullable().optional(),
    tokenLimit: nullableCount,
    rpm: nullableCount,
    tpm: nullableCount,
    concurrency: nullableCount,
    requestsPerHour: nullableCount,
    requestsPerDay: nullableCount,
    maxInputTokens: nullableCount,
    maxOutputTokens: nullableCount,
    resetPeriod: z.enum(resetPeriods).default('monthly'),
    allowedModels: z.array(z.string().min(1)).default([]),
    alertThresholdPercent: z.number().int().min(1).max(100).nullable().optional(),
    hardCutoff: z.boolean().default(true),
  })
  .strict();
export type PlanBody = z.infer<typeof planSchema>;

export const groupSchema = z
  .object({
    id: identifier,
    name: z.string().min(1).max(200).optional(),
    defaultPlanId: z.string().min(1).nullable().optional(),
  })
  .strict();

const priceSchema = z
  .object({ input: z.number().nonnegative(), output: z.number().nonnegative(), cacheRead: z.number().nonnegative().optional(), cacheWrite: z.number().nonnegative().optional() })
  .strict();

export const providerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'provider ids are lowercase letters, digits, ".", "_" and "-"'),
    name: z.string().optional(),
    protocol: z.enum(protocolIds).default('openai-chat'),
    baseUrl: z.url(),
    headers: z.record(z.string(), z.string()).default({}),
    models: z.array(z.string()).default([]),
    prices: z.record(z.string(), priceSchema).optional(),
    enabled: z.boolean().default(true),
    groupId: identifier.nullable().optional(),
  })
  .strict();

export const credentialSchema = z
  .object({
    /** Write-only: stored encrypted, never returned; reads show the last four characters. */
    secret: z.string().min(1),
    label: z.string().max(200).optional(),
    groupId: identifier.nullable().optional(),
  })
  .strict();

export const aliasSchema = z.object({ target: z.string().min(1), groupId: identifier.nullable().optional() }).strict();

export const chainSchema = z
  .object({
    strategy: z.enum(routingStrategies).default('priority'),
    steps: z.array(z.object({ target: z.string().min(1), tier: z.number().int().nonnegative().optional(), weight: z.number().positive().optional() }).strict()).min(1),
    affinity: z.boolean().default(false),
    groupId: identifier.nullable().optional(),
  })
  .strict();

export const usageQuerySchema = z
  .object({
    keyId: z.string().optional(),
    groupId: z.string().optional(),
    provider: z.string().optional(),
    model: z.string().optional(),
    status: z.coerce.number().int().optional(),
    errors: z.enum(['true', 'false']).optional(),
    from: z.coerce.number().int().optional(),
    to: z.coerce.number().int().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const aggregateQuerySchema = z
  .object({
    by: z.enum(['key', 'model', 'provider', 'group', 'day']).default('day'),
    keyId: z.string().optional(),
    groupId: z.string().optional(),
    provider: z.string().optional(),
    model: z.string().optional(),
    from: z.coerce.number().int().optional(),
    to: z.coerce.number().int().optional(),
  })
  .strict();

export const loginSchema = z.object({ password: z.string().min(1).max(1000) }).strict();
export const passwordSchema = z.object({ password: z.string().min(12, 'use at least 12 characters').max(1000) }).strict();
