import type { ReasoningEffort } from './request.js';

/**
 * One table for reasoning effort ↔ thinking budget, used by every codec so
 * a round trip lands where it started: OpenAI reasoning_effort and Responses
 * reasoning.effort ↔ Anthropic thinking.budget_tokens ↔ Gemini
 * thinkingConfig.thinkingBudget. Budgets are the middle of each band.
 */
const budgets: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
  max: 65536,
};

export function effortToBudget(effort: ReasoningEffort): number {
  return effort === 'none' ? 0 : budgets[effort];
}

/** The effort whose budget is nearest below or at the given one. */
export function budgetToEffort(budget: number): ReasoningEffort {
  if (budget <= 0) return 'none';
  let chosen: ReasoningEffort = 'minimal';
  for (const [effort, value] of Object.entries(budgets) as Array<[Exclude<ReasoningEffort, 'none'>, number]>) {
    if (budget >= value) chosen = effort;
  }
  return chosen;
}
