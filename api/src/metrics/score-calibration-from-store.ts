import { scoreCalibration, type FunnelEvent, type FunnelRecord, type MetricsFilter, type MetricsWorkflow, type ScoreCalibration } from '@funnel/engine';
import type { Models } from '../models/models';

/** What score calibration reads of a record: whether it counts, and whether it was won. */
const RECORD_FACTS = { _id: 1, outcome: 1, excludedFromPerformance: 1, owner: 1, pipeline: 1 } as const;
/** What it reads of a stage entry: which record entered which stage when, with what score, under which owner. */
const ENTRY_FACTS = { _id: 0, type: 1, at: 1, recordId: 1, stage: 1, from: 1, to: 1, score: 1, excludedFromPerformance: 1, owner: 1 } as const;

/**
 * Score calibration (docs/metrics.md) from the workflow's records and the stage entries in its log, read whole (the
 * `{ tenantId, workflowKey, at }` index, in log order) and handed to the engine's `scoreCalibration`: the score each
 * entry recorded is on its event, so no summary holds what it needs yet. Null when the definition does not score.
 * @example await scoreCalibrationFromStore({ models, tenantId, workflowKey: 'scored_trunk', workflow, stage: 'mql' })
 */
export async function scoreCalibrationFromStore(input: {
  models: Models;
  tenantId: string;
  workflowKey: string;
  workflow: MetricsWorkflow;
  stage?: string;
  bandWidth?: number;
  filter?: MetricsFilter | undefined;
}): Promise<ScoreCalibration | null> {
  const { models, tenantId, workflowKey } = input;
  if (!input.workflow.definition.scoring) return null;
  const [records, events] = await Promise.all([
    models.Record.find({ tenantId, workflowKey }, RECORD_FACTS).lean(),
    models.Event.find({ tenantId, workflowKey, type: { $in: ['record_created', 'transitioned'] } }, ENTRY_FACTS)
      .sort({ at: 1, _id: 1 })
      .lean(),
  ]);
  return scoreCalibration({
    workflow: input.workflow,
    records: records.map(
      (r) =>
        ({
          id: r._id,
          outcome: r.outcome,
          excludedFromPerformance: r.excludedFromPerformance === true,
          owner: r.owner ?? null,
          ...(r.pipeline !== undefined ? { pipeline: r.pipeline } : {}),
        }) as unknown as FunnelRecord,
    ),
    events: events as unknown as FunnelEvent[],
    ...(input.stage !== undefined ? { stage: input.stage } : {}),
    ...(input.bandWidth !== undefined ? { bandWidth: input.bandWidth } : {}),
    ...(input.filter ? { filter: input.filter } : {}),
  });
}
