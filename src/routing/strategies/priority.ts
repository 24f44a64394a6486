import type { Strategy } from './strategy.js';
import { sortByKey } from './strategy.js';

/** Fallback order as written: step by step. */
export const priority: Strategy = (candidates) => sortByKey(candidates, (candidate) => candidate.step);
