import {
  ForbiddenError,
  GuardRejectedError,
  JobBusyError,
  LeaseBusyError,
  LimitReachedError,
  NotFoundError,
  ValidationFailedError,
  VersionConflictError,
} from '../errors';
import { auditActorOf } from '../services/admin-audit';
import { activeOwner } from '../services/active-owner';
import { DISTRIBUTE_MAX, distributeRecords, handOverRecords, type Placement } from '../services/record-assignment';
import { commandRecord } from '../services/record-command';
import { builder } from './builder';
import { JobRef } from './job';
import { RecordRef } from './record';
import { personField } from './user';

const ASSIGN_ERRORS = [NotFoundError, VersionConflictError, GuardRejectedError, LimitReachedError, ValidationFailedError, LeaseBusyError, ForbiddenError];

const AssignRecordInput = builder.inputType('AssignRecordInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    owner: t.id({ required: true, description: 'The new owner: an active user of the tenant (away people may be named; routing skips them).' }),
    reason: t.string({ description: 'Why, as the `assigned` event and the new owner’s notification keep it.' }),
    expectedVersion: t.int(),
    idempotencyKey: t.string(),
  }),
});

builder.mutationField('assignRecord', (t) =>
  t.withAuth({ admin: true, manager: true }).field({
    type: RecordRef,
    description:
      'Managers and admins give a record to someone (from the pool, as a claim would move it, or from its owner). The new owner’s ' +
      'capacity is checked in the same write (LIMIT_REACHED `capacity` when full); the `assigned` event names the previous owner ' +
      'and the reason, and the new owner is notified.',
    args: { input: t.arg({ type: AssignRecordInput, required: true }) },
    errors: { types: ASSIGN_ERRORS },
    resolve: async (_root, { input }, ctx) => {
      const { viewer } = ctx;
      const owner = String(input.owner);
      await activeOwner(ctx.services, viewer.tenantId, owner, '/owner');
      return commandRecord({
        services: ctx.services,
        tenantId: viewer.tenantId,
        operation: 'assignRecord',
        request: input,
        command: { type: 'assign', to: owner, actor: viewer.actor, ...(input.reason ? { reason: input.reason } : {}) },
      });
    },
  }),
);

const PlacementRef = builder.objectRef<Placement>('Placement').implement({
  description: 'Where one record went: its new owner (and the rule and strategy when routing chose), or why it stayed where it was.',
  fields: (t) => ({
    recordId: t.exposeID('id'),
    ownerId: t.id({ nullable: true, resolve: (p) => p.owner }),
    owner: personField(t, { description: 'The new owner; null when the record stayed.', idOf: (p) => p.owner }),
    rule: t.string({ nullable: true, resolve: (p) => (p.owner !== null ? (p.by?.rule ?? null) : null) }),
    strategy: t.string({ nullable: true, resolve: (p) => (p.owner !== null ? (p.by?.strategy ?? null) : null) }),
    reason: t.string({
      nullable: true,
      description: 'Why it stayed: no_one_available (everyone full, away or deactivated), no_rule_matches, not_in_pool, not_found, or an error code.',
      resolve: (p) => (p.owner === null ? p.reason : null),
    }),
  }),
});

const DistributeRecordsPayload = builder.objectRef<{ placements: Placement[] }>('DistributeRecordsPayload').implement({
  fields: (t) => ({
    placements: t.field({ type: [PlacementRef], description: 'One per record asked for, in the order asked.', resolve: (p) => p.placements }),
  }),
});

const DistributeRecordsInput = builder.inputType('DistributeRecordsInput', {
  fields: (t) => ({
    ids: t.idList({ required: true, description: `Pool records, at most ${DISTRIBUTE_MAX}.` }),
    owners: t.idList({ description: 'Hand them out to these people in turn, each record to the next with room. Without owners: by routing.' }),
    rule: t.string({
      description: "Route by this assignment rule of each record's workflow; without it (and without owners), the first rule each record meets.",
    }),
    reason: t.string(),
  }),
});

builder.mutationField('distributeRecords', (t) =>
  t.withAuth({ admin: true, manager: true }).field({
    type: DistributeRecordsPayload,
    description:
      'Managers hand pool records to people: to the owners given, in turn, or by the assignment rules (rotation, capacity and ' +
      'availability as for new records). Each record gets its placement; one refused does not stop the others.',
    args: { input: t.arg({ type: DistributeRecordsInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError] },
    resolve: async (_root, { input }, ctx) => {
      const { viewer } = ctx;
      if (input.ids.length > DISTRIBUTE_MAX) {
        throw new ValidationFailedError([{ severity: 'error', code: 'too_many', pointer: '/ids', message: `at most ${DISTRIBUTE_MAX} records per call` }]);
      }
      const placements = await distributeRecords({
        services: ctx.services,
        tenantId: viewer.tenantId,
        actor: viewer.actor,
        ids: input.ids.map(String),
        owners: input.owners?.map(String) ?? null,
        rule: input.rule ?? null,
        reason: input.reason ?? null,
      });
      return { placements };
    },
  }),
);

const HandOverRecordsInput = builder.inputType('HandOverRecordsInput', {
  fields: (t) => ({
    from: t.id({ required: true, description: 'The person whose open records are handed over (one who left, or is away for long).' }),
    to: t.id({ description: 'One person to take them all; without it, by routing.' }),
    rule: t.string({ description: "Route by this assignment rule of each record's workflow; without it (and without to), the first rule each record meets." }),
    reason: t.string(),
    jobId: t.id({ description: 'Resume this hand-over job where it stopped.' }),
    limit: t.int({ description: 'Hand over at most this many records in this call (the job can be resumed).' }),
  }),
});

builder.mutationField('handOverRecords', (t) =>
  t.withAuth({ admin: true, manager: true }).field({
    type: JobRef,
    description:
      'Hands over every open record of a person, batch by batch, to one person or by routing (never back to them); a record nobody ' +
      'can take goes to the pool with reason no_one_available. The job shows the progress (created: handed over, skipped: to the pool ' +
      'or refused, with errors); resume it with jobId.',
    args: { input: t.arg({ type: HandOverRecordsInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError, JobBusyError] },
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return handOverRecords({
        services: ctx.services,
        tenantId: viewer.tenantId,
        actor: viewer.actor,
        auditActor: auditActorOf(viewer),
        from: String(input.from),
        to: input.to == null ? null : String(input.to),
        rule: input.rule ?? null,
        reason: input.reason ?? null,
        jobId: input.jobId == null ? null : String(input.jobId),
        limit: input.limit ?? null,
      });
    },
  }),
);

/** One person's open records in a workflow against its capacity, as routing counts them. */
interface AssignmentLoad {
  userId: string;
  open: number;
  max: number | null;
}

const AssignmentLoadRef = builder.objectRef<AssignmentLoad>('AssignmentLoad').implement({
  description: "One person's open records that count against the workflow's capacity (`assignment.capacity`), and that capacity.",
  fields: (t) => ({
    userId: t.exposeID('userId'),
    user: personField(t, { description: 'The person (null when userId names no user of the tenant).', idOf: (l) => l.userId }),
    open: t.exposeInt('open', {
      description: 'Their open records now, as routing counts them: their capacity places where the workflow caps them, else their records without an outcome.',
    }),
    max: t.int({ nullable: true, description: "The workflow's capacity per owner; null when it has none.", resolve: (l) => l.max }),
  }),
});

builder.queryField('assignmentLoads', (t) =>
  t.withAuth({ admin: true, manager: true }).field({
    type: [AssignmentLoadRef],
    description:
      "Managers and admins read how full people are in a workflow before handing them records: each person's open records counted " +
      'against the capacity, and the capacity (null when the workflow has none). In the order asked.',
    args: { workflowKey: t.arg.string({ required: true }), userIds: t.arg.idList({ required: true }) },
    errors: { types: [NotFoundError, ValidationFailedError] },
    resolve: async (_root, args, ctx) => {
      const { viewer } = ctx;
      if (args.userIds.length > DISTRIBUTE_MAX) {
        throw new ValidationFailedError([{ severity: 'error', code: 'too_many', pointer: '/userIds', message: `at most ${DISTRIBUTE_MAX} people per call` }]);
      }
      const workflow = await ctx.services.workflows.latest({ tenantId: viewer.tenantId, key: args.workflowKey });
      const userIds = args.userIds.map(String);
      // As routing counts them: capacity places where the workflow caps them, else records without an outcome.
      const loads = await ctx.services.routing.openRecords({ tenantId: viewer.tenantId, workflow, userIds });
      const max = workflow.assignment?.capacity?.max ?? null;
      return userIds.map((userId) => ({ userId, open: loads.get(userId) ?? 0, max }));
    },
  }),
);
