/**
 * A plan: a reusable set of limits assigned to keys (or a group's default).
 * Money is integer micro-dollars so budgets add up exactly; null means "no
 * limit of this kind".
 */
export const resetPeriods = ['daily', 'weekly', 'monthly', 'total'] as const;
export type ResetPeriod = (typeof resetPeriods)[number];

export function isResetPeriod(value: unknown): value is ResetPeriod {
  return typeof value === 'string' && (resetPeriods as readonly string[]).includes(value);
}

export interface Plan {
  id: string;
  name: string;
  spendLimitMicros: number | null;
  tokenLimit: number | null;
  /** Requests per minute. */
  rpm: number | null;
  /** Tokens per minute. */
  tpm: number | null;
  /** Requests in flight at once. */
  concurrency: number | null;
  requestsPerHour: number | null;
  requestsPerDay: number | null;
  maxInputTokens: number | null;
  maxOutputTokens: number | null;
  /** When the spend and token counters start again. */
  resetPeriod: ResetPeriod;
  /** Model patterns ("claude-*"); empty allows every model. */
  allowedModels: string[];
  /** Alert when spend or tokens reach this share of the limit (and again at 100 %). */
  alertThresholdPercent: number | null;
  /** false: track and alert only, never refuse for spend or tokens. */
  hardCutoff: boolean;
}

/** True when a plan has a counter-backed limit (rate, budget, concurrency). */
export function planNeedsCounters(plan: Plan): boolean {
  return (
    plan.spendLimitMicros !== null ||
    plan.tokenLimit !== null ||
    plan.rpm !== null ||
    plan.tpm !== null ||
    plan.concurrency !== null ||
    plan.requestsPerHour !== null ||
    plan.requestsPerDay !== null
  );
}
