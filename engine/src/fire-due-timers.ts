import { DORMANT_CADENCE, type CompiledWorkflow } from './compiled-workflow';
import { nextDueAt } from './next-due-at';
import type { ArmedTimer, Blocker, Change, FunnelEffect, FunnelEvent, FunnelRecord, Instant } from './record';
import { runRules } from './run-rules';
import { stepTransition, type TransitionCause } from './step-transition';
import { SYSTEM_ACTORS } from './system-actor';

/**
 * Everything due on a record at `now`, in order: warnings not yet sent (`timer_warned` + a `warn_owner` effect;
 * a warning whose deadline has also passed is skipped), a follow-up come due (`follow_up_due` + a `notify` of the
 * owner about `follow_up_due`, once), then the earliest due timer fires its transition as the
 * system (`timer_fired`, or `timer_blocked` with every blocker, after which the timer waits for a change to the
 * record), then, for a record still in a pool, a due nurture touch (`nurture_touch_due`, or the cadence's `fire`
 * transition). Rules run after a move. Events are empty when nothing is due.
 * @example fireDueTimers({ workflow, record, now: sevenDaysLater }).record.stage // → 'pool'
 */
export function fireDueTimers(args: { workflow: CompiledWorkflow; record: FunnelRecord; now: Instant }): Change {
  const { workflow, now } = args;
  const events: FunnelEvent[] = [];
  const effects: FunnelEffect[] = [];
  const base = { at: now, actor: SYSTEM_ACTORS.timer.id, recordId: args.record.id };
  let timers = args.record.timers.map((timer): ArmedTimer => {
    if (timer.warnAt === undefined || timer.warned || timer.warnAt > now || timer.blockedAt !== undefined) return timer;
    if (timer.dueAt > now) {
      events.push({ type: 'timer_warned', ...base, timer: timer.key, dueAt: timer.dueAt });
      effects.push({ type: 'warn_owner', userId: args.record.owner, recordId: args.record.id, timer: timer.key, dueAt: timer.dueAt });
    }
    return { ...timer, warned: true };
  });
  let record: FunnelRecord = events.length > 0 || timers.some((t, i) => t !== args.record.timers[i]) ? { ...args.record, timers } : args.record;
  const followUp = record.followUp;
  if (followUp && !followUp.reminded && followUp.at <= now) {
    events.push({ type: 'follow_up_due', ...base, followUpAt: followUp.at, ...(followUp.note !== undefined ? { note: followUp.note } : {}) });
    effects.push({ type: 'notify', to: 'owner', userId: record.owner, recordId: record.id, about: 'follow_up_due' });
    record = { ...record, followUp: { ...followUp, reminded: true } };
  }

  const due = timers.filter((t) => t.blockedAt === undefined && t.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt)[0];
  const dueTransition = due && workflow.stage(due.stage)?.timers.find((t) => t.key === due.key)?.transition;
  if (due) {
    // A timer the record's stage no longer defines (a record left on an old version) counts as blocked, so the
    // sweeper does not pick it up again and again.
    const moved: Fired =
      dueTransition === undefined
        ? { type: 'blocked', blockers: [] }
        : fire({ workflow, record, transitionKey: dueTransition, cause: 'timer', causeKey: due.key, now });
    if (moved.type === 'applied' && dueTransition !== undefined) {
      events.push({ type: 'timer_fired', ...base, timer: due.key, transition: dueTransition }, ...moved.events);
      effects.push(...moved.effects);
      return finish({ change: { record: moved.record, events, effects }, original: args.record, workflow, now });
    }
    events.push({ type: 'timer_blocked', ...base, timer: due.key, transition: dueTransition ?? '', blockers: moved.type === 'blocked' ? moved.blockers : [] });
    timers = timers.map((t) => (t === due ? { ...t, blockedAt: now } : t));
    record = { ...record, timers };
  }

  const pool = record.pool;
  const cadenceKey = pool?.cadence;
  if (pool && cadenceKey !== undefined && pool.nextTouchAt !== undefined && pool.nextTouchAt <= now) {
    const spec = workflow.stage(record.stage)?.pool;
    const cadence = spec?.cadences.find((c) => c.key === cadenceKey);
    const every = cadenceKey === DORMANT_CADENCE ? spec?.dormancy?.every : cadence?.every;
    if (cadence?.fire !== undefined && !pool.dormant) {
      const moved = fire({ workflow, record, transitionKey: cadence.fire, cause: 'nurture', causeKey: cadence.key, now });
      if (moved.type === 'applied') {
        return finish({
          change: { record: moved.record, events: [...events, ...moved.events], effects: [...effects, ...moved.effects] },
          original: args.record,
          workflow,
          now,
        });
      }
    }
    events.push({ type: 'nurture_touch_due', ...base, actor: SYSTEM_ACTORS.nurture.id, cadence: cadenceKey });
    record = { ...record, pool: { ...pool, ...(every ? { nextTouchAt: every.addTo(now) } : {}) } };
  }
  if (events.length === 0) return { record: args.record, events, effects };
  return { record: { ...record, nextDueAt: nextDueAt(record), version: args.record.version + 1 }, events, effects };
}

type Fired = { type: 'applied'; record: FunnelRecord; events: FunnelEvent[]; effects: FunnelEffect[] } | { type: 'blocked'; blockers: Blocker[] };

function fire(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  transitionKey: string;
  cause: Extract<TransitionCause, 'timer' | 'nurture'>;
  causeKey: string;
  now: Instant;
}): Fired {
  const transition = args.workflow.transition(args.transitionKey);
  if (!transition) return { type: 'blocked', blockers: [] };
  // The timer or the cadence acts, as its events say.
  const result = stepTransition({ ...args, transition, actor: SYSTEM_ACTORS[args.cause] });
  if (result.type === 'applied') return result;
  return { type: 'blocked', blockers: result.type === 'refused' ? result.blockers : [] };
}

/** After a timer or cadence moved the record: one version step for the whole sweep, then rules. */
function finish({ change, original, workflow, now }: { change: Change; original: FunnelRecord; workflow: CompiledWorkflow; now: Instant }): Change {
  const record = { ...change.record, version: original.version + 1 };
  return runRules({ workflow, change: { ...change, record }, now });
}
