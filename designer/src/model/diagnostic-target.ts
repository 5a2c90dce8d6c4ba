import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';

/** The canvas element a diagnostic is about, found from its JSON pointer. */
export type DiagnosticTarget = { kind: 'stage'; key: string } | { kind: 'transition'; key: string } | { kind: 'workflow' };

/**
 * Finds the stage or transition a diagnostic's pointer points into ("/stages/2/timers/0/after" → the third stage).
 * @example diagnosticTarget({ definition, diagnostic: { pointer: '/transitions/0/to', ... } }) // → { kind: 'transition', key: 'qualify' }
 */
export function diagnosticTarget({ definition, diagnostic }: { definition: WorkflowDefinition; diagnostic: Pick<Diagnostic, 'pointer'> }): DiagnosticTarget {
  const [, collection, index] = diagnostic.pointer.split('/');
  const position = Number(index);
  if (collection === 'stages') {
    const stage = definition.stages[position];
    if (stage) return { kind: 'stage', key: stage.key };
  }
  if (collection === 'transitions') {
    const transition = definition.transitions[position];
    if (transition) return { kind: 'transition', key: transition.key };
  }
  return { kind: 'workflow' };
}
