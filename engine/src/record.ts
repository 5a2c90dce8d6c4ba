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

/** A transition asked for and waiting for its approver: who asked, when, why, and what they will take it with. */
export interface PendingApproval {
  transition: string;
  requestedBy: string;
  requestedAt: Instant;
  note?: string;
  input?: { reason?: string; fields?: Record<string, unknown>; probability?: number };
}

/** The next follow-up of a record: when, what for, who set it; `reminded` once its reminder went out. */
export interface FollowUp {
  at: Instant;
  note?: string;
  setBy: string;
  setAt: Instant;
  reminded: boolean;
}

/** What engagement scoring keeps of a logged activity: its type, its outcome (a call's) or direction (an email's), when. */
export interface ScoredActivity {
  type: Activity['type'];
  outcome?: string;
  at: Instant;
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
  /**
   * Set by a transition that excludes its passage from performance (a return to marketing) and kept: the metrics leave
   * out that passage (docs/metrics.md "Performance exclusions"), or the whole record when its log holds no such
   * transition.
   */
  excludedFromPerformance: boolean;
  /** Set while `probability` is one a person chose (a transition's override or set_probability), not the stage's. */
  probabilityOverride?: { by: string; at: Instant };
  /** The most recent activities (at most MAX_SCORED_ACTIVITIES, oldest first), which engagement scoring reads. */
  activities?: ScoredActivity[];
  followUp?: FollowUp;
  /** A transition waiting for approval; it lapses when the record changes stage. */
  pendingApproval?: PendingApproval;
  /** Incremented by every applied change; the api uses it for optimistic concurrency. */
  version: number;
}

/** The next step an activity sets: the record's next follow-up. */
export interface NextStep {
  at: Instant;
  note?: string;
}

/** What a logged activity was, and optionally the next step it sets (the record's next follow-up). */
export type Activity = (
  | { type: 'call'; outcome: 'answered' | 'unanswered' | 'wrong_number' | 'busy'; note?: string }
  | { type: 'email'; direction: 'outbound' | 'inbound'; note?: string }
  | { type: 'meeting'; note?: string }
  | { type: 'note'; note: string }
) & { nextStep?: NextStep };

/** What an approval decides: a transition, or an extension of a timer (the extension rules and limits apply). */
export type ApprovalSubject = { type: 'transition'; transition: string } | { type: 'extension'; timer: string };

/**
 * What the log adds to every event as it lands: the owner the record had once the change that logged the event was
 * applied, or, when that change left it with nobody (a release, a recycle to the pool, a disqualification), the owner
 * it had before: the passage it ends was theirs (null: nobody either way). The metrics read it as "the owner at the
 * time of the event" (docs/metrics.md "Filters"); absent on events logged before the log stamped it, which count
 * under the record's owner now.
 */
export type LoggedOwner = { owner?: string | null };

/** An entry for the event log (the audit trail and the source of metrics). */
export type FunnelEvent = LoggedOwner & EventBody;

/** What an event says, by its type. */
type EventBody =
  /** `score`: the record's score as it entered its stage, when the definition scores (score calibration reads it). */
  | {
      type: 'record_created';
      at: Instant;
      actor: string;
      recordId: string;
      stage: string;
      pipeline?: string;
      score?: number;
      /** The lead source the record was created with (its `source` field, null without one), stamped by the log as it lands. */
      source?: string | null;
    }
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
      /** The record's score as it entered `to`, when the definition scores (score calibration reads it). */
      score?: number;
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
  | { type: 'migrated'; at: Instant; actor: string; recordId: string; fromVersion: number; toVersion: number; from: string; to: string }
  /** The next follow-up was set (`at`), moved, or cleared (`at: null`), by a person or by an activity's next step. */
  | { type: 'follow_up_set'; at: Instant; actor: string; recordId: string; followUpAt: Instant | null; note?: string }
  | { type: 'follow_up_due'; at: Instant; actor: string; recordId: string; followUpAt: Instant; note?: string }
  | { type: 'approval_requested'; at: Instant; actor: string; recordId: string; transition: string; note?: string }
  | { type: 'approval_decided'; at: Instant; actor: string; recordId: string; transition: string; approved: boolean; requestedBy: string; reason?: string }
  | { type: 'probability_set'; at: Instant; actor: string; recordId: string; from: number; to: number; reason: string };

/**
 * Something the caller (the api) carries out after persisting the change. A `notify` is `about` a transition key, or
 * one of: extension_requested, extension_approved, extension_rejected, approval_requested, approval_approved,
 * approval_rejected, follow_up_due (the owner's reminder; the `follow_up_due` event holds the note).
 */
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
  /** The transition needs approval: request it (request_approval); these decide it. */
  | { type: 'approval_required'; roles: Role[]; ownerManager: boolean }
  | { type: 'approval_pending'; transition: string; requestedBy: string }
  | { type: 'no_pending_approval'; transition: string }
  | { type: 'approval_not_required'; transition: string }
  /** Only these may decide the request: anyone with one of `roles`, or the owner's manager. */
  | { type: 'not_approver'; roles: Role[]; ownerManager: boolean }
  /** Whoever asked for an approval cannot give it. */
  | { type: 'own_request' }
  /** The record is closed (won or lost): its probability is its outcome's. */
  | { type: 'record_closed'; outcome: Outcome }
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
