import type { Strategy } from './strategy.js';

/**
 * Random order by weight: a step of weight 3 comes first three times as
 * often as one of weight 1. Weighted sampling without replacement
 * (Efraimidis–Spirakis: key = u^(1/w), highest first), drawn once per step
 * so the credentials of one step stay together in their pool order.
 */
export const weighted: Strategy = (candidates, context) => {
  const keys = new Map<number, number>();
  for (const candidate of candidates) {
    if (!keys.has(candidate.step)) keys.set(candidate.step, context.random() ** (1 / Math.max(candidate.weight, 1e-9)));
  }
  return candidates
    .map((candidate, index) => ({ candidate, index, key: keys.get(candidate.step) ?? 0 }))
    .sort((left, right) => right.key - left.key || left.index - right.index)
    .map((entry) => entry.candidate);
};
