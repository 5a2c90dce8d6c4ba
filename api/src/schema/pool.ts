import { GuardRejectedError, LeaseBusyError, LimitReachedError, NotFoundError, ValidationFailedError, VersionConflictError } from '../errors';
import { commandRecord } from '../services/record-command';
import { builder } from './builder';
import { RecordRef } from './record';

const POOL_ERRORS = [NotFoundError, VersionConflictError, GuardRejectedError, LimitReachedError, ValidationFailedError];
/** A claim also waits for the claimer's lease. */
const CLAIM_ERRORS = [...POOL_ERRORS, LeaseBusyError];

const ClaimRecordInput = builder.inputType('ClaimRecordInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int(),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('claimRecord', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description: "Claims a pool record for the caller, within the pool's claim limit, window and cool-down (race-free across processes).",
    args: { input: t.arg({ type: ClaimRecordInput, required: true }) },
    errors: { types: CLAIM_ERRORS },
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return commandRecord({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'claimRecord',
        request: input,
        command: { type: 'claim', actor: viewer.actor },
      });
    },
  }),
);

const ReleaseRecordInput = builder.inputType('ReleaseRecordInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    reason: t.string({ description: "One of the pool's reasons, e.g. no_need." }),
    expectedVersion: t.int(),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('releaseRecord', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description: 'Releases an owned record to the pool with a reason; the previous owner then cools down before reclaiming.',
    args: { input: t.arg({ type: ReleaseRecordInput, required: true }) },
    errors: { types: POOL_ERRORS },
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return commandRecord({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'releaseRecord',
        request: input,
        command: { type: 'release', actor: viewer.actor, ...(input.reason ? { reason: input.reason } : {}) },
      });
    },
  }),
);
