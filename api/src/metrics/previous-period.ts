/** A half-open period [from, to) in epoch milliseconds. */
export interface Period {
  from: number;
  to: number;
}

/** Whether an instant is the first moment of a UTC calendar month. */
function monthStart(at: number): boolean {
  const date = new Date(at);
  return date.getUTCDate() === 1 && date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && date.getUTCMilliseconds() === 0;
}

/** The same instant `months` calendar months earlier (UTC). */
function monthsBefore(at: number, months: number): number {
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1);
}

/**
 * The period just before `period`, of the same length: for whole UTC calendar months (a month, a quarter, a year)
 * the same number of months before — March is compared with February, Q2 with Q1 — and otherwise the same number of
 * milliseconds ending where `period` starts (the last 30 days against the 30 before).
 * @example previousPeriod({ from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 3, 1) }) // → { from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 2, 1) }
 * @example previousPeriod({ from: 1_000, to: 4_000 }) // → { from: -2_000, to: 1_000 }
 */
export function previousPeriod(period: Period): Period {
  if (monthStart(period.from) && monthStart(period.to)) {
    const from = new Date(period.from);
    const to = new Date(period.to);
    const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
    return { from: monthsBefore(period.from, months), to: period.from };
  }
  return { from: period.from - (period.to - period.from), to: period.from };
}
