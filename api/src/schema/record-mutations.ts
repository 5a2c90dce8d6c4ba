import type { Activity, TransitionInput } from '@funnel/engine';
import type { Diagnostic } from '@funnel/schemas';
import { ForbiddenError, GuardRejectedError, LimitReachedError, NotFoundError, ValidationFailedError, VersionConflictError } from '../errors';
import { createRecordOnce } from '../services/create-record';
import { commandRecord } from '../services/record-command';
import { builder } from './builder';
import { ActivityTypeEnum, CallOutcomeEnum, EmailDirectionEnum } from './enums';
import { RecordRef } from './record';

const RECORD_ERRORS = [NotFoundError, VersionConflictError, GuardRejectedError, ValidationFailedError, LimitReachedError];

/** Fields from a JSON input: must be an object. */
function fieldsObject(value: unknown, pointer: string): Record<string, unknown> {
  if (value == null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationFailedError([{ severity: 'error', code: 'type', pointer, message: 'must be an object of field values' }]);
  }
  return value as Record<string, unknown>;
}

const CreateRecordInput = builder.inputType('CreateRecordInput', {
  fields: (t) => ({
    workflowKey: t.string({ required: true }),
    pipeline: t.string(),
    fields: t.field({ type: 'JSON', required: true }),
    owner: t.id({
      description:
        'Who owns it. Left out: the workflow’s assignment rules route it (the first rule it meets; nobody available: the pool, ' +
        'reason no_one_available), and without rules, or when none matches, the creator owns it (an app’s key: its user). ' +
        'Salespeople may name only themselves; admins, managers and apps anyone active. A full owner is refused (LIMIT_REACHED capacity).',
    }),
    idempotencyKey: t.string({ description: 'A retry with the same key returns the first result and creates nothing.' }),
  }),
});

builder.mutationField('createRecord', (t) =>
  t.withAuth({ admin: true, manager: true, sales: true, marketing: true, integration: true }).field({
    type: RecordRef,
    description: "Creates a record on the workflow's latest published version.",
    args: { input: t.arg({ type: CreateRecordInput, required: true }) },
    errors: { types: [...RECORD_ERRORS, ForbiddenError] },
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return createRecordOnce({
        services: ctx.services,
        tenantId: viewer.tenantId,
        actor: viewer.actor,
        workflowKey: input.workflowKey,
        fields: fieldsObject(input.fields, '/fields'),
        pipeline: input.pipeline,
        owner: input.owner == null ? undefined : String(input.owner),
        idempotencyKey: input.idempotencyKey,
      });
    },
  }),
);

const UpdateRecordInput = builder.inputType('UpdateRecordInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ required: true }),
    fields: t.field({ type: 'JSON', required: true, description: 'The fields to change (null clears one); validated against the definition’s field schema.' }),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('updateRecord', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    args: { input: t.arg({ type: UpdateRecordInput, required: true }) },
    errors: { types: RECORD_ERRORS },
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      const fields = fieldsObject(input.fields, '/fields');
      return commandRecord({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'updateRecord',
        request: input,
        command: { type: 'update_fields', fields, actor: viewer.actor },
      });
    },
  }),
);

const TransitionRecordInput = builder.inputType('TransitionRecordInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    transition: t.string({ required: true }),
    expectedVersion: t.int({ required: true, description: 'The version the caller read; a stale one returns VersionConflict.' }),
    reason: t.string(),
    fields: t.field({ type: 'JSON', description: 'Fields set together with the transition (e.g. the ones it requires); null clears one, as in updateRecord.' }),
    probability: t.float({ description: 'Overrides the stage probability where the transition allows it.' }),
    idempotencyKey: t.string({ description: 'A retry with the same key returns the first result and applies nothing twice.' }),
  }),
});

/** What the engine takes with a transition: its reason, the fields set with it and a probability override (those given). */
function transitionInput(input: typeof TransitionRecordInput.$inferInput): TransitionInput {
  const fields = input.fields == null ? undefined : fieldsObject(input.fields, '/fields');
  return {
    ...(input.reason != null ? { reason: input.reason } : {}),
    ...(fields ? { fields } : {}),
    ...(input.probability != null ? { probability: input.probability } : {}),
  };
}

builder.mutationField('transitionRecord', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description: 'Moves a record along a transition: refused with every blocker, or applied with its events.',
    args: { input: t.arg({ type: TransitionRecordInput, required: true }) },
    errors: { types: RECORD_ERRORS },
    resolve: (_root, { input }, ctx) =>
      commandRecord({
        services: ctx.services,
        tenantId: ctx.viewer.tenantId,
        operation: 'transitionRecord',
        request: input,
        command: { type: 'transition', transition: input.transition, actor: ctx.viewer.actor, input: transitionInput(input) },
      }),
  }),
);

const NextStepInput = builder.inputType('NextStepInput', {
  description: "An activity's next step: it becomes the record's next follow-up.",
  fields: (t) => ({
    at: t.field({ type: 'DateTime', required: true, description: 'When; must be in the future.' }),
    note: t.string({ description: 'What it is.' }),
  }),
});

const ActivityInput = builder.inputType('ActivityInput', {
  fields: (t) => ({
    type: t.field({ type: ActivityTypeEnum, required: true }),
    outcome: t.field({ type: CallOutcomeEnum, description: 'Required for a call.' }),
    direction: t.field({ type: EmailDirectionEnum, description: 'Required for an email.' }),
    note: t.string({ description: 'Required for a note.' }),
    nextStep: t.field({ type: NextStepInput, description: "Sets the record's next follow-up (setFollowUp's rules: owner, future time)." }),
  }),
});

type ActivityShape = typeof ActivityInput.$inferInput;

/** The engine's activity from the typed input, or ValidationFailed naming the missing member. */
function toActivity(input: ActivityShape): Activity {
  const activity = activityOf(input);
  const next = input.nextStep;
  if (!next) return activity;
  return { ...activity, nextStep: { at: next.at.getTime(), ...(next.note ? { note: next.note } : {}) } };
}

/** The activity itself, without its next step. */
function activityOf(input: ActivityShape): Activity {
  const note = input.note ?? undefined;
  const missing = (field: string): never => {
    const diagnostic: Diagnostic = { severity: 'error', code: 'required', pointer: `/activity/${field}`, message: `a ${input.type} needs "${field}"` };
    throw new ValidationFailedError([diagnostic]);
  };
  switch (input.type) {
    case 'call':
      return { type: 'call', outcome: input.outcome ?? missing('outcome'), ...(note ? { note } : {}) };
    case 'email':
      return { type: 'email', direction: input.direction ?? missing('direction'), ...(note ? { note } : {}) };
    case 'meeting':
      return { type: 'meeting', ...(note ? { note } : {}) };
    case 'note':
      return { type: 'note', note: note ?? missing('note') };
    default: {
      const unreachable: never = input.type;
      throw new Error(`unknown activity type ${String(unreachable)}`);
    }
  }
}

const LogActivityInput = builder.inputType('LogActivityInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int({ description: 'Optional: activities usually apply to whatever the record is now.' }),
    activity: t.field({ type: ActivityInput, required: true }),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('logActivity', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description:
      'Logs a call, email, meeting or note: counters update, the score and the timers counted from the last activity move, ' +
      'rule transitions fire (e.g. three unanswered calls disqualify), and a next step becomes the next follow-up.',
    args: { input: t.arg({ type: LogActivityInput, required: true }) },
    errors: { types: RECORD_ERRORS },
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      const activity = toActivity(input.activity);
      return commandRecord({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'logActivity',
        request: input,
        command: { type: 'log_activity', activity, actor: viewer.actor },
      });
    },
  }),
);

const SetProbabilityInput = builder.inputType('SetProbabilityInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    probability: t.float({ required: true, description: 'Between 0 and 100 (percent).' }),
    reason: t.string({ required: true, description: 'Why (kept in history).' }),
    expectedVersion: t.int(),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('setProbability', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: RecordRef,
    description:
      "A manager sets a record's win probability outside a transition, with a reason; the definition's probability policy says " +
      'whether it is kept or reset when the record changes stage.',
    args: { input: t.arg({ type: SetProbabilityInput, required: true }) },
    errors: { types: RECORD_ERRORS },
    resolve: (_root, { input }, ctx) =>
      commandRecord({
        services: ctx.services,
        tenantId: ctx.viewer.tenantId,
        operation: 'setProbability',
        request: input,
        command: { type: 'set_probability', probability: input.probability, reason: input.reason, actor: ctx.viewer.actor },
      }),
  }),
);
