import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { errorAt } from './diagnostic-at';

/**
 * Finds stages no path reaches from the initial stage or a pipeline entry, and non-terminal stages
 * with no way out (terminal = has an outcome or `terminal: true`).
 * @example checkStageGraph(def) // → [{ code: 'compile.dead_end', pointer: '/stages/4', message: 'stage "trial" has no way out …' }]
 */
export function checkStageGraph(definition: WorkflowDefinition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const next = new Map<string, string[]>();
  for (const t of definition.transitions) {
    for (const from of t.from) next.set(from, [...(next.get(from) ?? []), t.to]);
  }
  const entries = [definition.initialStage, ...(definition.pipelines ?? []).map((p) => p.entryStage)];
  const reached = new Set<string>(entries);
  const queue = [...entries];
  for (let stage = queue.shift(); stage !== undefined; stage = queue.shift()) {
    for (const to of next.get(stage) ?? []) {
      if (!reached.has(to)) {
        reached.add(to);
        queue.push(to);
      }
    }
  }
  definition.stages.forEach((stage, i) => {
    if (!reached.has(stage.key)) {
      diagnostics.push(
        errorAt({
          code: 'compile.unreachable_stage',
          pointer: `/stages/${i}`,
          message: `stage "${stage.key}" cannot be reached from the initial stage "${definition.initialStage}"${definition.pipelines?.length ? ' or a pipeline entry' : ''}; add a transition to it or remove it`,
        }),
      );
    }
    const terminal = stage.outcome !== undefined || stage.terminal === true;
    if (!terminal && !next.get(stage.key)?.length) {
      diagnostics.push(
        errorAt({
          code: 'compile.dead_end',
          pointer: `/stages/${i}`,
          message: `stage "${stage.key}" has no way out and is not terminal; add a transition from it, or give it an "outcome" or "terminal": true`,
        }),
      );
    }
  });
  return diagnostics;
}
