import type { CompiledWorkflow } from './compiled-workflow';
import { guardData } from './guard-data';
import type { FunnelRecord, Instant } from './record';
import type { Score } from './score-of';

/**
 * A record's score at `now` under its workflow's scoring (null when the definition does not score): what guards and
 * rules read as `record.score`, and what the api stores for sorting and filtering.
 * @example scoreRecord({ workflow, record, now }) // → { score: 64, fit: 40, engagement: 23.5 }
 */
export function scoreRecord(args: { workflow: CompiledWorkflow; record: FunnelRecord; now: Instant }): Score | null {
  const scoring = args.workflow.scoring;
  if (!scoring) return null;
  const data = guardData(args.record, args.now, scoring).record;
  return { score: data.score ?? 0, fit: data.fitScore ?? 0, engagement: data.engagementScore ?? 0 };
}
