import type { MigrationPlan, StageMigration } from '@funnel/engine';
import { BusyError, JobBusyError, NotFoundError, ValidationFailedError } from '../errors';
import { auditActorOf } from '../services/admin-audit';
import { migrateRecords, planRecordMigration } from '../services/record-migration';
import { builder } from './builder';
import { DiagnosticRef } from './error-types';
import { JobRef } from './job';

const StageMigrationRef = builder.objectRef<StageMigration>('StageMigration').implement({
  fields: (t) => ({
    from: t.exposeString('from'),
    to: t.exposeString('to', { nullable: true }),
    by: t.exposeString('by', {
      description:
        "map (records enter the new stage at the migration), rename (a mapped stage marked renamed: records keep when they entered it and their timers' progress), same_key (kept likewise) or unmapped.",
    }),
    count: t.int({ description: 'Records in the old stage now.', resolve: (s) => s.count ?? 0 }),
  }),
});

const MigrationPlanRef = builder.objectRef<MigrationPlan>('MigrationPlan').implement({
  description: 'A dry run: what moves where, what is unmapped, and whether the migration may run.',
  fields: (t) => ({
    workflowKey: t.exposeString('workflowKey'),
    fromVersion: t.exposeInt('fromVersion'),
    toVersion: t.exposeInt('toVersion'),
    stages: t.field({ type: [StageMigrationRef], resolve: (p) => p.stages }),
    unmapped: t.exposeStringList('unmapped'),
    diagnostics: t.field({ type: [DiagnosticRef], resolve: (p) => p.diagnostics }),
    ok: t.exposeBoolean('ok'),
  }),
});

const StageMapEntry = builder.inputType('StageMapEntry', {
  fields: (t) => ({
    from: t.string({ required: true }),
    to: t.string({ required: true }),
    rename: t.boolean({
      defaultValue: false,
      description:
        "The new stage is the old one under a new key: records keep when they entered it and their timers' progress, as with the same key. Otherwise they enter the new stage at the migration.",
    }),
  }),
});

const PlanMigrationInput = builder.inputType('PlanMigrationInput', {
  fields: (t) => ({
    workflowKey: t.string({ required: true }),
    fromVersion: t.int({ required: true }),
    toVersion: t.int({ required: true }),
    stageMap: t.field({ type: [StageMapEntry], required: true }),
  }),
});

builder.queryField('planMigration', (t) =>
  t.withAuth({ admin: true }).field({
    type: MigrationPlanRef,
    args: { input: t.arg({ type: PlanMigrationInput, required: true }) },
    errors: { types: [NotFoundError, ValidationFailedError, BusyError] },
    heavyOperation: 'migration',
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return planRecordMigration({ ...input, services: ctx.services, tenantId: viewer.tenantId });
    },
  }),
);

const MigrateRecordsInput = builder.inputType('MigrateRecordsInput', {
  fields: (t) => ({
    workflowKey: t.string({ required: true }),
    fromVersion: t.int({ required: true }),
    toVersion: t.int({ required: true }),
    stageMap: t.field({ type: [StageMapEntry], required: true }),
    jobId: t.id({ description: 'Resume this job where it stopped.' }),
    limit: t.int({ description: 'Migrate at most this many records in this call (the job can be resumed).' }),
  }),
});

builder.mutationField('migrateRecords', (t) =>
  t.withAuth({ admin: true }).field({
    type: JobRef,
    description:
      'Moves in-flight records to a newer version with a stage map; resumable, with progress; one run of a job at a time. ' +
      'Other api processes create on the previous version for up to FUNNEL_WORKFLOW_LATEST_TTL_MS (a second) after a publish: ' +
      'a migration started sooner may leave such a record behind; planMigration counts it, and running the migration again moves it.',
    args: { input: t.arg({ type: MigrateRecordsInput, required: true }) },
    errors: { types: [NotFoundError, ValidationFailedError, JobBusyError, BusyError] },
    heavyOperation: 'migration',
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return migrateRecords({
        ...input,
        jobId: input.jobId == null ? null : String(input.jobId),
        services: ctx.services,
        tenantId: viewer.tenantId,
        actor: auditActorOf(viewer),
      });
    },
  }),
);
