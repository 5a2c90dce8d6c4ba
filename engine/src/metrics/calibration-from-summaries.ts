import type { WorkflowDefinition } from '@funnel/schemas';
import { calibrationRows, type CalibrationRow } from './calibration';
import type { SegmentSummary } from './segment-summary';

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
  return calibrationRows({
    definition,
    passed: (stage) => passed.get(stage) ?? 0,
    closed: (stage) => closed.get(stage) ?? { closed: 0, won: 0 },
  });
}
