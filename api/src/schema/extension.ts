import { GuardRejectedError, LeaseBusyError, LimitReachedError, NotFoundError, ValidationFailedError, VersionConflictError } from '../errors';
import { commandRecord } from '../services/record-command';
import { extensionRequestsPage, type ExtensionRequest } from '../services/record-reads';
import { builder } from './builder';
import { idCursorPage } from './id-cursor-page';
import { RecordRef } from './record';

const EXTENSION_ERRORS = [NotFoundError, VersionConflictError, GuardRejectedError, LimitReachedError, ValidationFailedError, LeaseBusyError];

const RequestExtensionInput = builder.inputType('RequestExtensionInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    timer: t.string({ required: true, description: 'The timer key, e.g. one_week_rule.' }),
    expectedVersion: t.int(),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('requestExtension', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description: 'The owner asks to push a timer back; a manager decides. Limits per record and per owner apply.',
    args: { input: t.arg({ type: RequestExtensionInput, required: true }) },
    errors: { types: EXTENSION_ERRORS },
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return commandRecord({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'requestExtension',
        request: input,
        command: { type: 'request_extension', timer: input.timer, actor: viewer.actor },
      });
    },
  }),
);

const DecideExtensionInput = builder.inputType('DecideExtensionInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    timer: t.string({ required: true }),
    approve: t.boolean({ required: true }),
    expectedVersion: t.int(),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('decideExtension', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description: 'A manager approves (the timer moves back) or rejects a pending extension request.',
    args: { input: t.arg({ type: DecideExtensionInput, required: true }) },
    errors: { types: EXTENSION_ERRORS },
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return commandRecord({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'decideExtension',
        request: input,
        command: { type: 'decide_extension', timer: input.timer, approve: input.approve, actor: viewer.actor },
      });
    },
  }),
);

const ExtensionRequestRef = builder.objectRef<ExtensionRequest>('ExtensionRequest').implement({
  description: 'A pending request to extend a timer, waiting for a manager.',
  fields: (t) => ({
    record: t.field({ type: RecordRef, resolve: (r) => r.record }),
    timer: t.string({ resolve: (r) => r.timer.key }),
    dueAt: t.field({ type: 'DateTime', resolve: (r) => r.timer.dueAt }),
    extensions: t.int({ description: 'Extensions already granted on this timer.', resolve: (r) => r.timer.extensions }),
    requestedBy: t.string({ resolve: (r) => r.timer.pendingExtension?.requestedBy ?? '' }),
    requestedAt: t.field({ type: 'DateTime', resolve: (r) => r.timer.pendingExtension?.requestedAt ?? 0 }),
  }),
});

builder.queryField('extensionRequests', (t) =>
  t.withAuth({ manager: true, admin: true }).connection({
    type: ExtensionRequestRef,
    description: 'Pending extension requests: a manager sees those of the team below them, an admin all.',
    resolve: async (_root, args, ctx) => {
      const { viewer } = ctx;
      return idCursorPage<ExtensionRequest, ExtensionRequest>({
        list: 'extensionRequests',
        args,
        fetch: (page) => extensionRequestsPage(ctx.services, { tenantId: viewer.tenantId, viewer: viewer.user, page }),
        map: (request) => request,
        idOf: (request) => request.record.id,
      });
    },
  }),
);
