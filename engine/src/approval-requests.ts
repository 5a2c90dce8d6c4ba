import type { Role } from '@funnel/schemas';
import type { CompiledWorkflow } from './compiled-workflow';
import type { Actor, ApprovalSubject, FunnelRecord, Instant } from './record';

/**
 * A request waiting on a record: what it asks, who asked and when, and who may decide it.
 * @example { subject: { type: 'transition', transition: 'win' }, requestedBy: 'sam', requestedAt, approvers: { roles: ['manager'], ownerManager: false } }
 */
export interface ApprovalRequest {
  subject: ApprovalSubject;
  requestedBy: string;
  requestedAt: Instant;
  note?: string;
  approvers: { roles: Role[]; ownerManager: boolean };
}

/**
 * Every request waiting on a record: its transition request, then each timer's extension request, with the approvers
 * the record's workflow names now (a request the definition no longer backs has none).
 * @example approvalRequests({ workflow, record }).map((r) => r.subject.type) // → ['transition', 'extension']
 */
export function approvalRequests({ workflow, record }: { workflow: CompiledWorkflow; record: FunnelRecord }): ApprovalRequest[] {
  const requests: ApprovalRequest[] = [];
  const pending = record.pendingApproval;
  if (pending) {
    const approval = workflow.transition(pending.transition)?.approval;
    requests.push({
      subject: { type: 'transition', transition: pending.transition },
      requestedBy: pending.requestedBy,
      requestedAt: pending.requestedAt,
      ...(pending.note !== undefined ? { note: pending.note } : {}),
      approvers: { roles: [...(approval?.roles ?? [])], ownerManager: approval?.ownerManager ?? false },
    });
  }
  for (const timer of record.timers) {
    if (!timer.pendingExtension) continue;
    const policy = workflow.stage(timer.stage)?.timers.find((t) => t.key === timer.key)?.extension;
    requests.push({
      subject: { type: 'extension', timer: timer.key },
      requestedBy: timer.pendingExtension.requestedBy,
      requestedAt: timer.pendingExtension.requestedAt,
      approvers: { roles: [...(policy?.approverRoles ?? [])], ownerManager: false },
    });
  }
  return requests;
}

/**
 * Whether `actor` may decide `request` (what decideApproval checks before the move itself): one of its roles, or the
 * owner's manager where it names them (`actorManagesOwner`, read by the caller); never whoever asked (a transition or
 * an extension: they may only withdraw an extension request, by rejecting it).
 * @example mayDecideApproval({ request, actor: manager, actorManagesOwner: false }) // → true
 */
export function mayDecideApproval(args: { request: ApprovalRequest; actor: Actor; actorManagesOwner: boolean }): boolean {
  const { request, actor } = args;
  if (actor.id === request.requestedBy) return false;
  if (actor.system) return true;
  return actor.roles.some((role) => request.approvers.roles.includes(role)) || (request.approvers.ownerManager && args.actorManagesOwner);
}
