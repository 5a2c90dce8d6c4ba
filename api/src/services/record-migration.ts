import { migrateRecord, planMigration, SYSTEM_ACTOR, type MigrationPlan } from '@funnel/engine';
import { NotFoundError, ValidationFailedError } from '../errors';
import type { JobDoc } from '../models/job';
import type { RecordDoc } from '../models/record';
import { newJob } from './new-job';
import type { Services } from './services';

/** Records migrated per batch; the job's cursor is saved after each. */
const MIGRATION_BATCH = 200;

/** The migration's inputs, as the GraphQL input gives them. */
export interface MigrationInput {
  workflowKey: string;
  fromVersion: number;
  toVersion: number;
  stageMap: { from: string; to: string }[];
}

/**
 * A dry run: what moves where and what is unmapped, with the number of records in each old stage.
 * @example await planRecordMigration({ services, tenantId, workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap: [] })
 */
export async function planRecordMigration(input: MigrationInput & { services: Services; tenantId: string }): Promise<MigrationPlan> {
  const { services, tenantId, workflowKey } = input;
  const [from, to] = await Promise.all([
    services.workflows.version({ tenantId, key: workflowKey, version: input.fromVersion }),
    services.workflows.version({ tenantId, key: workflowKey, version: input.toVersion }),
  ]);
  const counts = (await services.models.Record.aggregate([
    { $match: { tenantId, workflowKey, workflowVersion: input.fromVersion } },
    { $group: { _id: '$stage', count: { $sum: 1 } } },
  ])) as { _id: string; count: number }[];
  return planMigration({
    from,
    to,
    stageMap: Object.fromEntries(input.stageMap.map((m) => [m.from, m.to])),
    stageCounts: Object.fromEntries(counts.map((c) => [c._id, c.count])),
  });
}

/**
 * Runs (or resumes, given `jobId`) a migration: records at `fromVersion` move batch by batch, each with
 * a conditional write; the job keeps the last id done, so a crash or a `limit` stops and a call with the
 * same job id resumes. Refused when the plan has errors or unmapped stages that hold records.
 * @example await migrateRecords({ services, tenantId, workflowKey, fromVersion: 1, toVersion: 2, stageMap: [] })
 */
export async function migrateRecords(
  input: MigrationInput & { services: Services; tenantId: string; jobId?: string | null; limit?: number | null },
): Promise<JobDoc> {
  const { services, tenantId } = input;
  const { models } = services;
  const plan = await planRecordMigration(input);
  if (!plan.ok) {
    const diagnostics = plan.diagnostics.length > 0
      ? plan.diagnostics
      : plan.unmapped.map((stage) => ({ severity: 'error' as const, code: 'unmapped', pointer: `/stageMap/${stage}`, message: `stage "${stage}" holds records and has no place in version ${input.toVersion}` }));
    throw new ValidationFailedError(diagnostics, 'The migration plan is not complete');
  }
  const to = await services.workflows.version({ tenantId, key: input.workflowKey, version: input.toVersion });
  let job: JobDoc;
  if (input.jobId) {
    const found = await models.Job.findOne({ tenantId, _id: input.jobId, kind: 'migration' }).lean();
    if (!found) throw new NotFoundError('migration job', input.jobId);
    job = found;
  } else {
    job = newJob({
      tenantId,
      kind: 'migration',
      workflowKey: input.workflowKey,
      fromVersion: input.fromVersion,
      toVersion: input.toVersion,
      stageMap: input.stageMap,
      total: plan.stages.reduce((n, s) => n + (s.count ?? 0), 0),
    });
    await models.Job.create(job);
  }
  let budget = input.limit ?? Number.POSITIVE_INFINITY;
  while (budget > 0) {
    const docs = (await models.Record.find(
      { tenantId, workflowKey: input.workflowKey, workflowVersion: input.fromVersion, ...(job.cursor ? { _id: { $gt: job.cursor } } : {}) },
      { contact: 0 },
    )
      .sort({ _id: 1 })
      .limit(Math.min(MIGRATION_BATCH, budget))
      .lean()) as unknown as RecordDoc[];
    if (docs.length === 0) {
      job.status = 'done';
      break;
    }
    for (const doc of docs) {
      const record = services.records.fromDoc(doc);
      const decision = migrateRecord({ plan, to, record, actor: SYSTEM_ACTOR, now: services.clock.now() });
      // A record changed meanwhile is retried on the next run (the cursor only moves past done ones).
      if (decision.type === 'applied' && (await services.records.update({ tenantId, before: record, change: decision }))) {
        job.created += 1;
      } else {
        job.skipped += 1;
        job.errors.push({ row: job.processed, pointer: `/records/${record.id}`, message: decision.type === 'applied' ? 'changed while migrating; run again' : `not migrated: ${decision.type}` });
      }
      job.processed += 1;
      job.cursor = record.id;
    }
    budget -= docs.length;
    job.updatedAt = new Date();
    const { _id, tenantId: _t, ...progress } = job;
    await models.Job.updateOne({ tenantId, _id }, { $set: progress });
  }
  if (job.status === 'done') await models.Job.updateOne({ tenantId, _id: job._id }, { $set: { status: 'done', updatedAt: new Date() } });
  return job;
}
