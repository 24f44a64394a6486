import type { Strategy } from './strategy.js';
import { sortByKey } from './strategy.js';

/** Fewest requests in flight first (live, from this gateway's own counts). */
export const leastBusy: Strategy = (candidates, context) => sortByKey(candidates, (candidate) => context.stats(candidate).inFlight);
