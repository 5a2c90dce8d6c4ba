import type { Instant } from '../record';
import { emptyHistogram, type LogHistogram } from './log-histogram';

/** A UTC day in milliseconds: summaries are kept per UTC day (docs/metrics.md "Summaries"). */
export const DAY_MS = 86_400_000;

/**
 * The UTC day an instant falls in, as a day number (0 is 1970-01-01).
 * @example dayOf(Date.UTC(2026, 0, 2, 15)) // → 20455
 */
export function dayOf(at: Instant): number {
  return Math.floor(at / DAY_MS);
}

/**
 * Counts keyed by the day (a decimal day number, see `dayOf`) of an earlier event they refer back to.
 * @example { '20455': 2 } // two entries whose record had entered the same stage on 2026-01-02
 */
export type ByDay<T> = Record<string, T>;

/** A closing transition of a record that had closed before: what a period's cycle length needs to undo the base count. */
export interface Reclosing {
  recordId: string;
  at: Instant;
  won: boolean;
  /** The slice the closing counts in (`sliceKey`: its record's pipeline and the owner at the time). */
  slice: string;
  /** The record's previous closing transition. */
  prevAt: Instant;
  prevWon: boolean;
  prevSlice: string;
  createdAt: Instant;
}

/**
 * What the events and records of one stretch of time (a UTC day, or part of one) contribute to the funnel and
 * to calibration, in a form that adds up across stretches. Each count refers back to the day of the earlier event
 * it depends on, so that a period can tell, without reading the events again, whether that earlier event is in it
 * (docs/metrics.md "Summaries" gives the rules and why they are exact).
 * @example summarizeSegment({ definition, range: { from, to }, events, records }).entries.lead?.n // → 12
 */
export interface SegmentSummary {
  /** Per stage: entries in the stretch (`n`), and of those, the ones whose record had entered the stage before, by the day of that last entry. */
  entries: Record<string, { n: number; again: ByDay<number> }>;
  /** Per stage: entries that were their record's first into the stage, of records counted for performance (calibration's `passed`). */
  firstEntries: Record<string, number>;
  /** Per stage left: the durations of the transitions out of it. */
  timeInStage: Record<string, LogHistogram>;
  /** Closing transitions (into a stage with an outcome) by outcome, and the outcomes of the closings before them, by day. */
  closings: { won: number; lost: number; again: ByDay<{ won: number; lost: number }> };
  /** Created → won, for every won closing of a record counted for performance. */
  cycles: LogHistogram;
  /** The closings (of counted records) that had a closing before them: few, listed to undo `cycles` where a record closed twice in a period. */
  reclosings: Reclosing[];
  /** Counted records created in the stretch. */
  created: number;
  /** First touches in the stretch (created → touch), by the day their record was created. */
  touches: ByDay<LogHistogram>;
  /** `created` and `touches` again, by the record's lead source (`leadSource`; records without one are left out). */
  /** By lead source, under `sourceKey(source)` (never the bare value: a source named `__proto__` is data, not a prototype). */
  bySource: Record<string, { created: number; touches: ByDay<LogHistogram> }>;
  /** Per stage: counted records closed (closedAt) in the stretch that passed through it, and of those the won. */
  closed: Record<string, { closed: number; won: number }>;
}

/**
 * A stretch's summary by slice (`sliceKey`: a pipeline and an owner, docs/metrics.md "Filters"): the slices add up to
 * the stretch's summary.
 * @example { '["hunters","ann"]': summary, '[null,null]': other }
 */
export type SlicedSummary = Record<string, SegmentSummary>;

/**
 * A summary of nothing.
 * @example emptySegmentSummary().created // → 0
 */
export function emptySegmentSummary(): SegmentSummary {
  return {
    entries: {},
    firstEntries: {},
    timeInStage: {},
    closings: { won: 0, lost: 0, again: {} },
    cycles: emptyHistogram(),
    reclosings: [],
    created: 0,
    touches: {},
    bySource: {},
    closed: {},
  };
}

/**
 * The key a lead source is kept under in `bySource`: prefixed, so no source (free text in a custom definition, or an
 * imported value) is ever `__proto__` or another name objects inherit.
 * @example sourceKey('web') // → 's:web'
 */
export function sourceKey(source: string): string {
  return `s:${source}`;
}

/**
 * A summary's own value under `key`, or undefined: never an inherited member (a stage keyed `constructor` is data).
 * @example own({ lead: 1 }, 'constructor') // → undefined
 */
export function own<T>(values: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(values, key) ? values[key] : undefined;
}
