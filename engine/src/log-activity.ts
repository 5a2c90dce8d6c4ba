import { armTimer } from './arm-timers';
import { followUpInPast } from './follow-up-in-past';
import { followUpSet } from './follow-up-set';
import type { CompiledWorkflow } from './compiled-workflow';
import type { Activity, ArmedTimer, Actor, Decision, FunnelEvent, FunnelRecord, Instant, PoolState, ScoredActivity } from './record';
import { MAX_SCORED_ACTIVITIES } from './score-of';
import { refreshSchedules } from './refresh-schedules';
import { runRules } from './run-rules';

/** How an activity counts: an outbound touch, a response from the contact, or neither. */
function classify(activity: Activity): { outbound: boolean; response: boolean; unansweredCall: boolean } {
  switch (activity.type) {
    case 'call':
      return { outbound: true, response: activity.outcome === 'answered', unansweredCall: activity.outcome !== 'answered' };
    case 'email':
      return { outbound: activity.direction === 'outbound', response: activity.direction === 'inbound', unansweredCall: false };
    case 'meeting':
      return { outbound: true, response: true, unansweredCall: false };
    case 'note':
      return { outbound: false, response: false, unansweredCall: false };
    default: {
      const never: never = activity;
      throw new Error(`unhandled activity ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Logs an activity: built-in counters (calls, unansweredCalls, touches, touchesWithoutResponse, meetings, emails),
 * first touch, last activity, the recent activities scoring reads (the last MAX_SCORED_ACTIVITIES); a call, email or
 * meeting restarts timers counted from the last activity (deadline and warning); a next step becomes the record's
 * follow-up; in a pool stage the pool's touches, the next nurture touch and dormancy after
 * N touches without response; then rules run (three unanswered calls disqualify).
 * @example logActivity({ workflow, record, activity: { type: 'call', outcome: 'unanswered' }, actor, now }).record.counters.unansweredCalls // → 1
 */
export function logActivity(args: { workflow: CompiledWorkflow; record: FunnelRecord; activity: Activity; actor: Actor; now: Instant }): Decision {
  const { workflow, record, activity, actor, now } = args;
  if (activity.nextStep && !(activity.nextStep.at > now)) {
    return { type: 'refused', blockers: [followUpInPast({ pointer: '/activity/nextStep/at', now })] };
  }
  const kind = classify(activity);
  const counters = { ...record.counters };
  const add = (name: string) => (counters[name] = (counters[name] ?? 0) + 1);
  if (activity.type === 'call') add('calls');
  if (activity.type === 'email') add('emails');
  if (activity.type === 'meeting') add('meetings');
  if (kind.outbound) add('touches');
  if (activity.type === 'call') counters.unansweredCalls = kind.unansweredCall ? (counters.unansweredCalls ?? 0) + 1 : 0;
  if (kind.response) counters.touchesWithoutResponse = 0;
  else if (kind.outbound) add('touchesWithoutResponse');

  const events: FunnelEvent[] = [{ type: 'activity_logged', at: now, actor: actor.id, recordId: record.id, activity }];
  let pool = record.pool;
  if (pool && (kind.outbound || kind.response)) {
    pool = poolAfterTouch({ pool, kind, now });
    const dormancy = workflow.stage(record.stage)?.pool?.dormancy;
    if (dormancy && !pool.dormant && pool.touchesWithoutResponse >= dormancy.afterTouchesWithoutResponse) {
      pool = { ...pool, dormant: true };
      events.push({ type: 'became_dormant', at: now, actor: actor.id, recordId: record.id });
    }
  }
  const next: FunnelRecord = {
    ...record,
    counters,
    lastActivityAt: now,
    activities: [...(record.activities ?? []).slice(1 - MAX_SCORED_ACTIVITIES), scoredActivity(activity, now)],
    timers: kind.outbound || kind.response ? pushedTimers({ workflow, record, now }) : record.timers,
    version: record.version + 1,
    ...(kind.outbound && record.firstTouchAt === undefined ? { firstTouchAt: now } : {}),
  };
  if (pool) next.pool = pool;
  const nextStep = activity.nextStep;
  if (nextStep) {
    const set = followUpSet({ at: nextStep.at, note: nextStep.note, actor: actor.id, recordId: record.id, now });
    if (set.followUp) next.followUp = set.followUp;
    events.push(set.event);
  }
  const updated = refreshSchedules({ workflow, record: next, now, touched: kind.outbound || kind.response });
  return { type: 'applied', ...runRules({ workflow, change: { record: updated, events, effects: [] }, now }) };
}

/** What scoring keeps of an activity: its type, its call outcome or email direction, and when. */
/**
 * What engagement scoring keeps of an activity logged at `at`: its type, and a call's outcome or an email's direction.
 * @example scoredActivity({ type: 'call', outcome: 'answered' }, at) // → { type: 'call', outcome: 'answered', at }
 */
export function scoredActivity(activity: Activity, at: Instant): ScoredActivity {
  if (activity.type === 'call') return { type: 'call', outcome: activity.outcome, at };
  if (activity.type === 'email') return { type: 'email', outcome: activity.direction, at };
  return { type: activity.type, at };
}

/**
 * Timers counted from the last activity start again at `now` (with the extensions they were granted), their warning
 * to be sent again; others are kept as they are.
 */
function pushedTimers({ workflow, record, now }: { workflow: CompiledWorkflow; record: FunnelRecord; now: Instant }): ArmedTimer[] {
  const stage = workflow.stage(record.stage);
  if (!stage?.timers.some((t) => t.from === 'last_activity')) return record.timers;
  return record.timers.map((armed) => {
    const timer = stage.timers.find((t) => t.key === armed.key && t.from === 'last_activity');
    if (!timer || armed.stage !== stage.key) return armed;
    const pushed = armTimer({ timer, startedAt: now, extensions: armed.extensions });
    if (armed.pendingExtension) pushed.pendingExtension = armed.pendingExtension;
    return pushed;
  });
}

function poolAfterTouch({ pool, kind, now }: { pool: PoolState; kind: { outbound: boolean; response: boolean }; now: Instant }): PoolState {
  if (kind.response) {
    return { ...pool, touches: pool.touches + (kind.outbound ? 1 : 0), touchesWithoutResponse: 0, dormant: false, lastTouchAt: now };
  }
  return { ...pool, touches: pool.touches + 1, touchesWithoutResponse: pool.touchesWithoutResponse + 1, lastTouchAt: now };
}
