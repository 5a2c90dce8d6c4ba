import type { SignedInContext } from '../context';
import { BusyError, NotFoundError, ValidationFailedError } from '../errors';
import { importCsv, previewImport } from '../services/csv-import';
import { builder } from './builder';
import { DedupeKeyEnum, JobRef, RowErrorRef } from './job';
import { JOB_LIST_MAX } from '../services/new-job';
import type { ImportPreview } from '../services/csv-import';

const ImportRecordsInput = builder.inputType('ImportRecordsInput', {
  fields: (t) => ({
    workflowKey: t.string({ required: true }),
    csv: t.string({ required: true, description: 'CSV text; the header row names the fields, by key or by title (any language, any case).' }),
    pipeline: t.string(),
    dedupeBy: t.field({ type: [DedupeKeyEnum], defaultValue: ['email', 'phone', 'company'], description: 'Skip rows matching an existing record by these.' }),
  }),
});

/** A duplicate a preview found: of a stored record (`recordId`) or of an earlier row of the file (`earlierRow`). */
interface PreviewDuplicate {
  row: number;
  by: 'email' | 'phone' | 'company';
  recordId: string | null;
  earlierRow: number | null;
}

const PreviewDuplicateRef = builder.objectRef<PreviewDuplicate>('ImportPreviewDuplicate').implement({
  description: 'A row the import would skip as a duplicate.',
  fields: (t) => ({
    row: t.exposeInt('row'),
    by: t.field({ type: DedupeKeyEnum, resolve: (d) => d.by }),
    recordId: t.exposeID('recordId', { nullable: true, description: 'The stored record it duplicates; null when it repeats an earlier row.' }),
    earlierRow: t.exposeInt('earlierRow', { nullable: true, description: 'The earlier row of the file it repeats (that row would be created).' }),
  }),
});

const ImportPreviewRef = builder.objectRef<ImportPreview>('ImportPreview').implement({
  description: 'What `importRecords` would do with a file, nothing written: the rows it would create, refuse and skip as duplicates.',
  fields: (t) => ({
    total: t.int({ resolve: (p) => p.job.total }),
    created: t.int({ description: 'Rows the import would create.', resolve: (p) => p.job.created }),
    skipped: t.int({ description: 'Rows it would refuse or skip as duplicates.', resolve: (p) => p.job.skipped }),
    errors: t.field({ type: [RowErrorRef], description: `The first ${JOB_LIST_MAX} errors, as the import would report them.`, resolve: (p) => p.job.errors }),
    errorsLeftOut: t.int({ resolve: (p) => p.job.errorsLeftOut ?? 0 }),
    duplicates: t.field({
      type: [PreviewDuplicateRef],
      description: `The first ${JOB_LIST_MAX} duplicate rows.`,
      resolve: (p) =>
        p.job.duplicates.map((d) => {
          const earlierRow = p.earlierRows.get(d.row) ?? null;
          return { row: d.row, by: d.by, recordId: earlierRow === null ? d.recordId : null, earlierRow };
        }),
    }),
    duplicatesLeftOut: t.int({ resolve: (p) => p.job.duplicatesLeftOut ?? 0 }),
  }),
});

builder.queryField('previewImport', (t) =>
  t.withAuth({ admin: true, manager: true, marketing: true, integration: true }).field({
    type: ImportPreviewRef,
    description:
      'What `importRecords` would do with this input, creating nothing: the same header checks (ValidationFailed), then each row checked against the field schema and for duplicates of earlier rows and stored records, as the import does.',
    args: { input: t.arg({ type: ImportRecordsInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError, BusyError] },
    heavyOperation: 'import',
    resolve: (_root, { input }, ctx) => previewImport(importInput(ctx, input)),
  }),
);

builder.mutationField('importRecords', (t) =>
  t.withAuth({ admin: true, manager: true, marketing: true, integration: true }).field({
    type: JobRef,
    description:
      'Imports records from CSV: per-row errors with JSON pointers, duplicates by email, phone or company skipped, progress in `job(id)`. A file of up to 1,000 rows is done when this answers; a longer one is answered at once with its running job and goes on.',
    args: { input: t.arg({ type: ImportRecordsInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError, BusyError] },
    heavyOperation: 'import',
    resolve: (_root, { input }, ctx) => importCsv(importInput(ctx, input)),
  }),
);

/** The import (or preview) the request asks for, by the signed-in viewer. */
function importInput(ctx: SignedInContext, input: typeof ImportRecordsInput.$inferInput): Parameters<typeof importCsv>[0] {
  const { viewer } = ctx;
  return {
    services: ctx.services,
    tenantId: viewer.tenantId,
    actor: viewer.actor,
    workflowKey: input.workflowKey,
    csv: input.csv,
    pipeline: input.pipeline,
    dedupeBy: input.dedupeBy ?? ['email', 'phone', 'company'],
  };
}
