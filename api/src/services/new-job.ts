import type { DuplicateRow, JobDoc, RowError } from '../models/job';
import type { Models } from '../models/models';
import { newId } from './create-tenant';

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
