import { ACTIVITY_OUTCOMES, escapePointer, type Diagnostic, type WorkflowDefinition } from '@funnel/schemas';
import { compileDuration } from './compile-duration';
import { errorAt } from './diagnostic-at';

/** The guard names that hold the score; fit rules, which make it, may not read them. */
const SCORE_VARS = ['record.score', 'record.fitScore', 'record.engagementScore'];

/**
 * Checks the meaning of the scoring section (its shape is the schema's): an engagement rule's outcomes are ones its
 * activity type has, its half-life is a fixed, positive length (days, hours, weeks: a month has no one length), and
 * no fit rule reads the score it makes. Rule keys are checked with the other keys; fit conditions with the guards.
 * @example checkScoring(def) // → [{ code: 'compile.scoring_outcome', pointer: '/scoring/engagement/0/outcomes/0', message: '…' }]
 */
export function checkScoring(definition: WorkflowDefinition): Diagnostic[] {
  const scoring = definition.scoring;
  if (!scoring) return [];
  const diagnostics: Diagnostic[] = [];
  scoring.engagement?.forEach((rule, i) => {
    const pointer = `/scoring/engagement/${i}`;
    const known = ACTIVITY_OUTCOMES[rule.activity];
    rule.outcomes?.forEach((outcome, j) => {
      if (known.includes(outcome)) return;
      diagnostics.push(
        errorAt({
          code: 'compile.scoring_outcome',
          pointer: `${pointer}/outcomes/${j}`,
          message:
            known.length === 0
              ? `engagement rule "${rule.key}" names outcome "${outcome}", but a ${rule.activity} has no outcome; leave "outcomes" out`
              : `engagement rule "${rule.key}" names outcome "${outcome}", which a ${rule.activity} does not have; one of ${known.join(', ')}`,
        }),
      );
    });
    if (rule.halfLife === undefined) return;
    const ms = compileDuration(rule.halfLife).fixedMs;
    if (ms !== null && ms > 0) return;
    diagnostics.push(
      errorAt({
        code: 'compile.scoring_half_life',
        pointer: `${pointer}/halfLife`,
        message:
          ms === null
            ? `engagement rule "${rule.key}" halves every ${rule.halfLife}, but months and years have no fixed length; give it in weeks, days or hours (P30D)`
            : `engagement rule "${rule.key}" has a half-life of ${rule.halfLife}, which is no time at all; give a positive one or leave it out (no decay)`,
      }),
    );
  });
  scoring.fit?.forEach((rule, i) => {
    for (const found of varsRead(rule.when, `/scoring/fit/${i}/when`)) {
      if (!SCORE_VARS.includes(found.path)) continue;
      diagnostics.push(
        errorAt({
          code: 'compile.score_reads_score',
          pointer: found.pointer,
          message: `fit rule "${rule.key}" reads "${found.path}", the score it helps to make; read fields, counters and other built-ins`,
        }),
      );
    }
  });
  return diagnostics;
}

/** Every constant `var` path in a json-logic expression with its pointer (one walk over the expression). */
function varsRead(logic: unknown, pointer: string): { path: string; pointer: string }[] {
  if (Array.isArray(logic)) return logic.flatMap((item, i) => varsRead(item, `${pointer}/${i}`));
  if (logic === null || typeof logic !== 'object') return [];
  return Object.entries(logic).flatMap(([op, argument]) => {
    const at = `${pointer}/${escapePointer(op)}`;
    if (op !== 'var') return varsRead(argument, at);
    const path = Array.isArray(argument) ? argument[0] : argument;
    return typeof path === 'string' ? [{ path, pointer: at }] : varsRead(argument, at);
  });
}
