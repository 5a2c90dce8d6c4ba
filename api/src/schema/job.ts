import { NotFoundError } from '../errors';
import type { DuplicateRow, JobDoc, RowError } from '../models/job';
import { DEFAULT_JOB_STALE_AFTER_MS } from '../config';
import { jobById } from '../services/directory';
import { HEARTBEATS_PER_STALE_PERIOD, jobAsSeen } from '../services/job-liveness';
import { JOB_LIST_MAX } from '../services/new-job';
import { builder } from './builder';

const JobStatusEnum = builder.enumType('JobStatus', { values: ['running', 'done', 'failed'] as const });
export const DedupeKeyEnum = builder.enumType('DedupeKey', { values: ['email', 'phone', 'company'] as const });

export const RowErrorRef = builder.objectRef<RowError>('RowError').implement({
  description: 'A row that was not imported (or a record not migrated): row number (header = 1) and JSON pointer.',
  fields: (t) => ({ row: t.exposeInt('row'), pointer: t.exposeString('pointer'), message: t.exposeString('message') }),
});

const DuplicateRowRef = builder.objectRef<DuplicateRow>('DuplicateRow').implement({
  fields: (t) => ({
    row: t.exposeInt('row'),
    recordId: t.exposeID('recordId', { description: 'The existing record (or earlier row’s record) it duplicates.' }),
    by: t.field({ type: DedupeKeyEnum, resolve: (d) => d.by }),
  }),
});

export const JobRef = builder.objectRef<JobDoc>('Job').implement({
  description: 'A CSV import or a record migration, with its progress.',
  fields: (t) => ({
    id: t.exposeID('_id'),
    kind: t.exposeString('kind'),
    status: t.field({ type: JobStatusEnum, resolve: (j) => j.status }),
    workflowKey: t.exposeString('workflowKey'),
    total: t.exposeInt('total'),
    processed: t.exposeInt('processed'),
    created: t.exposeInt('created', { description: 'Import: records created. Migration: records migrated.' }),
    skipped: t.exposeInt('skipped'),
    errors: t.field({ type: [RowErrorRef], description: `The first ${JOB_LIST_MAX} errors (see errorsLeftOut).`, resolve: (j) => j.errors }),
    errorsLeftOut: t.int({ description: `Errors past the first ${JOB_LIST_MAX}, counted but not listed.`, resolve: (j) => j.errorsLeftOut ?? 0 }),
    duplicates: t.field({
      type: [DuplicateRowRef],
      description: `The first ${JOB_LIST_MAX} duplicate rows (see duplicatesLeftOut).`,
      resolve: (j) => j.duplicates,
    }),
    duplicatesLeftOut: t.int({
      description: `Duplicate rows past the first ${JOB_LIST_MAX}, counted but not listed.`,
      resolve: (j) => j.duplicatesLeftOut ?? 0,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description:
        `The last progress or heartbeat of a running job: its process beats every jobStaleAfterMs / ${HEARTBEATS_PER_STALE_PERIOD} (a server setting; ` +
        `${DEFAULT_JOB_STALE_AFTER_MS / HEARTBEATS_PER_STALE_PERIOD / 1000} s by default). A running import silent for jobStaleAfterMs ` +
        `(${DEFAULT_JOB_STALE_AFTER_MS / 1000} s by default) is shown failed; a migration run silent that long frees its job.`,
      resolve: (j) => j.updatedAt,
    }),
  }),
});

builder.queryField('job', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: JobRef,
    description: 'An import or migration job, for its progress.',
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [NotFoundError] },
    resolve: async (_root, { id }, ctx) => {
      const { viewer } = ctx;
      const job = await jobById(ctx.services, viewer.tenantId, String(id));
      return jobAsSeen(job, { now: Date.now(), staleAfterMs: ctx.services.config.jobStaleAfterMs });
    },
  }),
);
