import { changedContactKeys, decide, planMigration, SYSTEM_ACTORS, type CompiledWorkflow, type FunnelRecord, type MigrationPlan } from '@funnel/engine';
import { escapePointer, type Diagnostic } from '@funnel/schemas';
import { randomUUID } from 'node:crypto';
import { type AuditActor, auditRecord } from '../accounts/admin-changes';
import { NotFoundError, ValidationFailedError } from '../errors';
import type { JobDoc } from '../models/job';
import type { RecordDoc } from '../models/record';
import { groupBy } from './group-by';
import { holdingJob, recordBatches } from './job-batches';
import { addErrors, claimJob, newJob } from './new-job';
import type { Services } from './services';
import { storedScore } from './stored-score';

/** Records migrated per batch; the job's cursor is saved after each. */
const MIGRATION_BATCH = 200;
/** Writes tried per record when other writers keep changing it under the run. */
const MIGRATION_ATTEMPTS = 3;

/** The migration's inputs, as the GraphQL input gives them. */
export interface MigrationInput {
  workflowKey: string;
  fromVersion: number;
  toVersion: number;
  /** `rename`: the new stage is the old one under a new key (records keep their time in stage); absent is false. */
  stageMap: { from: string; to: string; rename?: boolean | null }[];
}

/**
 * A dry run: what moves where and what is unmapped, with the number of records in each old stage, and
 * warnings for the records whose fields the new version refuses (they would stay where they are).
 * @example await planRecordMigration({ services, tenantId, workflowKey: 'standard_trunk', fromVersion: 1, toVersion: 2, stageMap: [] })
 */
export async function planRecordMigration(input: MigrationInput & { services: Services; tenantId: string }): Promise<MigrationPlan> {
  const { plan, to } = await stagePlan(input);
  if (!plan.ok) return plan;
  const refused = await refusedFields({
    services: input.services,
    tenantId: input.tenantId,
    workflowKey: input.workflowKey,
    fromVersion: input.fromVersion,
    to,
  });
  return { ...plan, diagnostics: [...plan.diagnostics, ...refused] };
}

/**
 * The plan of stages and the input's own problems, without the field warnings (a run needs no warnings,
 * and they read every record's fields: a run resumed batch by batch would read them all on every call).
 */
async function stagePlan(input: MigrationInput & { services: Services; tenantId: string }): Promise<{ plan: MigrationPlan; to: CompiledWorkflow }> {
  const { services, tenantId, workflowKey } = input;
  const [from, to] = await Promise.all([
    services.workflows.version({ tenantId, key: workflowKey, version: input.fromVersion }),
    services.workflows.version({ tenantId, key: workflowKey, version: input.toVersion }),
  ]);
  const counts = (await services.models.Record.aggregate([
    { $match: { tenantId, workflowKey, workflowVersion: input.fromVersion } },
    { $group: { _id: '$stage', count: { $sum: 1 } } },
  ])) as { _id: string; count: number }[];
  // Every old stage gets a count: the aggregation names only stages that hold records, and the plan treats an
  // unmapped stage without a count as one that may hold some (so an empty stage dropped from the new version
  // made every plan not ok).
  const stageCounts: Record<string, number> = Object.fromEntries(from.stages.map((stage) => [stage.key, 0]));
  for (const c of counts) stageCounts[c._id] = c.count;
  const renamed = input.stageMap.filter((m) => m.rename).map((m) => m.from);
  const plan = planMigration({ from, to, stageMap: stageMapObject(input.stageMap), renamed, stageCounts });
  const refusedInput = inputDiagnostics(input);
  if (refusedInput.length > 0) return { plan: { ...plan, diagnostics: [...refusedInput, ...plan.diagnostics], ok: false }, to };
  return { plan, to };
}

/**
 * The fields of records at the old version that the new version's field schema refuses (a field it dropped,
 * a type it changed, a field it made required), one warning per problem with how many records have it: the
 * run leaves those records where they are, since no change of theirs would pass validation on the new
 * version until the fields are fixed. Reads every record's fields: a dry run answers for the run.
 */
async function refusedFields(input: {
  services: Services;
  tenantId: string;
  workflowKey: string;
  fromVersion: number;
  to: CompiledWorkflow;
}): Promise<Diagnostic[]> {
  const { services, tenantId, workflowKey, to } = input;
  const docs = (await services.models.Record.find({ tenantId, workflowKey, workflowVersion: input.fromVersion }, { fields: 1 }).lean()) as unknown as Pick<
    RecordDoc,
    'fields'
  >[];
  const found = new Map<string, { pointer: string; message: string; records: number }>();
  for (const doc of docs) {
    for (const d of to.validateFields(doc.fields)) {
      const key = `${d.pointer} ${d.message}`;
      const seen = found.get(key) ?? { pointer: `/fields${d.pointer}`, message: d.message, records: 0 };
      seen.records += 1;
      found.set(key, seen);
    }
  }
  return [...found.values()].map((f) => ({
    severity: 'warning',
    code: 'migration.fields_refused',
    pointer: f.pointer,
    message: `${f.records} record${f.records === 1 ? '' : 's'}: ${f.message} in version ${to.version}; they stay on version ${input.fromVersion} until their fields are changed`,
  }));
}

/**
 * What the plan's engine cannot see in the input: a version that is not newer (to the same version a run
 * would only re-arm timers and log `migrated` for nothing; backwards, a version a newer one replaced would
 * come back into use), and an old stage mapped twice (an object keeps the last entry, silently).
 */
function inputDiagnostics(input: MigrationInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (input.toVersion <= input.fromVersion) {
    diagnostics.push({ severity: 'error', code: 'migration.not_newer', pointer: '/toVersion', message: `must be newer than fromVersion ${input.fromVersion}` });
  }
  const targets = groupBy(input.stageMap, (m) => m.from);
  for (const [from, entries] of targets) {
    if (entries.length < 2) continue;
    const to = entries.map((m) => `"${m.to}"`).join(' and ');
    diagnostics.push({
      severity: 'error',
      code: 'migration.mapped_twice',
      pointer: `/stageMap/${escapePointer(from)}`,
      message: `stage "${from}" is mapped twice (to ${to}); map it once`,
    });
  }
  return diagnostics;
}

/** A stage map as an object, old stage → new stage (a later entry for one old stage wins). */
function stageMapObject(entries: MigrationInput['stageMap']): Record<string, string> {
  return Object.fromEntries(entries.map((m) => [m.from, m.to]));
}

/** The stage map as a job stores it: every entry with its rename flag, false when not given. */
function storedStageMap(entries: MigrationInput['stageMap']): NonNullable<JobDoc['stageMap']> {
  return entries.map((m) => ({ from: m.from, to: m.to, rename: m.rename === true }));
}

/**
 * What in a resumed job's inputs differs from the job's own: a resumed run must move the rest of the
 * records as the first part moved theirs, so another version or stage map is refused rather than mixed in.
 */
function jobMismatch(job: JobDoc, input: MigrationInput): Diagnostic[] {
  const mismatch = (field: string, was: unknown): Diagnostic => ({
    severity: 'error',
    code: 'migration.job_mismatch',
    pointer: `/${field}`,
    message: `job ${job._id} runs with ${field} ${JSON.stringify(was)}; resume it with the same, or start a new run without jobId`,
  });
  // Old stage → [new stage, renamed]: a rename keeps records' time in stage, so a resume must not add or drop one
  // (a job stored before renames existed has none, read as false).
  const sameMap = (a: MigrationInput['stageMap']) =>
    JSON.stringify(
      storedStageMap(a)
        .map((m) => [m.from, m.to, m.rename])
        .sort(),
    );
  const diagnostics: Diagnostic[] = [];
  if (job.workflowKey !== input.workflowKey) diagnostics.push(mismatch('workflowKey', job.workflowKey));
  if (job.fromVersion !== input.fromVersion) diagnostics.push(mismatch('fromVersion', job.fromVersion));
  if (job.toVersion !== input.toVersion) diagnostics.push(mismatch('toVersion', job.toVersion));
  if (sameMap(job.stageMap ?? []) !== sameMap(input.stageMap)) diagnostics.push(mismatch('stageMap', job.stageMap ?? []));
  return diagnostics;
}

/** Stores a new migration job with the audit log entry of the migration's start. */
async function startJob(input: { services: Services; actor: AuditActor; job: JobDoc }): Promise<void> {
  const { services, job } = input;
  const { workflowKey, fromVersion, toVersion, stageMap, total } = job;
  await services.audit.write({
    tenantId: job.tenantId,
    actor: input.actor,
    change: {
      action: 'migration_started',
      targetType: 'migration',
      targetId: job._id,
      before: null,
      after: auditRecord({ workflowKey, fromVersion, toVersion, stageMap, total }),
    },
    holder: { model: 'Job', id: job._id },
    write: (pending) => services.models.Job.create({ ...job, ...pending.field }),
  });
}

/**
 * Runs (or resumes, given `jobId` and the job's own inputs) a migration: records at `fromVersion` move batch
 * by batch, each with a conditional write; the job keeps the last id done, so a crash or a `limit` stops and
 * a call with the same job id resumes. One run of a job at a time: a second call with the job while a run
 * holds it is refused with JobBusy (two runs would move the same records and overwrite each other's counts).
 * Refused when the plan has errors or unmapped stages that hold records. A new job is written with the audit log
 * entry of the migration's start (a resumed run is not a new change).
 * @example await migrateRecords({ services, tenantId, actor, workflowKey, fromVersion: 1, toVersion: 2, stageMap: [] })
 */
export async function migrateRecords(
  input: MigrationInput & { services: Services; tenantId: string; actor: AuditActor; jobId?: string | null; limit?: number | null },
): Promise<JobDoc> {
  const { services, tenantId } = input;
  const { models } = services;
  const resumed = input.jobId ? await models.Job.findOne({ tenantId, _id: input.jobId, kind: 'migration' }).lean() : null;
  if (input.jobId && !resumed) throw new NotFoundError({ what: 'migration job', id: input.jobId, pointer: '/jobId' });
  if (resumed) {
    const mismatch = jobMismatch(resumed, input);
    if (mismatch.length > 0) throw new ValidationFailedError(mismatch, 'The job was started with another plan');
  }
  const { plan, to } = await stagePlan(input);
  if (!plan.ok) {
    const diagnostics =
      plan.diagnostics.length > 0
        ? plan.diagnostics
        : plan.unmapped.map((stage) => ({
            severity: 'error' as const,
            code: 'unmapped',
            pointer: `/stageMap/${stage}`,
            message: `stage "${stage}" holds records and has no place in version ${input.toVersion}`,
          }));
    throw new ValidationFailedError(diagnostics, 'The migration plan is not complete');
  }
  const runner = randomUUID();
  const job: JobDoc = resumed
    ? await claimJob({ services, job: resumed, runner })
    : {
        ...newJob({
          tenantId,
          kind: 'migration',
          workflowKey: input.workflowKey,
          fromVersion: input.fromVersion,
          toVersion: input.toVersion,
          stageMap: storedStageMap(input.stageMap),
          total: plan.stages.reduce((n, s) => n + (s.count ?? 0), 0),
        }),
        runner,
      };
  if (!resumed) await startJob({ services, actor: input.actor, job });
  await holdingJob({ services, job, runner }, () => runBatches({ services, tenantId, input, plan, to, job }));
  return job;
}

/**
 * Moves the job's records batch by batch until none is left or `limit` is used up, saving the counters and
 * cursor after each batch while this run holds the job (`runner`).
 */
async function runBatches(args: {
  services: Services;
  tenantId: string;
  input: MigrationInput & { limit?: number | null };
  plan: MigrationPlan;
  to: CompiledWorkflow;
  job: JobDoc;
}): Promise<void> {
  const { services, tenantId, input, plan, to, job } = args;
  await recordBatches({
    services,
    job,
    filter: { workflowKey: input.workflowKey, workflowVersion: input.fromVersion },
    batch: MIGRATION_BATCH,
    limit: input.limit ?? Number.POSITIVE_INFINITY,
    each: async (record, doc) => {
      const outcome = await migrateOne({ services, tenantId, plan, to, record });
      if (outcome.type === 'migrated') job.created += 1;
      else {
        job.skipped += 1;
        if (outcome.type === 'failed')
          addErrors(
            job,
            outcome.errors.map((e) => ({ row: job.processed, pointer: `/records/${doc._id}${e.pointer}`, message: e.message })),
          );
      }
    },
  });
}

/**
 * Migrates one record with a version-checked write. A record another writer changed between the read and
 * the write is read again and migrated from its new state (the migration is the system's, not a request
 * made against a version someone read), up to `MIGRATION_ATTEMPTS` times; one another run migrated first
 * is left as it is. One whose fields the new version refuses is not migrated (see `refusedFields`).
 */
async function migrateOne(input: {
  services: Services;
  tenantId: string;
  plan: MigrationPlan;
  to: CompiledWorkflow;
  record: FunnelRecord;
}): Promise<{ type: 'migrated' } | { type: 'already' } | { type: 'failed'; errors: { pointer: string; message: string }[] }> {
  const { services, tenantId, plan, to } = input;
  let record: FunnelRecord | null = input.record;
  for (let attempt = 1; attempt <= MIGRATION_ATTEMPTS; attempt++) {
    if (!record || record.workflowVersion !== plan.fromVersion) return { type: 'already' };
    const now = await services.clock.now(tenantId);
    const decision = decide({
      workflow: to,
      record,
      now,
      command: { type: 'migrate', plan, actor: SYSTEM_ACTORS.migration },
    });
    if (decision.type === 'refused' && decision.blockers.every((b) => b.type === 'invalid_field')) {
      const errors = decision.blockers.map((b) => ({
        pointer: b.pointer,
        message: `${b.message} in version ${to.version}: not migrated; change the field and run again`,
      }));
      return { type: 'failed', errors };
    }
    if (decision.type !== 'applied') return { type: 'failed', errors: [{ pointer: '', message: `not migrated: ${decision.type}` }] };
    const contact = changedContactKeys(to.definition, record, decision.record);
    const score = storedScore({ workflow: to, record: decision.record, now });
    if (await services.records.update({ tenantId, before: record, change: decision, contact, score, system: true })) return { type: 'migrated' };
    record = await services.records.find(tenantId, record.id);
  }
  return {
    type: 'failed',
    errors: [{ pointer: '', message: `changed by other writers ${MIGRATION_ATTEMPTS} times while migrating; a new run (without jobId) migrates it` }],
  };
}
