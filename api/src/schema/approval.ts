import type { ApprovalRequest, ApprovalSubject, TransitionInput } from '@funnel/engine';
import { GuardRejectedError, LeaseBusyError, LimitReachedError, NotFoundError, ValidationFailedError, VersionConflictError } from '../errors';
import { approvalRequestsPage, type RecordApprovals } from '../services/approval-requests-page';
import { commandRecord } from '../services/record-command';
import { pendingApprovalOf } from '../services/record-reads';
import { builder } from './builder';
import { ApproversRef } from './approvers';
import { idCursorPage } from './id-cursor-page';
import { RecordRef } from './record';
import { personField } from './user';

const APPROVAL_ERRORS = [NotFoundError, VersionConflictError, GuardRejectedError, LimitReachedError, ValidationFailedError, LeaseBusyError];

const ApprovalRequestRef = builder.objectRef<ApprovalRequest>('ApprovalRequest').implement({
  description: 'A request waiting on a record: a transition that needs approval, or a timer’s extension.',
  fields: (t) => ({
    transition: t.string({ nullable: true, resolve: (r) => (r.subject.type === 'transition' ? r.subject.transition : null) }),
    timer: t.string({ nullable: true, resolve: (r) => (r.subject.type === 'extension' ? r.subject.timer : null) }),
    requestedById: t.id({ resolve: (r) => r.requestedBy }),
    requestedBy: personField(t, { description: 'Who asked (null when requestedById names no user of the tenant).', idOf: (r) => r.requestedBy }),
    requestedAt: t.field({ type: 'DateTime', resolve: (r) => r.requestedAt }),
    note: t.string({ nullable: true, description: 'Why, in the requester’s words.', resolve: (r) => r.note ?? null }),
    approvers: t.field({ type: ApproversRef, resolve: (r) => r.approvers }),
  }),
});

builder.objectField(RecordRef, 'pendingApproval', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: ApprovalRequestRef,
    nullable: true,
    description: 'The transition waiting for approval, if any, with its approvers; it lapses when the record changes stage.',
    resolve: (record, _args, ctx) => pendingApprovalOf(ctx.services, { tenantId: ctx.viewer.tenantId, record }),
  }),
);

/** The subject of an approval input: exactly one of transition and timer. */
function subjectOf(input: { transition?: string | null; timer?: string | null }): ApprovalSubject {
  if (input.transition && !input.timer) return { type: 'transition', transition: input.transition };
  if (input.timer && !input.transition) return { type: 'extension', timer: input.timer };
  throw new ValidationFailedError([{ severity: 'error', code: 'required', pointer: '/transition', message: 'give exactly one of transition and timer' }]);
}

const RequestApprovalInput = builder.inputType('RequestApprovalInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    transition: t.string({ description: 'The transition that needs approval; or timer, for an extension.' }),
    timer: t.string({ description: 'The timer to extend (the extension limits apply); or transition.' }),
    note: t.string({ description: 'Why, for the approvers.' }),
    reason: t.string({ description: 'The transition’s reason, where it takes one: it is taken with it once approved.' }),
    fields: t.field({ type: 'JSON', description: 'Fields set with the transition once approved.' }),
    probability: t.float({ description: 'A probability override, where the transition allows one.' }),
    expectedVersion: t.int(),
    idempotencyKey: t.string(),
  }),
});

/** What the transition will be taken with once approved (the inputs given). */
function approvalInput(input: typeof RequestApprovalInput.$inferInput): TransitionInput | undefined {
  const fields = input.fields;
  if (fields != null && (typeof fields !== 'object' || Array.isArray(fields))) {
    throw new ValidationFailedError([{ severity: 'error', code: 'type', pointer: '/fields', message: 'must be an object of field values' }]);
  }
  const taken: TransitionInput = {
    ...(input.reason != null ? { reason: input.reason } : {}),
    ...(fields != null ? { fields: fields as Record<string, unknown> } : {}),
    ...(input.probability != null ? { probability: input.probability } : {}),
  };
  return Object.keys(taken).length > 0 ? taken : undefined;
}

builder.mutationField('requestApproval', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description: 'Asks for a transition that needs approval (refused with every blocker it would meet now) or for an extension; the approvers are told.',
    args: { input: t.arg({ type: RequestApprovalInput, required: true }) },
    errors: { types: APPROVAL_ERRORS },
    resolve: (_root, { input }, ctx) => {
      const taken = approvalInput(input);
      return commandRecord({
        services: ctx.services,
        tenantId: ctx.viewer.tenantId,
        operation: 'requestApproval',
        request: input,
        command: {
          type: 'request_approval',
          subject: subjectOf(input),
          ...(taken ? { input: taken } : {}),
          ...(input.note ? { note: input.note } : {}),
          actor: ctx.viewer.actor,
        },
      });
    },
  }),
);

const DecideApprovalInput = builder.inputType('DecideApprovalInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    transition: t.string({ description: 'The transition requested; or timer.' }),
    timer: t.string({ description: 'The timer whose extension was requested; or transition.' }),
    approve: t.boolean({ required: true }),
    reason: t.string({ description: 'Why (kept in history; the requester is told).' }),
    expectedVersion: t.int(),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('decideApproval', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description:
      'An approver approves (the transition is taken with its guards checked again now, or the timer extended) or rejects (the record stays, with the reason).',
    args: { input: t.arg({ type: DecideApprovalInput, required: true }) },
    errors: { types: APPROVAL_ERRORS },
    resolve: (_root, { input }, ctx) =>
      commandRecord({
        services: ctx.services,
        tenantId: ctx.viewer.tenantId,
        operation: 'decideApproval',
        request: input,
        command: {
          type: 'decide_approval',
          subject: subjectOf(input),
          approve: input.approve,
          ...(input.reason ? { reason: input.reason } : {}),
          actor: ctx.viewer.actor,
        },
      }),
  }),
);

const RecordApprovalsRef = builder.objectRef<RecordApprovals>('RecordApprovals').implement({
  description: 'A record with the requests waiting on it that the caller may decide.',
  fields: (t) => ({
    record: t.field({ type: RecordRef, resolve: (r) => r.record }),
    requests: t.field({ type: [ApprovalRequestRef], resolve: (r) => r.requests }),
  }),
});

builder.queryField('approvalRequests', (t) =>
  t.withAuth({ signedIn: true }).connection({
    type: RecordApprovalsRef,
    description:
      'Records with requests the caller may decide (one of the approver roles, or the manager, direct or above, of the owner where the definition names them), oldest record first.',
    resolve: (_root, args, ctx) =>
      idCursorPage<RecordApprovals, RecordApprovals>({
        list: 'approvalRequests',
        args,
        fetch: (page) => approvalRequestsPage(ctx.services, { tenantId: ctx.viewer.tenantId, actor: ctx.viewer.actor, page }),
        map: (r) => r,
        idOf: (r) => r.record.id,
      }),
  }),
);
