import type { CompiledStage } from './compiled-workflow';
import type { ArmedTimer, Instant } from './record';

const NO_TIMERS: readonly ArmedTimer[] = [];

/**
 * Arms a stage's timers for a record that entered it at `enteredAt`: dueAt = enteredAt + after, warnAt = dueAt − warnBefore.
 * @example armTimers(workflow.stage('sql')!, t)[0].dueAt // → t + 7 days
 */
export function armTimers(stage: CompiledStage, enteredAt: Instant): ArmedTimer[] {
  if (stage.timers.length === 0) return NO_TIMERS as ArmedTimer[];
  return stage.timers.map((timer) => {
    const dueAt = timer.after.addTo(enteredAt);
    const armed: ArmedTimer = { key: timer.key, stage: stage.key, startedAt: enteredAt, dueAt, warned: false, extensions: 0 };
    if (timer.warnBefore) armed.warnAt = timer.warnBefore.subtractFrom(dueAt);
    return armed;
  });
}
