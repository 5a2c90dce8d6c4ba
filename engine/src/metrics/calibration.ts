import type { WorkflowDefinition } from '@funnel/schemas';
import type { FunnelEvent, FunnelRecord } from '../record';
import { mainPathOrder } from './main-path-order';
import { eventSlice, sliceFilter, type MetricsFilter } from './metric-slices';
import type { MetricsWorkflow } from './metrics-workflow';
import { countedRecords, performanceEvents } from './performance-events';
import { inPeriod, type MetricsPeriod } from './period';
import { recordsByStage } from './records-by-stage';
import { firstEntries } from './stage-entries';
import { stageOutcomes } from './stage-outcomes';

/** Percent, to compare an observed share with a configured stage probability. */
const PERCENT = 100;

/** A stage's configured win probability against the share of its records that were won. */
export interface CalibrationRow {
  stage: string;
  /** The stage's configured probability, in percent. */
  configured: number;
  /** Records that entered the stage at some point. */
  passed: number;
  /** Of those, records now closed (won or lost), closed in the period when one is given. */
  closed: number;
  won: number;
  /** won / closed in percent; null when none closed. */
  observed: number | null;
}

/**
 * What calibration reads: the workflow, records, their events and optionally the period records closed in.
 * @example calibration({ workflow, records, events, period: { from, to } })
 */
export interface CalibrationInput {
  workflow: MetricsWorkflow;
  records: readonly FunnelRecord[];
  events: readonly FunnelEvent[];
  /** When given, only records closed (closedAt) in this period count as closed. */
  period?: MetricsPeriod;
  /** Narrows to a pipeline and to owners: a record counts for a stage where its first entry into it does (docs/metrics.md "Filters"). */
  filter?: MetricsFilter;
}

/**
 * Calibration per stage of the main path (closing stages left out): configured probability against the
 * observed share of records that passed through the stage and were won, among those closed.
 * Records and events excluded from performance are left out.
 * @example calibration({ workflow, records, events })[0] // → { stage: 'opportunity', configured: 10, passed: 40, closed: 30, won: 6, observed: 20 }
 */
export function calibration(input: CalibrationInput): CalibrationRow[] {
  const { definition } = input.workflow;
  const { period } = input;
  const keep = sliceFilter(input.filter);
  const records = new Map(countedRecords(input).map((r) => [r.id, r]));
  const passedBy = recordsByStage(
    firstEntries(performanceEvents(input)).filter(({ recordId, event }) => records.has(recordId) && keep(eventSlice(event, records.get(recordId)))),
  );
  const isClosed = (r: FunnelRecord) => r.outcome !== undefined && (!period || (r.closedAt !== undefined && inPeriod(r.closedAt, period)));

  const passed = (stage: string) => [...(passedBy.get(stage) ?? [])].flatMap((id) => records.get(id) ?? []);
  return calibrationRows({
    definition,
    passed: (stage) => passed(stage).length,
    closed: (stage) => {
      const closed = passed(stage).filter(isClosed);
      return { closed: closed.length, won: closed.filter((r) => r.outcome === 'won').length };
    },
  });
}

/**
 * The rows of calibration from each stage's counts: one per stage of the main path that has no outcome, in its
 * order, with the stage's configured probability and the observed share of the closed that were won, as
 * `calibration` defines them.
 * @example calibrationRows({ definition, passed: () => 40, closed: () => ({ closed: 30, won: 6 }) })[0].observed // → 20
 */
export function calibrationRows(input: {
  definition: WorkflowDefinition;
  passed: (stage: string) => number;
  closed: (stage: string) => { closed: number; won: number };
}): CalibrationRow[] {
  const { definition } = input;
  const outcomes = stageOutcomes(definition);
  return mainPathOrder(definition)
    .filter((stage) => !outcomes.has(stage))
    .map((stage) => {
      const { closed, won } = input.closed(stage);
      return {
        stage,
        configured: definition.stages.find((s) => s.key === stage)?.probability ?? 0,
        passed: input.passed(stage),
        closed,
        won,
        observed: closed === 0 ? null : (won / closed) * PERCENT,
      };
    });
}
