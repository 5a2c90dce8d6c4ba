import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { compileDuration } from './compile-duration';
import { warningAt } from './diagnostic-at';

/**
 * Warns about a timer whose warning would come at or before the moment the record enters the stage
 * (warnBefore ≥ after), so the owner would be warned the instant the clock starts. Calendar durations are
 * compared from the start of 2000-01-01 UTC.
 * @example checkTimerWarnings(def) // → [{ code: 'compile.warning_too_early', pointer: '/stages/2/timers/0/warnBefore', … }]
 */
export function checkTimerWarnings(definition: WorkflowDefinition): Diagnostic[] {
  const reference = Date.UTC(2000, 0, 1);
  const diagnostics: Diagnostic[] = [];
  definition.stages.forEach((stage, i) =>
    stage.timers?.forEach((timer, j) => {
      if (!timer.warnBefore) return;
      const dueAt = compileDuration(timer.after).addTo(reference);
      if (compileDuration(timer.warnBefore).subtractFrom(dueAt) > reference) return;
      diagnostics.push(
        warningAt({
          code: 'compile.warning_too_early',
          pointer: `/stages/${i}/timers/${j}/warnBefore`,
          message: `timer "${timer.key}" on stage "${stage.key}" warns ${timer.warnBefore} before a deadline ${timer.after} after entry, so the warning comes when the record enters the stage; make warnBefore shorter than after`,
        }),
      );
    }),
  );
  return diagnostics;
}
