import { assertNever } from '../../core/assert-never.js';
import type { RoutingStrategy } from '../chain.js';
import { cheapest } from './cheapest.js';
import { fastest } from './fastest.js';
import { leastBusy } from './least-busy.js';
import { priority } from './priority.js';
import { score } from './score.js';
import type { Strategy } from './strategy.js';
import { weighted } from './weighted.js';

export function strategyFor(name: RoutingStrategy): Strategy {
  switch (name) {
    case 'priority':
      return priority;
    case 'cheapest':
      return cheapest;
    case 'fastest':
      return fastest;
    case 'least-busy':
      return leastBusy;
    case 'weighted':
      return weighted;
    case 'score':
      return score;
    default:
      return assertNever(name);
  }
}
