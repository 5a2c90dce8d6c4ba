import type { CompiledStage, CompiledTimer } from './compiled-workflow';
import type { ArmedTimer, Instant } from './record';

const NO_TIMERS: readonly ArmedTimer[] = [];

/**
 * Arms a stage's timers for a record that entered it at `enteredAt`: dueAt = start + after, warnAt = dueAt − warnBefore,
 * where a timer counted from the last activity starts at `lastActivityAt` when that is later than the entry.
 * @example armTimers(workflow.stage('sql')!, t)[0].dueAt // → t + 7 days
 */
export function armTimers(stage: CompiledStage, enteredAt: Instant, lastActivityAt?: Instant): ArmedTimer[] {
  if (stage.timers.length === 0) return NO_TIMERS as ArmedTimer[];
  return stage.timers.map((timer) => {
    const start = timer.from === 'last_activity' && lastActivityAt !== undefined && lastActivityAt > enteredAt ? lastActivityAt : enteredAt;
    return armTimer({ timer, startedAt: start, extensions: 0 });
  });
}

/**
 * One timer armed from `startedAt`, its deadline pushed by the `extensions` already granted, its warning not yet sent.
 * @example armTimer({ timer, startedAt: t, extensions: 1 }).dueAt // → t + 7 days + 7 days (one extension of P7D)
 */
export function armTimer({ timer, startedAt, extensions }: { timer: CompiledTimer; startedAt: Instant; extensions: number }): ArmedTimer {
  let dueAt = timer.after.addTo(startedAt);
  for (let i = 0; i < extensions && timer.extension; i++) dueAt = timer.extension.length.addTo(dueAt);
  const armed: ArmedTimer = { key: timer.key, stage: timer.stage, startedAt, dueAt, warned: false, extensions };
  if (timer.warnBefore) armed.warnAt = timer.warnBefore.subtractFrom(dueAt);
  return armed;
}
