import type { CompiledWorkflow } from './compiled-workflow';
import type { Actor, ApprovalSubject, Blocker, Decision, FunnelRecord, Instant } from './record';
import { requestExtension } from './request-extension';
import { transitionBlockers, type TransitionInput } from './transition-blockers';

/**
 * Asks for an approval. For a transition that needs one: refused with every blocker the requester would meet taking
 * it now (stage, role, fields, guard, reason), or while another request waits; else the record keeps the request (who,
 * when, why: `note`, and the input it will be taken with), logs `approval_requested` and notifies the approvers. For
 * an extension: requestExtension, with its rules and limits (`ownerExtendedRecords` is read for it only).
 * @example requestApproval({ workflow, record, subject: { type: 'transition', transition: 'win' }, note: 'Signed PDF attached', actor, now, ownerExtendedRecords: 0 }).type // → 'applied'
 */
export function requestApproval(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  subject: ApprovalSubject;
  input?: TransitionInput;
  note?: string;
  actor: Actor;
  now: Instant;
  ownerExtendedRecords: number;
}): Decision {
  const { workflow, record, subject, actor, now } = args;
  if (subject.type === 'extension') {
    return requestExtension({ workflow, record, timer: subject.timer, actor, now, ownerExtendedRecords: args.ownerExtendedRecords });
  }
  const transition = workflow.transition(subject.transition);
  if (!transition) return { type: 'not_found', what: 'transition', key: subject.transition };
  if (!transition.approval) return { type: 'refused', blockers: [{ type: 'approval_not_required', transition: transition.key }] };
  const blockers: Blocker[] = transitionBlockers({ workflow, record, transition, actor, now, input: args.input, checkInput: true });
  const pending = record.pendingApproval;
  if (pending) blockers.push({ type: 'approval_pending', transition: pending.transition, requestedBy: pending.requestedBy });
  if (blockers.length > 0) return { type: 'refused', blockers };
  const note = args.note !== undefined ? { note: args.note } : {};
  return {
    type: 'applied',
    record: {
      ...record,
      pendingApproval: { transition: transition.key, requestedBy: actor.id, requestedAt: now, ...note, ...(args.input ? { input: args.input } : {}) },
      version: record.version + 1,
    },
    events: [{ type: 'approval_requested', at: now, actor: actor.id, recordId: record.id, transition: transition.key, ...note }],
    effects: [{ type: 'notify', to: 'manager', userId: null, recordId: record.id, about: 'approval_requested' }],
  };
}
