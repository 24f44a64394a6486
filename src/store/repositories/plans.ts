import { randomId } from '../../core/ids.js';
import { isResetPeriod, type Plan, type ResetPeriod } from '../../policy/plan.js';
import type { Db } from '../database.js';
import type { PlansTable } from '../schema.js';

/** A plan as the admin API and CLI write it; missing limits are "no limit". */
export interface PlanInput {
  id?: string;
  name: string;
  spendLimitMicros?: number | null;
  tokenLimit?: number | null;
  rpm?: number | null;
  tpm?: number | null;
  concurrency?: number | null;
  requestsPerHour?: number | null;
  requestsPerDay?: number | null;
  maxInputTokens?: number | null;
  maxOutputTokens?: number | null;
  resetPeriod?: ResetPeriod;
  allowedModels?: string[];
  alertThresholdPercent?: number | null;
  hardCutoff?: boolean;
}

export function planFromRow(row: PlansTable): Plan {
  const number = (value: number | null): number | null => (value === null ? null : Number(value));
  return {
    id: row.id,
    name: row.name,
    spendLimitMicros: number(row.spend_limit_micros),
    tokenLimit: number(row.token_limit),
    rpm: number(row.rpm),
    tpm: number(row.tpm),
    concurrency: number(row.concurrency),
    requestsPerHour: number(row.requests_per_hour),
    requestsPerDay: number(row.requests_per_day),
    maxInputTokens: number(row.max_input_tokens),
    maxOutputTokens: number(row.max_output_tokens),
    resetPeriod: isResetPeriod(row.reset_period) ? row.reset_period : 'monthly',
    allowedModels: JSON.parse(row.allowed_models_json) as string[],
    alertThresholdPercent: number(row.alert_threshold_percent),
    hardCutoff: row.hard_cutoff === 1,
  };
}

export async function upsertPlan(db: Db, input: PlanInput, now = Date.now()): Promise<string> {
  const id = input.id ?? randomId('plan_', 12);
  const values = {
    name: input.name,
    spend_limit_micros: input.spendLimitMicros ?? null,
    token_limit: input.tokenLimit ?? null,
    rpm: input.rpm ?? null,
    tpm: input.tpm ?? null,
    concurrency: input.concurrency ?? null,
    requests_per_hour: input.requestsPerHour ?? null,
    requests_per_day: input.requestsPerDay ?? null,
    max_input_tokens: input.maxInputTokens ?? null,
    max_output_tokens: input.maxOutputTokens ?? null,
    reset_period: input.resetPeriod ?? 'monthly',
    allowed_models_json: JSON.stringify(input.allowedModels ?? []),
    alert_threshold_percent: input.alertThresholdPercent ?? null,
    hard_cutoff: input.hardCutoff === false ? 0 : 1,
    updated_at: now,
  };
  await db
    .insertInto('plans')
    .values({ id, created_at: now, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute();
  return id;
}

export function listPlans(db: Db): Promise<PlansTable[]> {
  return db.selectFrom('plans').selectAll().orderBy('created_at').execute();
}

export function getPlan(db: Db, id: string): Promise<PlansTable | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deletePlan(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('plans').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
