import type { CompiledStage, CompiledWorkflow } from './compiled-workflow';

/**
 * The reason a record goes to the pool when routing finds nobody to take it (everyone away, deactivated or at
 * capacity): its `pool.reason` and the `assigned` event's reason.
 * @example createRecord({ workflow, id, fields, actor, now, pool: { reason: NO_ONE_AVAILABLE } })
 */
export const NO_ONE_AVAILABLE = 'no_one_available';

/**
 * The pool stage a record in `stage` goes to when nobody takes it: where the first transition from the stage into a
 * pool stage leads (as releaseRecord moves it), else the definition's first pool stage; undefined without any.
 * @example releasePoolStage(workflow, 'lead')?.key // → 'pool'
 */
export function releasePoolStage(workflow: CompiledWorkflow, stage: string): CompiledStage | undefined {
  for (const transition of workflow.transitionsFrom(stage)) {
    const to = workflow.stage(transition.to);
    if (to?.pool) return to;
  }
  return workflow.stages.find((candidate) => candidate.pool !== undefined);
}
