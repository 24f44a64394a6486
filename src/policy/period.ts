import { assertNever } from '../core/assert-never.js';
import type { ResetPeriod } from './plan.js';

const dayMs = 86_400_000;

export interface PeriodWindow {
  /** Epoch ms the window started (UTC). */
  start: number;
  /** Epoch ms it ends, or null for "total" (never resets). */
  end: number | null;
}

/**
 * The budget window containing `now`, in UTC: a day, an ISO week (starting
 * Monday), a calendar month, or all time. Counters are keyed by the window
 * start, so a new window starts from zero without a reset job.
 */
export function periodWindow(period: ResetPeriod, now: number): PeriodWindow {
  const date = new Date(now);
  switch (period) {
    case 'daily': {
      const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
      return { start, end: start + dayMs };
    }
    case 'weekly': {
      const dayStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
      const sinceMonday = (date.getUTCDay() + 6) % 7;
      const start = dayStart - sinceMonday * dayMs;
      return { start, end: start + 7 * dayMs };
    }
    case 'monthly':
      return { start: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1), end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
    case 'total':
      return { start: 0, end: null };
    default:
      return assertNever(period);
  }
}

/** A fixed window of `sizeMs` containing now (rate limits: minute, hour, day). */
export function fixedWindow(sizeMs: number, now: number): { start: number; end: number } {
  const start = now - (now % sizeMs);
  return { start, end: start + sizeMs };
}
