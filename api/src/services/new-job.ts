import type { DuplicateRow, JobDoc, RowError } from '../models/job';
import { JobBusyError } from '../errors';
import type { Models } from '../models/models';
import { newId } from './create-tenant';
import type { Services } from './services';

/**
 * Most errors, and most duplicates, a job lists; the rest are counted. A job is saved whole as it goes,
 * so a file of 20,000 bad rows must not make it megabytes (nor past MongoDB's 16 MiB).
 */
export const JOB_LIST_MAX = 1000;

/** What a new job is for: an import, a migration with the plan's inputs (kept so a run can resume), or a workflow's metric summaries (one job per workflow, by its id). */
export type NewJobInput = Pick<JobDoc, 'tenantId' | 'workflowKey' | 'total'> &
  (
    | { kind: 'import' }
    | ({ kind: 'migration' } & Required<Pick<JobDoc, 'fromVersion' | 'toVersion' | 'stageMap'>>)
    | ({ kind: 'metrics' } & Required<Pick<JobDoc, '_id' | 'lastDay' | 'undatedRecords' | 'summariesKey'>>)
    | ({ kind: 'hand_over' } & Required<Pick<JobDoc, 'handOver'>>)
  );

/**
 * A new job document, `running` with nothing processed yet; the caller stores it.
 * @example const job = newJob({ tenantId, kind: 'import', workflowKey: 'standard_trunk', total: rows.length })
 */
export function newJob(input: NewJobInput): JobDoc {
  const now = new Date();
  return {
    _id: newId(),
    status: 'running',
    processed: 0,
    created: 0,
    skipped: 0,
    errors: [],
    errorsLeftOut: 0,
    duplicates: [],
    duplicatesLeftOut: 0,
    createdAt: now,
    updatedAt: now,
    ...input,
  };
}

/**
 * Notes a job's errors: listed while the list is short of JOB_LIST_MAX, counted after.
 * @example addErrors(job, [{ row: 7, pointer: '/fields/email', message: 'must be an email' }])
 */
export function addErrors(job: JobDoc, errors: RowError[]): void {
  const room = Math.max(0, JOB_LIST_MAX - job.errors.length);
  job.errors.push(...errors.slice(0, room));
  job.errorsLeftOut = (job.errorsLeftOut ?? 0) + Math.max(0, errors.length - room);
}

/**
 * Notes a duplicate row of an import: listed while the list is short of JOB_LIST_MAX, counted after.
 * @example addDuplicate(job, { row: 3, recordId: 'r1', by: 'email' })
 */
export function addDuplicate(job: JobDoc, duplicate: DuplicateRow): void {
  if (job.duplicates.length < JOB_LIST_MAX) job.duplicates.push(duplicate);
  else job.duplicatesLeftOut = (job.duplicatesLeftOut ?? 0) + 1;
}

/**
 * Saves a job's progress (every field but its keys), stamping `updatedAt`; given `runner`, only while that run
 * holds the job. False when nothing matched (another run took the job over).
 * @example if (!(await saveJob({ models, job, runner }))) throw …
 */
export async function saveJob(input: { models: Models; job: JobDoc; runner?: string }): Promise<boolean> {
  const { job } = input;
  job.updatedAt = new Date();
  const { _id, tenantId, ...progress } = job;
  const saved = await input.models.Job.updateOne({ tenantId, _id, ...(input.runner === undefined ? {} : { runner: input.runner }) }, { $set: progress });
  return saved.matchedCount > 0;
}

/**
 * Takes a job for one run: sets `runner` unless another run holds it and has beaten its heartbeat within
 * `jobStaleAfterMs` (a run whose process died frees the job then). Returns the job as stored now (a run that
 * just stopped may have saved more than the caller read), or throws JobBusy.
 */
export async function claimJob(input: { services: Services; job: JobDoc; runner: string }): Promise<JobDoc> {
  const { services, job, runner } = input;
  const now = Date.now();
  const claimed = await services.models.Job.findOneAndUpdate(
    { tenantId: job.tenantId, _id: job._id, $or: [{ runner: { $exists: false } }, { updatedAt: { $lt: new Date(now - services.config.jobStaleAfterMs) } }] },
    { $set: { runner, updatedAt: new Date(now) } },
    { returnDocument: 'after' },
  ).lean();
  if (claimed) return claimed;
  throw await jobBusy({ services, job });
}

/** JobBusy for a job another run holds, with that run's last progress as stored. */
export async function jobBusy(input: { services: Services; job: JobDoc }): Promise<JobBusyError> {
  const { services, job } = input;
  const holder = await services.models.Job.findOne({ tenantId: job.tenantId, _id: job._id }, { updatedAt: 1 }).lean();
  return new JobBusyError({ jobId: job._id, lastProgressAt: holder?.updatedAt ?? job.updatedAt, staleAfterMs: services.config.jobStaleAfterMs });
}
