import { BusyError, NotFoundError, ValidationFailedError } from '../errors';
import { importCsv } from '../services/csv-import';
import { builder } from './builder';
import { DedupeKeyEnum, JobRef } from './job';

const ImportRecordsInput = builder.inputType('ImportRecordsInput', {
  fields: (t) => ({
    workflowKey: t.string({ required: true }),
    csv: t.string({ required: true, description: 'CSV text; the header row names the fields, by key or by title (any language, any case).' }),
    pipeline: t.string(),
    dedupeBy: t.field({ type: [DedupeKeyEnum], defaultValue: ['email', 'phone', 'company'], description: 'Skip rows matching an existing record by these.' }),
  }),
});

builder.mutationField('importRecords', (t) =>
  t.withAuth({ admin: true, manager: true, marketing: true, integration: true }).field({
    type: JobRef,
    description:
      'Imports records from CSV: per-row errors with JSON pointers, duplicates by email, phone or company skipped, progress in `job(id)`. A file of up to 1,000 rows is done when this answers; a longer one is answered at once with its running job and goes on.',
    args: { input: t.arg({ type: ImportRecordsInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError, BusyError] },
    heavyOperation: 'import',
    resolve: (_root, { input }, ctx) => {
      const { viewer } = ctx;
      return importCsv({
        services: ctx.services,
        tenantId: viewer.tenantId,
        actor: viewer.actor,
        workflowKey: input.workflowKey,
        csv: input.csv,
        pipeline: input.pipeline,
        dedupeBy: input.dedupeBy ?? ['email', 'phone', 'company'],
      });
    },
  }),
);
