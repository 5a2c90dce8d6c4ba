import type { CompiledWorkflow } from './compiled-workflow';
import { decideExtension } from './decide-extension';
import type { Actor, ApprovalSubject, Blocker, Decision, FunnelRecord, Instant } from './record';
import { runRules } from './run-rules';
import { stepTransition } from './step-transition';

/**
 * Approves or rejects a request. For a transition: only its approvers decide (a role it names, or the owner's manager:
 * `actorManagesOwner`, read by the caller), never whoever asked; a rejection needs a reason and leaves the record where
 * it was; an approval takes the transition as the requester asked it, with every guard and required field checked
 * again now, and is refused with what blocks it (the request then still waits). For an extension: decideExtension,
 * with its approver roles and limits.
 * @example decideApproval({ workflow, record, subject: { type: 'transition', transition: 'win' }, approve: true, actor: manager, now, ownerExtendedRecords: 0, actorManagesOwner: true }).record.stage // → 'won'
 */
export function decideApproval(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  subject: ApprovalSubject;
  approve: boolean;
  reason?: string;
  actor: Actor;
  now: Instant;
  ownerExtendedRecords: number;
  actorManagesOwner: boolean;
}): Decision {
  const { workflow, record, subject, approve, actor, now } = args;
  if (subject.type === 'extension') {
    return decideExtension({ workflow, record, timer: subject.timer, actor, approve, now, ownerExtendedRecords: args.ownerExtendedRecords });
  }
  const transition = workflow.transition(subject.transition);
  if (!transition) return { type: 'not_found', what: 'transition', key: subject.transition };
  const pending = record.pendingApproval;
  if (!pending || pending.transition !== transition.key) return { type: 'refused', blockers: [{ type: 'no_pending_approval', transition: transition.key }] };
  const approvers = transition.approval ?? { roles: [], ownerManager: false };
  const blockers: Blocker[] = [];
  const approver = actor.system || actor.roles.some((r) => approvers.roles.includes(r)) || (approvers.ownerManager && args.actorManagesOwner);
  if (!approver) blockers.push({ type: 'not_approver', roles: [...approvers.roles], ownerManager: approvers.ownerManager });
  if (actor.id === pending.requestedBy) blockers.push({ type: 'own_request' });
  const reason = args.reason?.trim();
  if (!approve && !reason) blockers.push({ type: 'reason_required', options: [] });
  if (blockers.length > 0) return { type: 'refused', blockers };
  const { pendingApproval: _pending, ...rest } = record;
  const decided = {
    type: 'approval_decided' as const,
    at: now,
    actor: actor.id,
    recordId: record.id,
    transition: transition.key,
    approved: approve,
    requestedBy: pending.requestedBy,
    ...(reason ? { reason } : {}),
  };
  const told = {
    type: 'notify' as const,
    to: 'owner' as const,
    userId: record.owner,
    recordId: record.id,
    about: approve ? 'approval_approved' : 'approval_rejected',
  };
  if (!approve) return { type: 'applied', record: { ...rest, version: record.version + 1 }, events: [decided], effects: [told] };
  // The requester's move, taken now: their roles were checked when they asked; guards, fields and reason are checked again.
  const moved = stepTransition({
    workflow,
    record: rest,
    transition,
    actor: { id: pending.requestedBy, roles: [] },
    skipRoles: true,
    now,
    input: pending.input,
    cause: 'actor',
  });
  if (moved.type !== 'applied') return moved;
  return {
    type: 'applied',
    ...runRules({ workflow, change: { record: moved.record, events: [decided, ...moved.events], effects: [told, ...moved.effects] }, now }),
  };
}
