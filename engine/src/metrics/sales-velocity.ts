import type { FunnelEvent, FunnelRecord } from '../record';
import { recordInFilter, type MetricsFilter } from './metric-slices';
import { countedRecords } from './performance-events';
import type { MetricsPeriod } from './period';
import { DEFAULT_AMOUNT_FIELD, recordAmount } from './record-amount';

const DAY_MS = 86_400_000;

/** Open deals now, and deals won in a period: what sales velocity multiplies. */
export interface VelocityParts {
  /** Open records (no outcome, not in a pool) in a stage of the opportunity phase, now, and their amount. */
  openOpportunities: { count: number; amount: number };
  /** Records won (closedAt) in the period, and their amount. */
  won: { count: number; amount: number };
}

/** Sales velocity over a period: the four figures it multiplies and what they come to per day. */
export interface SalesVelocity {
  openOpportunities: number;
  /** Their amount: the value of the pipeline now. */
  openAmount: number;
  /** The period's win rate (won / closed), as the funnel reports it; null when none closed. */
  winRate: number | null;
  /** The average amount of the deals won in the period; null when none was won. */
  averageWonAmount: number | null;
  /** The period's median cycle length (created → won), in ms; null when none was won. */
  cycleLength: number | null;
  /** openOpportunities × winRate × averageWonAmount ÷ cycle length in days: what the pipeline brings per day; null when a part is missing or the cycle is 0. */
  perDay: number | null;
}

/**
 * The reference for velocity's parts: open opportunities from the records as they are now, deals won from those
 * closed won in the period; records left out of performance wholly (flagged, with no return in `events`:
 * `performanceExclusions`) are left out of both, and with a filter, records not in it as they are now.
 * @example velocityParts({ records, events, opportunityStages: new Set(['opportunity', 'trial']), period, amountField: 'amount' }).won // → { count: 3, amount: 36000 }
 */
export function velocityParts(input: {
  records: readonly FunnelRecord[];
  /** The records' events: a record a return flagged counts, one flagged without a return does not. */
  events: readonly FunnelEvent[];
  opportunityStages: ReadonlySet<string>;
  period: MetricsPeriod;
  amountField?: string;
  filter?: MetricsFilter;
}): VelocityParts {
  const amountField = input.amountField ?? DEFAULT_AMOUNT_FIELD;
  const counted = countedRecords(input).filter((r) => recordInFilter(r, input.filter));
  const open = counted.filter((r) => !r.outcome && !r.pool && input.opportunityStages.has(r.stage));
  const won = counted.filter((r) => r.outcome === 'won' && r.closedAt !== undefined && r.closedAt >= input.period.from && r.closedAt < input.period.to);
  const total = (records: FunnelRecord[]) => records.reduce((sum, r) => sum + recordAmount(r, amountField), 0);
  return { openOpportunities: { count: open.length, amount: total(open) }, won: { count: won.length, amount: total(won) } };
}

/**
 * Sales velocity (open opportunities × win rate × average won amount ÷ cycle length in days), from its parts and the
 * period's win rate and median cycle length as the funnel reports them.
 * @example salesVelocity({ parts: { openOpportunities: { count: 20, amount: 200000 }, won: { count: 4, amount: 40000 } }, winRate: 0.25, cycleLength: 40 * 86_400_000 }).perDay // → 1250
 */
export function salesVelocity(input: { parts: VelocityParts; winRate: number | null; cycleLength: number | null }): SalesVelocity {
  const { parts, winRate, cycleLength } = input;
  const averageWonAmount = parts.won.count > 0 ? parts.won.amount / parts.won.count : null;
  const perDay =
    winRate === null || averageWonAmount === null || cycleLength === null || cycleLength <= 0
      ? null
      : (parts.openOpportunities.count * winRate * averageWonAmount) / (cycleLength / DAY_MS);
  return { openOpportunities: parts.openOpportunities.count, openAmount: parts.openOpportunities.amount, winRate, averageWonAmount, cycleLength, perDay };
}
