import type { ForecastCategory, Outcome, Phase, Role } from '@funnel/schemas';

/** Milliseconds since the Unix epoch, UTC. The engine never reads a clock: every `now` is an argument. */
export type Instant = number;

/** Who acts: a user (or API key bound to one) with roles, or the system (timers, rules). */
export interface Actor {
  id: string;
  roles: readonly Role[];
  /** `true` for timers, rules and migrations: role checks do not apply, guards and required fields still do. */
  system?: boolean;
}

/** One timer armed on a record, from its stage's definition. */
export interface ArmedTimer {
  key: string;
  stage: string;
  startedAt: Instant;
  dueAt: Instant;
  /** When the warning is due; absent when the timer has no warning or it has fired. */
  warnAt?: Instant;
  warned: boolean;
  extensions: number;
  /** An extension asked for and not yet decided. */
  pendingExtension?: { requestedBy: string; requestedAt: Instant };
  /**
   * Set when the timer came due but its transition was blocked: the timer is then left out of `nextDueAt`
   * (no busy loop) until the record changes (fields, activity, extension), which clears it.
   */
  blockedAt?: Instant;
}

/** Where a record stands in a pool stage. */
export interface PoolState {
  since: Instant;
  reason?: string;
  previousOwner?: string;
  releasedAt?: Instant;
  touches: number;
  touchesWithoutResponse: number;
  /** The last outbound touch logged while in the pool; the next touch is due `every` after it (or after `since`). */
  lastTouchAt?: Instant;
  dormant: boolean;
  /** The nurture cadence in force and when its next touch is due. */
  cadence?: string;
  nextTouchAt?: Instant;
}

/**
 * A record as the engine sees it: plain data, JSON-safe, times as epoch milliseconds.
 * The api persists it as is (plus tenant and ids) and keeps `nextDueAt` indexed.
 */
export interface FunnelRecord {
  id: string;
  workflowKey: string;
  workflowVersion: number;
  pipeline?: string;
  stage: string;
  phase: Phase;
  forecastCategory: ForecastCategory;
  probability: number;
  outcome?: Outcome;
  owner: string | null;
  fields: Record<string, unknown>;
  counters: Record<string, number>;
  createdAt: Instant;
  stageEnteredAt: Instant;
  firstTouchAt?: Instant;
  lastActivityAt?: Instant;
  closedAt?: Instant;
  timers: ArmedTimer[];
  /** The earliest instant at which something is due on this record (timer, warning, nurture touch), or null. */
  nextDueAt: Instant | null;
  pool?: PoolState;
  excludedFromPerformance: boolean;
  /** Incremented by every applied change; the api uses it for optimistic concurrency. */
  version: number;
}

/** What a logged activity was. */
export type Activity =
  | { type: 'call'; outcome: 'answered' | 'unanswered' | 'wrong_number' | 'busy'; note?: string }
  | { type: 'email'; direction: 'outbound' | 'inbound'; note?: string }
  | { type: 'meeting'; note?: string }
  | { type: 'note'; note: string };

/** An entry for the event log (the audit trail and the source of metrics). */
export type FunnelEvent =
  | { type: 'record_created'; at: Instant; actor: string; recordId: string; stage: string; pipeline?: string }
  | {
      type: 'transitioned';
      at: Instant;
      actor: string;
      recordId: string;
      transition: string;
      from: string;
      to: string;
      reason?: string;
      cause: 'actor' | 'timer' | 'rule' | 'claim' | 'release' | 'nurture';
      /** The rule that fired it (cause `rule`), so history names the rule. */
      rule?: string;
      excludedFromPerformance: boolean;
      /** Time spent in `from`, in milliseconds. */
      durationInStage: number;
    }
  | { type: 'fields_updated'; at: Instant; actor: string; recordId: string; changed: string[] }
  | { type: 'activity_logged'; at: Instant; actor: string; recordId: string; activity: Activity }
  | { type: 'timer_warned'; at: Instant; actor: string; recordId: string; timer: string; dueAt: Instant }
  | { type: 'timer_fired'; at: Instant; actor: string; recordId: string; timer: string; transition: string }
  | { type: 'timer_blocked'; at: Instant; actor: string; recordId: string; timer: string; transition: string; blockers: Blocker[] }
  | { type: 'extension_requested'; at: Instant; actor: string; recordId: string; timer: string }
  | { type: 'extension_decided'; at: Instant; actor: string; recordId: string; timer: string; approved: boolean; dueAt: Instant }
  | { type: 'claimed'; at: Instant; actor: string; recordId: string; from: string; to: string }
  | { type: 'released'; at: Instant; actor: string; recordId: string; reason?: string; previousOwner: string | null }
  | { type: 'nurture_touch_due'; at: Instant; actor: string; recordId: string; cadence: string }
  | { type: 'became_dormant'; at: Instant; actor: string; recordId: string }
  | { type: 'owner_changed'; at: Instant; actor: string; recordId: string; from: string | null; to: string | null }
  /**
   * Routing gave the record an owner (`to`), or found nobody and sent it to the pool (`to: null`, `reason:
   * 'no_one_available'`), by `rule` with its `strategy` (null for a rule naming one user), or a person assigned it
   * (`rule` and `strategy` null, their `reason`). The api logs it; the engine only types it; metrics ignore it.
   */
  | {
      type: 'assigned';
      at: Instant;
      actor: string;
      recordId: string;
      from: string | null;
      to: string | null;
      rule: string | null;
      strategy: string | null;
      reason?: string;
    }
  | { type: 'migrated'; at: Instant; actor: string; recordId: string; fromVersion: number; toVersion: number; from: string; to: string };

/** Something the caller (the api) carries out after persisting the change. */
export type FunnelEffect =
  | { type: 'notify'; to: 'owner' | 'manager' | 'previous_owner'; userId: string | null; recordId: string; about: string }
  | { type: 'warn_owner'; userId: string | null; recordId: string; timer: string; dueAt: Instant };

/** Why a transition (or claim, or extension) cannot happen now. Every blocker is listed, not just the first. */
export type Blocker =
  | { type: 'wrong_stage'; stage: string; allowed: string[] }
  | { type: 'role'; required: Role[] }
  | { type: 'guard'; message: { en: string; 'zh-Hans'?: string; 'zh-Hant'?: string } }
  | { type: 'missing_field'; field: string; pointer: string }
  | { type: 'invalid_field'; code: string; pointer: string; message: string }
  | { type: 'reason_required'; options: string[] }
  | { type: 'unknown_reason'; reason: string; options: string[] }
  | { type: 'probability_override_not_allowed' }
  | { type: 'limit_reached'; limit: string; max: number; current: number }
  | { type: 'cooldown'; until: Instant }
  | { type: 'not_in_pool' }
  | { type: 'no_extension_policy'; timer: string }
  | { type: 'no_pending_extension'; timer: string }
  | { type: 'extension_pending'; timer: string }
  | { type: 'not_owner'; owner: string | null }
  /** A migration plan made for another version than the record runs on. */
  | { type: 'wrong_version'; expected: number; actual: number };

/** A change the engine computed: the new record, the events to log and the effects to carry out. */
export interface Change {
  record: FunnelRecord;
  events: FunnelEvent[];
  effects: FunnelEffect[];
}

/** The typed result of every engine decision that can be refused. */
export type Decision =
  | ({ type: 'applied' } & Change)
  | { type: 'refused'; blockers: Blocker[] }
  | { type: 'not_found'; what: 'transition' | 'timer' | 'stage' | 'pipeline'; key: string };
