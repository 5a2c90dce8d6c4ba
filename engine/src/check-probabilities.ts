import { escapePointer, type Diagnostic, type WorkflowDefinition } from '@funnel/schemas';
import { errorAt } from './diagnostic-at';

/**
 * Checks the probability settings: a pipeline's probabilities name stages that exist and are open (a stage with an
 * outcome has one probability: won is 100 %), and no stage with an outcome keeps a probability set by hand.
 * @example checkProbabilities(def) // → [{ code: 'compile.unknown_stage', pointer: '/pipelines/1/probabilities/opty', message: '…' }]
 */
export function checkProbabilities(definition: WorkflowDefinition): Diagnostic[] {
  const stages = new Map(definition.stages.map((stage) => [stage.key, stage]));
  const known = `known stages: ${definition.stages.map((s) => s.key).join(', ')}`;
  const diagnostics: Diagnostic[] = [];
  definition.pipelines?.forEach((pipeline, i) => {
    for (const key of Object.keys(pipeline.probabilities ?? {})) {
      const pointer = `/pipelines/${i}/probabilities/${escapePointer(key)}`;
      const stage = stages.get(key);
      if (!stage) {
        diagnostics.push(
          errorAt({
            code: 'compile.unknown_stage',
            pointer,
            message: `pipeline "${pipeline.key}" sets the probability of stage "${key}", which does not exist; ${known}`,
          }),
        );
      } else if (stage.outcome !== undefined) {
        diagnostics.push(
          errorAt({
            code: 'compile.probability_closing_stage',
            pointer,
            message: `pipeline "${pipeline.key}" sets the probability of stage "${key}", which closes records (outcome ${stage.outcome}) at ${stage.probability} % in every pipeline; leave it out`,
          }),
        );
      }
    }
  });
  definition.stages.forEach((stage, i) => {
    if (stage.outcome === undefined || stage.probabilityOverride !== 'keep') return;
    diagnostics.push(
      errorAt({
        code: 'compile.probability_closing_stage',
        pointer: `/stages/${i}/probabilityOverride`,
        message: `stage "${stage.key}" closes records (outcome ${stage.outcome}), so it always sets its own probability (${stage.probability} %); it cannot keep one set by hand`,
      }),
    );
  });
  return diagnostics;
}
