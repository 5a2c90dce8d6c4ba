import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { errorAt } from './diagnostic-at';

/**
 * Finds keys used twice: stages, transitions, rules, pipelines, assignment rules, scoring rules, and timers, reasons and cadences
 * within their parent.
 * @example checkDuplicateKeys(def) // → [{ code: 'compile.duplicate_key', pointer: '/stages/3/key', message: 'stage key "sql" is used twice (first at /stages/2)' }]
 */
export function checkDuplicateKeys(definition: WorkflowDefinition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = ({ what, base, items }: { what: string; base: string; items: readonly { key: string }[] | undefined }) => {
    const first = new Map<string, number>();
    (items ?? []).forEach((item, i) => {
      const earlier = first.get(item.key);
      if (earlier === undefined) first.set(item.key, i);
      else
        diagnostics.push(
          errorAt({
            code: 'compile.duplicate_key',
            pointer: `${base}/${i}/key`,
            message: `${what} key "${item.key}" is used twice (first at ${base}/${earlier})`,
          }),
        );
    });
  };
  check({ what: 'stage', base: '/stages', items: definition.stages });
  check({ what: 'transition', base: '/transitions', items: definition.transitions });
  check({ what: 'rule', base: '/rules', items: definition.rules });
  check({ what: 'pipeline', base: '/pipelines', items: definition.pipelines });
  check({ what: 'assignment rule', base: '/assignment/rules', items: definition.assignment?.rules });
  check({ what: 'fit rule', base: '/scoring/fit', items: definition.scoring?.fit });
  check({ what: 'engagement rule', base: '/scoring/engagement', items: definition.scoring?.engagement });
  definition.stages.forEach((stage, i) => {
    check({ what: `timer (on stage "${stage.key}")`, base: `/stages/${i}/timers`, items: stage.timers });
    check({ what: `nurture cadence (on stage "${stage.key}")`, base: `/stages/${i}/pool/nurture`, items: stage.pool?.nurture });
  });
  definition.transitions.forEach((transition, i) => {
    check({ what: `reason (of transition "${transition.key}")`, base: `/transitions/${i}/reason/options`, items: transition.reason?.options });
  });
  return diagnostics;
}
