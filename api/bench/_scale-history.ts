// (The leading underscore keeps `pnpm bench` from running this as a benchmark.)
// One record's year as the api would have stored it, for api/bench/scale.ts: the engine decides every step (routed
// creation, transitions, activities, and the timers a running sweeper would have fired meanwhile), and the documents
// are built by the api's own functions (storedRecord, contact keys, stored score, outbox ids, loggedEvent).
import {
  applyTransition,
  contactKeys,
  createRecord,
  fireDueTimers,
  logActivity,
  type Activity,
  type Actor,
  type Change,
  type CompiledWorkflow,
  type Decision,
  type FunnelEvent,
  type FunnelRecord,
} from '@funnel/engine';
import type { EventDoc } from '../src/models/event';
import { loggedEvent, outboxEntries } from '../src/services/outbox-drainer';
import { storedRecord } from '../src/services/record-update';
import { storedContactKeys } from '../src/services/stored-contact-keys';
import { storedScore } from '../src/services/stored-score';

const DAY_MS = 86_400_000;
/** Most due-timer rounds run before one step (a pool record touched monthly for a year needs about 12). */
const MAX_TIMER_ROUNDS = 50;
/** How long after an event the drain that copied it into the log began (its `loggedAt`). */
const LOGGED_AFTER_MS = 20;

/** The people of the tenant: salespeople (each under one manager) and marketing. */
export interface ScalePeople {
  sales: readonly string[];
  marketing: readonly string[];
}

/** Where a record's path stops, with its share of records (the shares add up to 1). */
const ENDINGS: readonly { steps: readonly string[]; share: number }[] = [
  { steps: [], share: 0.25 },
  { steps: ['disqualify'], share: 0.04 },
  { steps: ['qualify'], share: 0.16 },
  { steps: ['qualify', 'accept'], share: 0.05 },
  { steps: ['qualify', 'accept', 'return_mql'], share: 0.03 },
  { steps: ['qualify', 'accept', 'create_opportunity'], share: 0.1 },
  { steps: ['qualify', 'accept', 'create_opportunity', 'lose'], share: 0.1 },
  { steps: ['qualify', 'accept', 'create_opportunity', 'start_trial'], share: 0.06 },
  { steps: ['qualify', 'accept', 'create_opportunity', 'start_trial', 'lose'], share: 0.04 },
  { steps: ['qualify', 'accept', 'create_opportunity', 'start_trial', 'negotiate'], share: 0.03 },
  { steps: ['qualify', 'accept', 'create_opportunity', 'start_trial', 'negotiate', 'win'], share: 0.14 },
];

/** A farmer's record starts at the opportunity stage: its path is the opportunity part of a hunter's. */
const FARMER_ENDINGS: readonly { steps: readonly string[]; share: number }[] = [
  { steps: [], share: 0.3 },
  { steps: ['lose'], share: 0.15 },
  { steps: ['start_trial'], share: 0.15 },
  { steps: ['start_trial', 'negotiate'], share: 0.1 },
  { steps: ['start_trial', 'negotiate', 'win'], share: 0.3 },
];

/** Transitions marketing makes; the rest are the owner's. */
const MARKETING_STEPS = new Set(['qualify', 'disqualify', 'reactivate']);

/** Each in turn, by share: what a logged activity is. */
const ACTIVITIES: readonly { activity: Activity; share: number }[] = [
  { activity: { type: 'call', outcome: 'answered' }, share: 0.45 },
  { activity: { type: 'call', outcome: 'unanswered' }, share: 0.1 },
  { activity: { type: 'email', direction: 'outbound' }, share: 0.25 },
  { activity: { type: 'email', direction: 'inbound' }, share: 0.1 },
  { activity: { type: 'meeting' }, share: 0.1 },
];

/** Lead sources, in turn. */
const SOURCES = ['web', 'referral', 'event', 'third_party_list', 'partner'] as const;

/**
 * Park and Miller's minimal standard generator: the same history on every run.
 * @example const next = random(2026); next() // → a number in [0, 1)
 */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

/** The item whose share range holds `u` (in [0, 1)). */
function byShare<T extends { share: number }>(items: readonly T[], u: number): T {
  let left = u;
  for (const item of items) {
    left -= item.share;
    if (left < 0) return item;
  }
  return items[items.length - 1] as T;
}

/** One step of a record's plan: a transition or an activity, at a time. */
type Step = { at: number; transition: string } | { at: number; activity: Activity };

/** The documents one record leaves: the record and its events, as the api stores them. */
export interface RecordHistory {
  record: Record<string, unknown>;
  events: EventDoc[];
}

/**
 * Record `index`'s history: created by routing (a hunter's, at the lead stage) or by its owner (a farmer's, at the
 * opportunity stage) at a time of the past year, moved along one of ENDINGS a few days a step, with `activities`
 * activities spread over its life, and every timer that came due fired as the sweeper would have (the one-week rule
 * recycles an SQL left a week, a pool record is touched monthly), up to `now`.
 * @example recordHistory({ workflow, tenantId, people, index: 7, activities: 2, now, next }).events.length // → 5
 */
export function recordHistory(input: {
  workflow: CompiledWorkflow;
  tenantId: string;
  people: ScalePeople;
  index: number;
  activities: number;
  now: number;
  next: () => number;
}): RecordHistory {
  const { workflow, tenantId, people, index, now, next } = input;
  const id = index.toString(16).padStart(24, '0');
  const farmer = next() < 0.2;
  const owner = people.sales[index % people.sales.length] as string;
  const marketer = people.marketing[index % people.marketing.length] as string;
  const createdAt = now - 365 * DAY_MS + Math.floor(next() * 364 * DAY_MS);
  const events: EventDoc[] = [];
  const keep = (change: Change): FunnelRecord => {
    for (const entry of outboxEntries(change.record, change.events)) {
      const at = (entry.event as FunnelEvent).at;
      events.push(
        loggedEvent(
          { tenantId, recordId: change.record.id, workflowKey: workflow.key, version: change.record.version, entries: [] },
          entry,
          at + LOGGED_AFTER_MS,
        ),
      );
    }
    return change.record;
  };
  let record = keep(created({ workflow, id, owner, marketer, farmer, fields: fieldsOf(index), at: createdAt }));
  const plan = planOf({ farmer, createdAt, activities: input.activities, now, next });
  for (const step of plan) {
    record = fireDue({ workflow, record, now: step.at, keep });
    const actor: Actor =
      'transition' in step && MARKETING_STEPS.has(step.transition)
        ? { id: marketer, roles: ['marketing'] }
        : { id: record.owner ?? marketer, roles: record.owner ? ['sales'] : ['marketing'] };
    const decision =
      'transition' in step
        ? transition({ workflow, record, transition: step.transition, actor, at: step.at })
        : logActivity({ workflow, record, activity: step.activity, actor, now: step.at });
    // A step the record's state no longer allows (a timer moved it meanwhile) is skipped, as a person would.
    if (decision.type === 'applied') record = keep(decision);
  }
  record = fireDue({ workflow, record, now: now - 1, keep });
  return { record: recordDocument({ workflow, tenantId, record, now }), events };
}

/** The create the api makes: a hunter's routed round the sales team (with its `assigned` event), a farmer's by its owner. */
function created(input: {
  workflow: CompiledWorkflow;
  id: string;
  owner: string;
  marketer: string;
  farmer: boolean;
  fields: Record<string, unknown>;
  at: number;
}): Change {
  const { workflow, id, owner, at } = input;
  if (input.farmer) {
    return applied(createRecord({ workflow, id, fields: input.fields, actor: { id: owner, roles: ['sales'] }, now: at, pipeline: 'farmers', owner }));
  }
  const change = applied(
    createRecord({ workflow, id, fields: input.fields, actor: { id: input.marketer, roles: ['marketing'] }, now: at, pipeline: 'hunters', owner }),
  );
  const assigned: FunnelEvent = {
    type: 'assigned',
    at,
    actor: input.marketer,
    recordId: id,
    from: null,
    to: owner,
    rule: 'sales_team',
    strategy: 'round_robin',
  };
  return { ...change, events: [...change.events, assigned] };
}

/** The change of an applied decision; a refused one is a bug of this seed. */
function applied(decision: Decision): Change {
  if (decision.type !== 'applied') throw new Error(`scale seed: the engine refused a create: ${JSON.stringify(decision)}`);
  return decision;
}

/** A transition with the reason its definition requires. */
function transition(input: { workflow: CompiledWorkflow; record: FunnelRecord; transition: string; actor: Actor; at: number }): Decision {
  const reason = input.transition === 'lose' ? 'price' : input.transition === 'return_mql' ? 'no_need' : undefined;
  return applyTransition({
    workflow: input.workflow,
    record: input.record,
    transition: input.transition,
    actor: input.actor,
    now: input.at,
    ...(reason ? { input: { reason } } : {}),
  });
}

/** Fires what came due on `record` up to `now`, round by round, as the sweeper would have. */
function fireDue(input: { workflow: CompiledWorkflow; record: FunnelRecord; now: number; keep: (change: Change) => FunnelRecord }): FunnelRecord {
  let record = input.record;
  for (let round = 0; round < MAX_TIMER_ROUNDS && record.nextDueAt !== null && record.nextDueAt <= input.now; round++) {
    const change = fireDueTimers({ workflow: input.workflow, record, now: record.nextDueAt });
    if (change.record === record) break;
    record = input.keep(change);
  }
  return record;
}

/**
 * The record's steps in time order: its ending's transitions 1–6 days apart (stopping at `now`), and `activities`
 * activities at random times between its creation and a month after its last transition.
 */
function planOf(input: { farmer: boolean; createdAt: number; activities: number; now: number; next: () => number }): Step[] {
  const { createdAt, now, next } = input;
  const ending = byShare(input.farmer ? FARMER_ENDINGS : ENDINGS, next());
  const steps: Step[] = [];
  let at = createdAt;
  for (const key of ending.steps) {
    at += Math.floor((1 + next() * 5) * DAY_MS);
    if (at >= now) break;
    steps.push({ at, transition: key });
  }
  const span = Math.min(now - 1, at + 30 * DAY_MS) - createdAt;
  for (let i = 0; i < input.activities; i++) {
    steps.push({ at: createdAt + 1 + Math.floor(next() * span), activity: byShare(ACTIVITIES, next()).activity });
  }
  return steps.sort((a, b) => a.at - b.at);
}

/** A lead's fields: enough for every transition's required fields and guards. */
function fieldsOf(index: number): Record<string, unknown> {
  return {
    name: `Lead ${index}`,
    email: `lead${index}@bench${index % 997}.example`,
    phone: `+1 555 ${String(1_000_000 + index)}`,
    companyName: `Company ${index % 50_000}`,
    companyVerified: true,
    source: SOURCES[index % SOURCES.length],
    product: 'Seats',
    seats: 1 + (index % 40),
    amount: 1000 + (index % 90) * 250,
  };
}

/** The record's document as RecordStore writes it (outbox drained: its events are in the log). */
function recordDocument(input: { workflow: CompiledWorkflow; tenantId: string; record: FunnelRecord; now: number }): Record<string, unknown> {
  const { workflow, record } = input;
  const score = storedScore({ workflow, record, now: input.now });
  return storedRecord({
    record,
    extra: { outbox: [], ...storedContactKeys(contactKeys(workflow.definition, record.fields)), ...score },
    tenantId: input.tenantId,
  });
}
