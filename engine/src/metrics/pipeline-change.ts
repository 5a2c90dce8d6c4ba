import { pipelineContribution, type PipelineContribution, type PipelineRecord } from './pipeline-contribution';

/**
 * How one committed change moved a record in the pipeline: its contribution before and after (null: not in it). The
 * commit path stamps it on the change's first event, so the log sums to the pipeline (docs/metrics.md "Pipeline from a
 * rollup").
 * @example { from: { stage: 'sql', …, amount: 100 }, to: { stage: 'opportunity', …, amount: 100 } }
 */
export interface PipelineChange {
  from: PipelineContribution | null;
  to: PipelineContribution | null;
}

/**
 * The pipeline change of a record going from `before` (null: created) to `after`, or null when its contribution stayed
 * the same (a touch, a note, a field the pipeline does not read).
 * @example pipelineChange(null, createdOpportunity) // → { from: null, to: { stage: 'opportunity', … } }
 */
export function pipelineChange(before: PipelineRecord | null, after: PipelineRecord): PipelineChange | null {
  const from = before === null ? null : pipelineContribution(before);
  const to = pipelineContribution(after);
  return sameContribution(from, to) ? null : { from, to };
}

function sameContribution(a: PipelineContribution | null, b: PipelineContribution | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.stage === b.stage &&
    a.owner === b.owner &&
    a.forecastCategory === b.forecastCategory &&
    a.pipeline === b.pipeline &&
    a.source === b.source &&
    a.won === b.won &&
    a.closedDay === b.closedDay &&
    a.amount === b.amount &&
    a.weightedAmount === b.weightedAmount
  );
}
