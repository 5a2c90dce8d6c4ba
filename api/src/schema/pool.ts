import { claimRecord, releaseRecord } from '@funnel/engine';
import { GuardRejectedError, LeaseBusyError, LimitReachedError, NotFoundError, ValidationFailedError, VersionConflictError } from '../errors';
import { once } from '../services/idempotency';
import { ownerLeaseTiming, withOwnerLease } from '../services/owner-lease';
import { mutateRecord, mutateRecordOnce } from '../services/record-mutation';
import { builder } from './builder';
import { RecordRef } from './record';

/** Claim times kept per owner; more than any sane claim limit per window. */
const CLAIM_HISTORY = 1_000;

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
      const { models } = ctx.services;
      return once({
        models,
        tenantId: viewer.tenantId,
        key: input.idempotencyKey,
        operation: 'claimRecord',
        fn: () =>
          // One lease per claimer: its claims in the window are counted and recorded without a race.
          withOwnerLease({
            models,
            tenantId: viewer.tenantId,
            key: `claims:${viewer.user._id}`,
            what: 'your claims (another claim of yours is running)',
            timing: ownerLeaseTiming(ctx.services.config),
            fn: async (lease) => {
              // The claim is recorded at the instant the engine decided it, the one its window was counted from.
              let claimedAt = 0;
              const record = await mutateRecord({
                services: ctx.services,
                tenantId: viewer.tenantId,
                id: String(input.id),
                expectedVersion: input.expectedVersion,
                decide: ({ workflow, record, now }) => {
                  claimedAt = now;
                  return claimRecord({ workflow, record, actor: viewer.actor, now, recentClaims: lease.claims });
                },
              });
              await models.OwnerLease.updateOne(
                { tenantId: viewer.tenantId, key: lease.key },
                { $push: { claims: { $each: [claimedAt], $slice: -CLAIM_HISTORY } } },
              );
              return record;
            },
          }),
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
      return mutateRecordOnce({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'releaseRecord',
        request: input,
        decide: ({ workflow, record, now }) => releaseRecord({ workflow, record, actor: viewer.actor, now, ...(input.reason ? { reason: input.reason } : {}) }),
      });
    },
  }),
);
