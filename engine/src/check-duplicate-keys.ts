import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { errorAt } from './diagnostic-at';

/**
 * Finds keys used twice: stages, transitions, rules, pipelines, and timers, reasons and cadences within their parent.
 * @example checkDuplicateKeys(def) // → [{ code: 'compile.duplicate_key', pointer: '/stages/3/key', message: 'stage key "sql" is used twice (first at /stages/2)' }]
 */
export function checkDuplicateKeys(definition: WorkflowDefinition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (what: string, base: string, items: readonly { key: string }[] | undefined) => {
    const first = new Map<string, number>();
    (items ?? []).forEach((item, i) => {
      const earlier = first.get(item.key);
      if (earlier === undefined) first.set(item.key, i);
      else
        diagnostics.push(
          errorAt({ code: 'compile.duplicate_key', pointer: `${base}/${i}/key`, message: `${what} key "${item.key}" is used twice (first at ${base}/${earlier})` }),
        );
    });
  };
  check('stage', '/stages', definition.stages);
  check('transition', '/transitions', definition.transitions);
  check('rule', '/rules', definition.rules);
  check('pipeline', '/pipelines', definition.pipelines);
  definition.stages.forEach((stage, i) => {
    check(`timer (on stage "${stage.key}")`, `/stages/${i}/timers`, stage.timers);
    check(`nurture cadence (on stage "${stage.key}")`, `/stages/${i}/pool/nurture`, stage.pool?.nurture);
  });
  definition.transitions.forEach((transition, i) => {
    check(`reason (of transition "${transition.key}")`, `/transitions/${i}/reason/options`, transition.reason?.options);
  });
  return diagnostics;
}
