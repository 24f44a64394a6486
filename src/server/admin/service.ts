import type { z } from 'zod';
import { GatewayError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import type { SecretBox } from '../../secrets/envelope.js';
import type { Db } from '../../store/database.js';
import { deleteAlias, listAliases, setAlias } from '../../store/repositories/aliases.js';
import { deleteChain, listChains, upsertChain } from '../../store/repositories/chains.js';
import { createGatewayKey, deleteGatewayKey, getGatewayKey, listGatewayKeys, rotateGatewayKey, updateGatewayKey } from '../../store/repositories/gateway-keys.js';
import { deleteGroup, getGroup, listGroups, upsertGroup } from '../../store/repositories/groups.js';
import { deletePlan, getPlan, listPlans, planFromRow, upsertPlan } from '../../store/repositories/plans.js';
import { addCredential, deleteCredential, deleteProvider, getProvider, listCredentials, listProviders, providerRowSettings, upsertProvider } from '../../store/repositories/providers.js';
import { aggregateUsage, listUsage, type UsageAggregate, type UsageRow } from '../../store/repositories/usage.js';
import type { GatewayKeysTable } from '../../store/schema.js';
import { announceStateChange } from '../state.js';
import {
  aggregateQuerySchema,
  aliasSchema,
  chainSchema,
  credentialSchema,
  groupSchema,
  keySettingsSchema,
  planSchema,
  providerSchema,
  usageQuerySchema,
  type PlanBody,
} from './schemas.js';

/**
 * Every admin operation, once: the HTTP API and the CLI both call these, so
 * validation, reference checks and the state announcement are the same
 * whichever way a change arrives.
 */
export interface AdminContext {
  db: Db;
  box: SecretBox;
  /** Called after every write (the server reloads its snapshot; the CLI has nothing to reload). */
  afterWrite?(): Promise<void>;
}

export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const message = result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
    throw new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message: `Invalid input: ${message}` });
  }
  return result.data;
}

function notFound(what: string, id: string): GatewayError {
  return new GatewayError({ code: 'SY_NOT_FOUND', status: 404, message: `No ${what} "${id}".` });
}

function badReference(message: string): GatewayError {
  return new GatewayError({ code: 'SY_BAD_REQUEST', status: 400, message });
}

async function written(context: AdminContext): Promise<void> {
  await announceStateChange(context.db);
  await context.afterWrite?.();
}

async function checkReferences(context: AdminContext, references: { groupId?: string | null; planId?: string | null }): Promise<void> {
  if (references.groupId != null && (await getGroup(context.db, references.groupId)) === undefined) throw badReference(`No group "${references.groupId}".`);
  if (references.planId != null && (await getPlan(context.db, references.planId)) === undefined) throw badReference(`No plan "${references.planId}".`);
}

// ── keys ──────────────────────────────────────────────────────────────────

export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  enabled: boolean;
  createdAt: number;
  expiresAt: number | null;
  groupId: string | null;
  planId: string | null;
  defaultModel: string | null;
  allowedModels: string[];
  systemPrompt: string | null;
  metadata: Record<string, unknown>;
  tags: string[];
}

function keyView(row: GatewayKeysTable): KeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    enabled: row.enabled === 1,
    createdAt: Number(row.created_at),
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    groupId: row.group_id,
    planId: row.plan_id,
    defaultModel: row.default_model,
    allowedModels: row.allowed_models_json === null ? [] : (JSON.parse(row.allowed_models_json) as string[]),
    systemPrompt: row.system_prompt,
    metadata: row.metadata_json === null ? {} : (JSON.parse(row.metadata_json) as Record<string, unknown>),
    tags: row.tags_json === null ? [] : (JSON.parse(row.tags_json) as string[]),
  };
}

async function requireKey(context: AdminContext, id: string): Promise<GatewayKeysTable> {
  const row = await getGatewayKey(context.db, id);
  if (row === undefined) throw notFound('key', id);
  return row;
}

/** The secret is in the answer once and nowhere else. */
export async function createKey(context: AdminContext, body: unknown): Promise<{ key: KeyView; secret: string }> {
  const input = parseInput(keySettingsSchema, body);
  await checkReferences(context, input);
  const created = await createGatewayKey(context.db, input);
  await written(context);
  return { key: keyView(await requireKey(context, created.id)), secret: created.key };
}

export async function listKeys(context: AdminContext): Promise<KeyView[]> {
  return (await listGatewayKeys(context.db)).map(keyView);
}

export async function getKey(context: AdminContext, id: string): Promise<KeyView> {
  return keyView(await requireKey(context, id));
}

export async function updateKey(context: AdminContext, id: string, body: unknown): Promise<KeyView> {
  const input = parseInput(keySettingsSchema, body);
  await requireKey(context, id);
  await checkReferences(context, input);
  await updateGatewayKey(context.db, id, input);
  await written(context);
  return keyView(await requireKey(context, id));
}

export async function rotateKey(context: AdminContext, id: string): Promise<{ key: KeyView; secret: string }> {
  const rotated = await rotateGatewayKey(context.db, id);
  if (rotated === undefined) throw notFound('key', id);
  await written(context);
  return { key: keyView(await requireKey(context, id)), secret: rotated.key };
}

export async function deleteKey(context: AdminContext, id: string): Promise<void> {
  if (!(await deleteGatewayKey(context.db, id))) throw notFound('key', id);
  await written(context);
}

// ── plans ─────────────────────────────────────────────────────────────────

function planInput(body: PlanBody, id?: string) {
  const { spendLimitUsd, spendLimitMicros, ...rest } = body;
  const micros = spendLimitMicros ?? (spendLimitUsd == null ? null : Math.round(spendLimitUsd * 1_000_000));
  return { ...rest, spendLimitMicros: micros, ...(id === undefined ? {} : { id }) };
}

export async function createPlan(context: AdminContext, body: unknown) {
  const id = await upsertPlan(context.db, planInput(parseInput(planSchema, body)));
  await written(context);
  return getPlanView(context, id);
}

export async function replacePlan(context: AdminContext, id: string, body: unknown) {
  const input = parseInput(planSchema, body);
  if ((await getPlan(context.db, id)) === undefined) throw notFound('plan', id);
  await upsertPlan(context.db, planInput(input, id));
  await written(context);
  return getPlanView(context, id);
}

export async function getPlanView(context: AdminContext, id: string) {
  const row = await getPlan(context.db, id);
  if (row === undefined) throw notFound('plan', id);
  return planFromRow(row);
}

export async function listPlanViews(context: AdminContext) {
  return (await listPlans(context.db)).map(planFromRow);
}

export async function removePlan(context: AdminContext, id: string): Promise<void> {
  const inUse = (await listGatewayKeys(context.db)).filter((row) => row.plan_id === id).length;
  if (inUse > 0) throw badReference(`Plan "${id}" is assigned to ${inUse} key(s); move them first.`);
  if (!(await deletePlan(context.db, id))) throw notFound('plan', id);
  await written(context);
}

// ── groups ────────────────────────────────────────────────────────────────

export async function putGroup(context: AdminContext, body: unknown) {
  const input = parseInput(groupSchema, body);
  await checkReferences(context, { planId: input.defaultPlanId ?? null });
  await upsertGroup(context.db, input);
  await written(context);
  const row = await getGroup(context.db, input.id);
  return { id: input.id, name: row?.name ?? input.id, defaultPlanId: row?.default_plan_id ?? null };
}

export async function listGroupViews(context: AdminContext) {
  return (await listGroups(context.db)).map((row) => ({ id: row.id, name: row.name, defaultPlanId: row.default_plan_id }));
}

export async function removeGroup(context: AdminContext, id: string): Promise<void> {
  if (!(await deleteGroup(context.db, id))) throw notFound('group', id);
  await written(context);
}

// ── providers and credentials ─────────────────────────────────────────────

export async function putProvider(context: AdminContext, body: unknown) {
  const input = parseInput(providerSchema, body);
  await checkReferences(context, { groupId: input.groupId ?? null });
  await upsertProvider(context.db, input);
  await written(context);
  return getProviderView(context, input.id);
}

export async function listProviderViews(context: AdminContext) {
  const [providers, credentials] = await Promise.all([listProviders(context.db), listCredentials(context.db)]);
  return providers.map((row) => ({
    id: row.id,
    name: row.name,
    protocol: row.protocol,
    baseUrl: row.base_url,
    ...providerRowSettings(row),
    enabled: row.enabled === 1,
    groupId: row.group_id,
    credentials: credentials.filter((credential) => credential.provider_id === row.id).map(credentialView),
  }));
}

export async function getProviderView(context: AdminContext, id: string) {
  const found = (await listProviderViews(context)).find((provider) => provider.id === id);
  if (found === undefined) throw notFound('provider', id);
  return found;
}

export async function removeProvider(context: AdminContext, id: string): Promise<void> {
  if (!(await deleteProvider(context.db, id))) throw notFound('provider', id);
  await written(context);
}

function credentialView(row: { id: string; provider_id: string; label: string; hint: string; enabled: number; created_at: number; group_id: string | null }) {
  // The secret itself never leaves the store; the hint is its last four characters.
  return { id: row.id, providerId: row.provider_id, label: row.label, hint: row.hint, enabled: row.enabled === 1, createdAt: Number(row.created_at), groupId: row.group_id };
}

export async function addProviderCredential(context: AdminContext, providerId: string, body: unknown) {
  const input = parseInput(credentialSchema, body);
  if ((await getProvider(context.db, providerId)) === undefined) throw notFound('provider', providerId);
  await checkReferences(context, { groupId: input.groupId ?? null });
  const id = await addCredential(context.db, {
    providerId,
    secret: new Secret(input.secret),
    box: context.box,
    ...(input.label === undefined ? {} : { label: input.label }),
    groupId: input.groupId ?? null,
  });
  await written(context);
  const row = (await listCredentials(context.db)).find((credential) => credential.id === id);
  if (row === undefined) throw notFound('credential', id);
  return credentialView(row);
}

export async function listCredentialViews(context: AdminContext) {
  return (await listCredentials(context.db)).map(credentialView);
}

export async function removeCredential(context: AdminContext, id: string): Promise<void> {
  if (!(await deleteCredential(context.db, id))) throw notFound('credential', id);
  await written(context);
}

// ── aliases and chains ────────────────────────────────────────────────────

export async function putAlias(context: AdminContext, name: string, body: unknown) {
  const input = parseInput(aliasSchema, body);
  await checkReferences(context, { groupId: input.groupId ?? null });
  await setAlias(context.db, name, input.target, input.groupId ?? null);
  await written(context);
  return { name, target: input.target, groupId: input.groupId ?? null };
}

export async function listAliasViews(context: AdminContext) {
  return (await listAliases(context.db)).map((row) => ({ name: row.name, target: row.target, groupId: row.group_id }));
}

export async function removeAlias(context: AdminContext, name: string): Promise<void> {
  if (!(await deleteAlias(context.db, name))) throw notFound('alias', name);
  await written(context);
}

export async function putChain(context: AdminContext, name: string, body: unknown) {
  const input = parseInput(chainSchema, body);
  await checkReferences(context, { groupId: input.groupId ?? null });
  await upsertChain(context.db, { name, ...input });
  await written(context);
  return { name, ...input, groupId: input.groupId ?? null };
}

export async function listChainViews(context: AdminContext) {
  return (await listChains(context.db)).map((row) => ({
    name: row.name,
    strategy: row.strategy,
    steps: JSON.parse(row.steps_json) as unknown[],
    affinity: row.affinity === 1,
    groupId: row.group_id,
  }));
}

export async function removeChain(context: AdminContext, name: string): Promise<void> {
  if (!(await deleteChain(context.db, name))) throw notFound('chain', name);
  await written(context);
}

// ── usage ─────────────────────────────────────────────────────────────────

export async function queryUsage(context: AdminContext, query: unknown): Promise<UsageRow[]> {
  const input = parseInput(usageQuerySchema, query);
  const { errors, ...rest } = input;
  return listUsage(context.db, { ...rest, ...(errors === 'true' ? { errorsOnly: true } : {}) });
}

export async function queryAggregates(context: AdminContext, query: unknown): Promise<UsageAggregate[]> {
  const { by, ...filter } = parseInput(aggregateQuerySchema, query);
  return aggregateUsage(context.db, by, filter);
}
