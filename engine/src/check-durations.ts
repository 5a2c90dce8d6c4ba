import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { compileDuration } from './compile-duration';
import { errorAt } from './diagnostic-at';

/**
 * The longest duration a definition may hold: far beyond any timer, cadence or cool-down a funnel needs, and
 * short enough that every deadline computed from it is a valid date.
 * @example MAX_DURATION_YEARS // → 100
 */
const MAX_DURATION_YEARS = 100;

/** Every duration of a definition with its JSON pointer. */
function durations(definition: WorkflowDefinition): { pointer: string; iso: string }[] {
  const found: { pointer: string; iso: string }[] = [];
  const add = (pointer: string, iso: string | undefined) => {
    if (iso !== undefined) found.push({ pointer, iso });
  };
  definition.stages.forEach((stage, i) => {
    stage.timers?.forEach((timer, j) => {
      const at = `/stages/${i}/timers/${j}`;
      add(`${at}/after`, timer.after);
      add(`${at}/warnBefore`, timer.warnBefore);
      add(`${at}/extension/length`, timer.extension?.length);
    });
    const pool = stage.pool;
    if (!pool) return;
    add(`/stages/${i}/pool/claim/window`, pool.claim?.window);
    add(`/stages/${i}/pool/claim/cooldown`, pool.claim?.cooldown);
    pool.nurture?.forEach((cadence, j) => add(`/stages/${i}/pool/nurture/${j}/every`, cadence.every));
    add(`/stages/${i}/pool/dormancy/every`, pool.dormancy?.every);
  });
  return found;
}

/**
 * Refuses a duration longer than MAX_DURATION_YEARS (or too large to be a duration at all, such as
 * P100000000000000000000D), which the schema's pattern lets through: a deadline that far is no date.
 * @example checkDurations(def) // → [{ code: 'compile.duration_too_long', pointer: '/stages/2/timers/0/after', … }]
 */
export function checkDurations(definition: WorkflowDefinition): Diagnostic[] {
  const reference = Date.UTC(2000, 0, 1);
  const latest = Date.UTC(2000 + MAX_DURATION_YEARS, 0, 1);
  return durations(definition).flatMap(({ pointer, iso }) => {
    let end = Number.NaN;
    try {
      end = compileDuration(iso).addTo(reference);
    } catch {
      // Not a duration luxon can hold: refused below like any other too long one.
    }
    if (end <= latest) return [];
    return [errorAt({ code: 'compile.duration_too_long', pointer, message: `${iso} is too long: a duration is at most ${MAX_DURATION_YEARS} years` })];
  });
}
