import { decideExtension, requestExtension, type ArmedTimer, type FunnelRecord } from '@funnel/engine';
import { GuardRejectedError, LeaseBusyError, LimitReachedError, NotFoundError, ValidationFailedError, VersionConflictError } from '../errors';
import type { RecordDoc } from '../models/record';
import { once } from '../services/idempotency';
import { ownerLeaseTiming, withOwnerLease } from '../services/owner-lease';
import { mutateRecord, type RecordMutationRequest } from '../services/record-mutation';
import type { Services } from '../services/services';
import { toFunnelRecord } from '../services/record-store';
import { teamBelow } from '../services/team';
import { builder } from './builder';
import { idCursorPage } from './id-cursor-page';
import { RecordRef } from './record';

const EXTENSION_ERRORS = [NotFoundError, VersionConflictError, GuardRejectedError, LimitReachedError, ValidationFailedError, LeaseBusyError];

/**
 * Runs an extension decision under the owner's lease, with the count of the owner's OTHER extended
 * records, so "at most N extended records per owner" holds however many requests race.
 */
async function underOwnerLease(input: {
  services: Services;
  tenantId: string;
  id: string;
  expectedVersion?: number | null;
  decide: (args: { ownerExtendedRecords: number }) => Parameters<typeof mutateRecord>[0]['decide'];
}): Promise<FunnelRecord> {
  const { services, tenantId, id } = input;
  const current = await services.records.find(tenantId, id);
  if (!current) throw new NotFoundError({ what: 'record', id, pointer: '/id' });
  const owner = current.owner ?? '';
  return withOwnerLease({
    models: services.models,
    tenantId,
    key: `extensions:${owner}`,
    what: "the extensions of the record's owner",
    timing: ownerLeaseTiming(services.config),
    fn: async () => {
      const ownerExtendedRecords = current.owner
        ? await services.models.Record.countDocuments({ tenantId, owner: current.owner, hasExtension: true, _id: { $ne: id } })
        : 0;
      return mutateRecord({ services, tenantId, id, expectedVersion: input.expectedVersion, decide: input.decide({ ownerExtendedRecords }) });
    },
  });
}

/** An extension request or decision under its idempotency key and the owner's lease. */
function extensionMutation(input: {
  services: Services;
  tenantId: string;
  operation: string;
  request: RecordMutationRequest;
  decide: Parameters<typeof underOwnerLease>[0]['decide'];
}): Promise<FunnelRecord> {
  const { services, tenantId, request } = input;
  return once({
    models: services.models,
    tenantId,
    key: request.idempotencyKey,
    operation: input.operation,
    fn: () => underOwnerLease({ services, tenantId, id: String(request.id), expectedVersion: request.expectedVersion, decide: input.decide }),
  });
}

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
      return extensionMutation({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'requestExtension',
        request: input,
        decide:
          ({ ownerExtendedRecords }) =>
          ({ workflow, record, now }) =>
            requestExtension({ workflow, record, timer: input.timer, actor: viewer.actor, now, ownerExtendedRecords }),
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
      return extensionMutation({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'decideExtension',
        request: input,
        decide:
          ({ ownerExtendedRecords }) =>
          ({ workflow, record, now }) =>
            decideExtension({ workflow, record, timer: input.timer, actor: viewer.actor, approve: input.approve, now, ownerExtendedRecords }),
      });
    },
  }),
);

interface ExtensionRequest {
  record: FunnelRecord;
  timer: ArmedTimer;
}

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
      const { models } = ctx.services;
      const query: Record<string, unknown> = { tenantId: viewer.tenantId, 'timers.pendingExtension.requestedBy': { $exists: true } };
      if (!viewer.user.roles.includes('admin')) {
        query.owner = { $in: await teamBelow({ models, tenantId: viewer.tenantId, managerId: viewer.user._id }) };
      }
      return idCursorPage<RecordDoc, ExtensionRequest>({
        list: 'extensionRequests',
        args,
        fetch: ({ idRange, sort, limit }) =>
          models.Record.find({ ...query, ...idRange }, { outbox: 0 })
            .sort(sort)
            .limit(limit)
            .lean(),
        map: (doc) => {
          const record = toFunnelRecord(doc);
          return { record, timer: record.timers.find((x) => x.pendingExtension) as ArmedTimer };
        },
      });
    },
  }),
);
