import type { Outcome, WorkflowDefinition } from '@funnel/schemas';
import type { FunnelEvent, Instant } from '../record';
import { chronological } from './chronological';
import { isTouch } from './is-touch';
import { performanceExclusions } from './performance-events';
import { creationSlice, creationSource, creationStamps, eventSlice } from './metric-slices';
import { stageOutcomes } from './stage-outcomes';
import type { SegmentRecord } from './summarize-segment';

/** One event that counts for performance, with what it is to the funnel. */
export interface CountedStep {
  event: FunnelEvent;
  /** The event's record, when it is among the records given (a counted record). */
  record: SegmentRecord | undefined;
  /** The stage the record entered (a `record_created` or `transitioned` event). */
  entered?: string;
  /** The outcome of the stage a transition entered, when that stage closes deals. */
  closing?: Outcome;
  /** The slice the event counts in (docs/metrics.md "Filters"): its record's pipeline and the owner at the time. */
  slice: string;
  /**
   * Present when the event is its counted record's first touch at or after its creation: when the record was created,
   * and the slice its creation counts in.
   */
  firstTouch?: { createdAt: Instant; slice: string; source: string | undefined };
}

/**
 * The events that count for performance (docs/metrics.md "Performance exclusions": neither an excluded passage nor
 * any event of a record left out wholly) in log order, each with the stage it entered, the outcome it closed with and
 * whether it is its record's first touch: the one walk the day summaries and a period's start-edge corrections
 * both make.
 * @example for (const { event, entered, closing, firstTouch } of countedSteps({ definition, events, records })) …
 */
export function* countedSteps(input: {
  definition: WorkflowDefinition;
  events: readonly FunnelEvent[];
  records: ReadonlyMap<string, SegmentRecord>;
}): Generator<CountedStep> {
  const outcomeOf = stageOutcomes(input.definition);
  const touched = new Set<string>();
  const created = creationStamps(input.events);
  const excluded = performanceExclusions(input);
  for (const event of chronological(input.events)) {
    if (excluded.wholly.has(event.recordId) || excluded.events.has(event)) continue;
    const record = input.records.get(event.recordId);
    const step: CountedStep = { event, record, slice: eventSlice(event, record) };
    if (event.type === 'record_created') step.entered = event.stage;
    if (event.type === 'transitioned') {
      step.entered = event.to;
      const closing = outcomeOf.get(event.to);
      if (closing) step.closing = closing;
    }
    if (event.type === 'activity_logged' && record && isTouch(event.activity) && event.at >= record.createdAt && !touched.has(event.recordId)) {
      touched.add(event.recordId);
      const stamp = created.get(event.recordId);
      step.firstTouch = { createdAt: record.createdAt, slice: creationSlice({ record, stamp }), source: creationSource({ record, stamp }) };
    }
    yield step;
  }
}
