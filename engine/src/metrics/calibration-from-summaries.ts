import type { WorkflowDefinition } from '@funnel/schemas';
import type { CalibrationRow } from './calibration';
import { mainPathOrder } from './main-path-order';
import type { SegmentSummary } from './segment-summary';
import { stageOutcomes } from './stage-outcomes';

/** Percent, to compare an observed share with a configured stage probability. */
const PERCENT = 100;

/**
 * Calibration from summaries (docs/metrics.md), exactly as `calibration` gives it: `passed` from the summaries of
 * all time, `closed` and `won` from those of the stretches records closed in (all time, and the bucket of records
 * closed without a closing time, when there is no period).
 * @example calibrationFromSummaries({ definition, allTime, closedIn: periodParts })
 */
export function calibrationFromSummaries(input: {
  definition: WorkflowDefinition;
  allTime: readonly SegmentSummary[];
  closedIn: readonly SegmentSummary[];
}): CalibrationRow[] {
  const { definition } = input;
  const passed = new Map<string, number>();
  for (const summary of input.allTime) {
    for (const [stage, n] of Object.entries(summary.firstEntries)) passed.set(stage, (passed.get(stage) ?? 0) + n);
  }
  const closed = new Map<string, { closed: number; won: number }>();
  for (const summary of input.closedIn) {
    for (const [stage, c] of Object.entries(summary.closed)) {
      const total = closed.get(stage) ?? { closed: 0, won: 0 };
      closed.set(stage, { closed: total.closed + c.closed, won: total.won + c.won });
    }
  }
  const outcomes = stageOutcomes(definition);
  return mainPathOrder(definition)
    .filter((stage) => !outcomes.has(stage))
    .map((stage) => {
      const c = closed.get(stage) ?? { closed: 0, won: 0 };
      return {
        stage,
        configured: definition.stages.find((s) => s.key === stage)?.probability ?? 0,
        passed: passed.get(stage) ?? 0,
        closed: c.closed,
        won: c.won,
        observed: c.closed === 0 ? null : (c.won / c.closed) * PERCENT,
      };
    });
}
