import { parse } from 'csv-parse/sync';
import type { Actor } from '@funnel/engine';
import type { FieldSpec } from '@funnel/schemas';
import { ApiError, ValidationFailedError } from '../errors';
import type { DuplicateRow, JobDoc, RowError } from '../models/job';
import type { ContactKeys } from '../models/record';
import { contactKeys } from './contact-keys';
import { createRecord } from './create-record';
import { newJob } from './new-job';
import type { Services } from './services';

export type DedupeKey = keyof ContactKeys;
/** Rows between two progress updates of the job document. */
const PROGRESS_EVERY_ROWS = 100;
/** The header is row 1; the first data row is row 2, as a spreadsheet shows it. */
const FIRST_DATA_ROW = 2;

/** A CSV cell as the field's type wants it; arrays are `;`-separated. */
function cellValue(spec: FieldSpec, cell: string): unknown {
  switch (spec.type) {
    case 'number':
    case 'integer': {
      if (cell === '') return undefined;
      // A cell that is not a number stays text, so the error says "must be of type integer", not a NaN bound.
      const number = Number(cell);
      return Number.isNaN(number) ? cell : number;
    }
    case 'boolean':
      return cell === '' ? undefined : ['true', 'yes', '1'].includes(cell.toLowerCase()) ? true : ['false', 'no', '0'].includes(cell.toLowerCase()) ? false : cell;
    case 'array':
      return cell === '' ? undefined : cell.split(';').map((item) => (spec.items?.type === 'number' ? Number(item.trim()) : item.trim()));
    case 'string':
      return cell === '' ? undefined : cell;
    default: {
      const unreachable: never = spec.type;
      return unreachable;
    }
  }
}

/**
 * Imports records from CSV (header row = field names): each row is validated and created on its own;
 * a bad row is reported with its row number and JSON pointer and does not stop the others. Rows whose
 * email, phone or company matches an existing record (or an earlier row) are reported as duplicates
 * and skipped. Progress is written to the job document as rows go.
 * @example await importCsv({ services, tenantId, actor, workflowKey: 'standard_trunk', csv: 'name,email\nAnn,ann@x.com' })
 */
export async function importCsv(input: {
  services: Services;
  tenantId: string;
  actor: Actor;
  workflowKey: string;
  csv: string;
  pipeline?: string | null;
  dedupeBy: DedupeKey[];
}): Promise<JobDoc> {
  const { services, tenantId } = input;
  const { models } = services;
  const workflow = await services.workflows.latest({ tenantId, key: input.workflowKey });
  let rows: Record<string, string>[];
  try {
    rows = parse(input.csv, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw new ValidationFailedError([{ severity: 'error', code: 'csv', pointer: '/csv', message: (error as Error).message }]);
  }
  const properties = workflow.definition.fields.properties;
  const header = Object.keys(rows[0] ?? {});
  const unknown = header.filter((column) => !(column in properties));
  if (unknown.length > 0) {
    throw new ValidationFailedError(
      unknown.map((column) => ({ severity: 'error' as const, code: 'unknown_column', pointer: `/csv/columns/${column}`, message: `"${column}" is not a field; fields: ${Object.keys(properties).join(', ')}` })),
    );
  }
  const job = newJob({ tenantId, kind: 'import', workflowKey: input.workflowKey, total: rows.length });
  await models.Job.create(job);
  const seen = new Map<string, string>();
  for (const [index, row] of rows.entries()) {
    const rowNumber = index + FIRST_DATA_ROW;
    const fields = Object.fromEntries(
      Object.entries(row).flatMap(([column, cell]) => {
        const spec = properties[column];
        const value = spec ? cellValue(spec, cell) : undefined;
        return value === undefined ? [] : [[column, value]];
      }),
    );
    const duplicate = await findDuplicate({ services, tenantId, keys: contactKeys(workflow.definition, fields), dedupeBy: input.dedupeBy, seen });
    if (duplicate) {
      job.duplicates.push({ row: rowNumber, ...duplicate });
      job.skipped += 1;
    } else {
      try {
        const record = await createRecord({ services, tenantId, actor: input.actor, workflowKey: input.workflowKey, fields, pipeline: input.pipeline });
        job.created += 1;
        for (const [by, value] of Object.entries(contactKeys(workflow.definition, fields))) seen.set(`${by}:${value}`, record.id);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        job.skipped += 1;
        job.errors.push(...rowErrors(rowNumber, error));
      }
    }
    job.processed += 1;
    if (job.processed % PROGRESS_EVERY_ROWS === 0) await saveProgress(services, job);
  }
  job.status = 'done';
  await saveProgress(services, job);
  return job;
}

function rowErrors(row: number, error: ApiError): RowError[] {
  if (error instanceof ValidationFailedError) return error.diagnostics.map((d) => ({ row, pointer: d.pointer, message: d.message }));
  return [{ row, pointer: '', message: error.message }];
}

async function findDuplicate(input: {
  services: Services;
  tenantId: string;
  keys: ContactKeys;
  dedupeBy: DedupeKey[];
  seen: Map<string, string>;
}): Promise<Omit<DuplicateRow, 'row'> | null> {
  for (const by of input.dedupeBy) {
    const value = input.keys[by];
    if (!value) continue;
    const inFile = input.seen.get(`${by}:${value}`);
    if (inFile) return { recordId: inFile, by };
    const existing = await input.services.models.Record.findOne({ tenantId: input.tenantId, [`contact.${by}`]: value }, { _id: 1 }).lean();
    if (existing) return { recordId: existing._id, by };
  }
  return null;
}

async function saveProgress(services: Services, job: JobDoc): Promise<void> {
  job.updatedAt = new Date();
  const { _id, tenantId, ...progress } = job;
  await services.models.Job.updateOne({ tenantId, _id }, { $set: progress });
}
