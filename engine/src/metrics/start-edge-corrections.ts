import type { WorkflowDefinition } from '@funnel/schemas';
import type { FunnelEvent, Instant } from '../record';
import { countedSteps } from './counted-steps';
import { addToHistogram, emptyHistogram, type LogHistogram } from './log-histogram';
import type { MetricsPeriod } from './period';
import { own } from './segment-summary';
import type { SegmentRecord } from './summarize-segment';

/**
 * What the days after a period's first, partial day cannot tell by themselves: they key what refers back into that
 * day by the day alone, not by whether it was before the period's start.
 */
export interface StartEdgeCorrections {
  /** Per stage: records that entered it in the partial day and again later in the period (counted twice otherwise). */
  entries: Record<string, number>;
  /** Records that closed in the partial day and again later in the period, by the outcome of their last closing in that day. */
  won: number;
  lost: number;
  /** First touches later in the period of records created in the partial day (created → touch). */
  touches: LogHistogram;
}

/**
 * The corrections for a period that starts mid-day (docs/metrics.md "Summaries"): `events` are every event of the
 * records with an entry or a closing in [period.from, edgeEnd) or created then, in log order; `records` the
 * workflow's records among them.
 * @example startEdgeCorrections({ definition, period, edgeEnd: (dayOf(period.from) + 1) * DAY_MS, events, records })
 */
export function startEdgeCorrections(input: {
  definition: WorkflowDefinition;
  period: MetricsPeriod;
  edgeEnd: Instant;
  events: readonly FunnelEvent[];
  records: ReadonlyMap<string, SegmentRecord>;
  /** The slices a filter keeps (`sliceFilter`): a correction counts in the slice of what it takes back. */
  keep?: (slice: string) => boolean;
  /** A lead source: the touches of its records only. */
  source?: string | undefined;
}): StartEdgeCorrections {
  const keep = input.keep ?? (() => true);
  const touchCounts = (touch: { slice: string; source: string | undefined }) =>
    keep(touch.slice) && (input.source === undefined || touch.source === input.source);
  const { period, edgeEnd } = input;
  const corrections: StartEdgeCorrections = { entries: {}, won: 0, lost: 0, touches: emptyHistogram() };
  const enteredInEdge = new Set<string>();
  const counted = new Set<string>();
  const lastEdgeClosing = new Map<string, { won: boolean; slice: string }>();
  const closingCounted = new Set<string>();
  for (const { event: e, entered: stage, closing, firstTouch, slice } of countedSteps(input)) {
    if (e.at >= period.to) break;
    const inEdge = e.at >= period.from && e.at < edgeEnd;
    const later = e.at >= edgeEnd;
    if (stage !== undefined) {
      const key = `${e.recordId}\u0000${stage}`;
      if (inEdge) enteredInEdge.add(key);
      else if (later && enteredInEdge.has(key) && !counted.has(key)) {
        counted.add(key);
        // The later entry, counted again by its day in its slice.
        if (keep(slice)) corrections.entries[stage] = (own(corrections.entries, stage) ?? 0) + 1;
      }
    }
    if (closing) {
      if (inEdge) lastEdgeClosing.set(e.recordId, { won: closing === 'won', slice });
      else if (later && !closingCounted.has(e.recordId)) {
        // The edge's last closing, which the later days cannot take back: in its own slice.
        const edge = lastEdgeClosing.get(e.recordId);
        closingCounted.add(e.recordId);
        if (edge && keep(edge.slice) && edge.won) corrections.won += 1;
        if (edge && keep(edge.slice) && !edge.won) corrections.lost += 1;
      }
    }
    // A first touch later in the period of a record created in the partial day.
    if (firstTouch && later && touchCounts(firstTouch) && firstTouch.createdAt >= period.from && firstTouch.createdAt < edgeEnd)
      addToHistogram(corrections.touches, e.at - firstTouch.createdAt);
  }
  return corrections;
}
