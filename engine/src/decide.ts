import { applyTransition } from './apply-transition';
import { assignRecord, type AssignedBy } from './assign-record';
import { claimRecord } from './claim-record';
import type { CompiledWorkflow } from './compiled-workflow';
import { createRecord } from './create-record';
import { decideApproval } from './decide-approval';
import { decideExtension } from './decide-extension';
import { fireDueTimers } from './fire-due-timers';
import { logActivity } from './log-activity';
import { migrateRecord } from './migrate-record';
import type { MigrationPlan } from './plan-migration';
import type { Activity, Actor, ApprovalSubject, Decision, FunnelRecord, Instant } from './record';
import { refreshRecord } from './refresh-record';
import { releaseRecord } from './release-record';
import { requestApproval } from './request-approval';
import { requestExtension } from './request-extension';
import { setFollowUp } from './set-follow-up';
import { setProbability } from './set-probability';
import type { TransitionInput } from './transition-blockers';
import { updateFields } from './update-fields';

/** Creates a record on `workflow` (the one command without a record). */
export interface CreateCommand {
  type: 'create';
  id: string;
  fields: Record<string, unknown>;
  actor: Actor;
  pipeline?: string;
  owner?: string | null;
  /** Create it straight into the pool, unowned, with this reason (routing found nobody: NO_ONE_AVAILABLE). */
  pool?: { reason: string };
}

/**
 * What can be asked of an existing record. Facts the engine cannot know from the record alone are part of
 * the command, read by the caller under the lease that keeps them true until the write: `recentClaims`
 * (the claimer's claim times), `ownerExtendedRecords` (the owner's other records with an extension) and
 * `actorManagesOwner` (whether the actor is the owner's manager).
 */
export type RecordCommand =
  | { type: 'transition'; transition: string; actor: Actor; input?: TransitionInput }
  | { type: 'update_fields'; fields: Record<string, unknown>; actor: Actor }
  | { type: 'log_activity'; activity: Activity; actor: Actor }
  | { type: 'claim'; actor: Actor; recentClaims: readonly Instant[] }
  | { type: 'release'; actor: Actor; reason?: string }
  /** Gives the record to `to`: a manager's assignment (with a reason) or routing's (`by` its rule). */
  | { type: 'assign'; to: string; actor: Actor; by?: AssignedBy | null; reason?: string }
  | { type: 'request_extension'; timer: string; actor: Actor; ownerExtendedRecords: number }
  | { type: 'decide_extension'; timer: string; approve: boolean; actor: Actor; ownerExtendedRecords: number }
  /** The next follow-up, or none (`at: null`). */
  | { type: 'set_follow_up'; at: Instant | null; note?: string; actor: Actor }
  /** A probability set outside a transition, with the reason history shows. */
  | { type: 'set_probability'; probability: number; reason: string; actor: Actor }
  /** Asks for a transition that needs approval (with the input it will be taken with) or for an extension. */
  | { type: 'request_approval'; subject: ApprovalSubject; input?: TransitionInput; note?: string; actor: Actor; ownerExtendedRecords: number }
  /** Decides a request; `actorManagesOwner` says whether the actor is the owner's manager. */
  | {
      type: 'decide_approval';
      subject: ApprovalSubject;
      approve: boolean;
      reason?: string;
      actor: Actor;
      ownerExtendedRecords: number;
      actorManagesOwner: boolean;
    }
  /** Runs the stage's rules at `now` with nothing changed (a score that decayed across a rule's line); never refused. */
  | { type: 'refresh' }
  /** The system fires what is due at `now` (warnings, recycle timers, cadence touches); never refused. */
  | { type: 'fire_due_timers' }
  /** Moves the record to the plan's target version, which is `workflow` here. */
  | { type: 'migrate'; plan: MigrationPlan; actor: Actor };

export type Command = CreateCommand | RecordCommand;

/** What `decide` needs: the workflow the record is on (for `migrate`, the version it moves to), the time, the record (none for `create`). */
export type DecideInput =
  | { workflow: CompiledWorkflow; now: Instant; record?: undefined; command: CreateCommand }
  | { workflow: CompiledWorkflow; now: Instant; record: FunnelRecord; command: RecordCommand };

/**
 * The engine's one entry: what a command does to a record at `now`, as a decision (the new record with its
 * events and effects, a refusal with every blocker, or what was not found). Pure: the caller loads the
 * record and the workflow, asks, and commits what is applied (docs/decisions.md 24). An applied decision
 * whose record is the one given (`fire_due_timers` with nothing due) changes nothing.
 * @example decide({ workflow, record, now, command: { type: 'transition', transition: 'qualify', actor } }) // → { type: 'applied', record, events, effects }
 */
export function decide(input: DecideInput): Decision {
  const { workflow, now } = input;
  if (input.record === undefined) {
    return createRecord({ workflow, now, ...commandArgs(input.command) });
  }
  const { record, command } = input;
  switch (command.type) {
    case 'transition':
      return applyTransition({
        workflow,
        record,
        now,
        transition: command.transition,
        actor: command.actor,
        ...(command.input ? { input: command.input } : {}),
      });
    case 'update_fields':
      return updateFields({ workflow, record, now, fields: command.fields, actor: command.actor });
    case 'log_activity':
      return logActivity({ workflow, record, now, activity: command.activity, actor: command.actor });
    case 'claim':
      return claimRecord({ workflow, record, now, actor: command.actor, recentClaims: command.recentClaims });
    case 'release':
      return releaseRecord({ workflow, record, now, actor: command.actor, ...(command.reason !== undefined ? { reason: command.reason } : {}) });
    case 'assign':
      return assignRecord({ workflow, record, now, ...commandArgs(command) });
    case 'request_extension':
      return requestExtension({ workflow, record, now, ...commandArgs(command) });
    case 'decide_extension':
      return decideExtension({ workflow, record, now, ...commandArgs(command) });
    case 'set_follow_up':
      return setFollowUp({ record, now, ...commandArgs(command) });
    case 'set_probability':
      return setProbability({ workflow, record, now, ...commandArgs(command) });
    case 'request_approval':
      return requestApproval({ workflow, record, now, ...commandArgs(command) });
    case 'decide_approval':
      return decideApproval({ workflow, record, now, ...commandArgs(command) });
    case 'fire_due_timers':
      return { type: 'applied', ...fireDueTimers({ workflow, record, now }) };
    case 'refresh':
      return refreshRecord({ workflow, record, now });
    case 'migrate':
      return migrateRecord({ plan: command.plan, to: workflow, record, now, actor: command.actor });
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/** A command's own arguments, without its `type`. */
function commandArgs<C extends { type: string }>(command: C): Omit<C, 'type'> {
  const { type: _type, ...args } = command;
  return args;
}
