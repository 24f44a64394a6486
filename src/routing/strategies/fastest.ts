import type { Strategy } from './strategy.js';
import { sortByKey } from './strategy.js';

/**
 * Lowest live time to first token first. A candidate never measured sorts
 * first among equals (0): it has to be tried once to be measured at all.
 */
export const fastest: Strategy = (candidates, context) => sortByKey(candidates, (candidate) => context.stats(candidate).ttftMs ?? 0);
