import { GuardRejectedError, LimitReachedError, NotFoundError, ValidationFailedError, VersionConflictError } from '../errors';
import { commandRecord } from '../services/record-command';
import { builder } from './builder';
import { RecordRef } from './record';
import { personField } from './user';

builder.objectFields(RecordRef, (t) => ({
  nextFollowUpAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'The next follow-up, set by the owner (setFollowUp) or by an activity’s next step; its reminder goes to the owner when it comes due.',
    resolve: (record) => record.followUp?.at ?? null,
  }),
  followUpNote: t.string({ nullable: true, description: 'What the next follow-up is for.', resolve: (record) => record.followUp?.note ?? null }),
  followUpSetBy: personField(t, {
    description: 'Who set the next follow-up (null also when no user of the tenant has that id).',
    idOf: (record) => record.followUp?.setBy,
  }),
  followUpReminded: t.boolean({
    description: 'Whether the next follow-up came due and its reminder went out.',
    resolve: (record) => record.followUp?.reminded ?? false,
  }),
}));

const SetFollowUpInput = builder.inputType('SetFollowUpInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    at: t.field({ type: 'DateTime', description: 'When; null or left out clears the follow-up. Must be in the future.' }),
    note: t.string({ description: 'What it is for.' }),
    expectedVersion: t.int(),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('setFollowUp', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description: 'Sets, moves or clears the next follow-up of a record: its owner may, or a manager or admin.',
    args: { input: t.arg({ type: SetFollowUpInput, required: true }) },
    errors: { types: [NotFoundError, VersionConflictError, GuardRejectedError, ValidationFailedError, LimitReachedError] },
    resolve: (_root, { input }, ctx) =>
      commandRecord({
        services: ctx.services,
        tenantId: ctx.viewer.tenantId,
        operation: 'setFollowUp',
        request: input,
        command: { type: 'set_follow_up', at: input.at ? input.at.getTime() : null, ...(input.note ? { note: input.note } : {}), actor: ctx.viewer.actor },
      }),
  }),
);
