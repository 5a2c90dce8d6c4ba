import { contactKeyLookups, contactKeys, type Actor, type CompiledWorkflow, type ContactKeys } from '@funnel/engine';
import { escapePointer, type Diagnostic, type FieldSpec, type WorkflowDefinition } from '@funnel/schemas';
import { ApiError, LeaseBusyError, ValidationFailedError } from '../errors';
import type { DuplicateRow, JobDoc, RowError } from '../models/job';
import { ImportPlaces } from './import-places';
import { startJobHeartbeat } from './job-liveness';
import { checkNewRecord, createRecord } from './create-record';
import { csvRows, type CsvRow } from './csv-rows';
import { addDuplicate, addErrors, newJob, saveJob } from './new-job';
import { LEASE_RETRY_MAX_MS, ownerLeaseTiming, withOwnerLease } from './owner-lease';
import type { Services } from './services';

type DedupeKey = keyof ContactKeys;
/**
 * An import checks and creates its rows in turns at the tenant's import lease, so two imports of one tenant
 * at once (a file sent twice, an app retrying a slow request) do not both find a contact missing and both
 * create it. The lease is renewed while a turn runs, up to the config's `ownerLeaseMaxHoldMs`; a turn that finds it no longer
 * surely held starts no further insert and waits for a new turn (`withOwnerLease`'s `held`). The check and
 * the insert are two store operations: a process that stalls between them for longer than its lease has left
 * lets another import create the contact too (fencing the insert by the lease's term would need both in one
 * operation, which MongoDB without transactions cannot do across collections). A turn is at most this many
 * rows (two chunks by default: a turn's gap and lease took ~60 ms, a seventh of a 1,000-row chunk's time) and
 * starts no chunk after the config's `importTurnMs` (a chunk starts when its stored contacts are read, which the next
 * chunk's are while the one before it is created); the job's progress is saved after each chunk, and after each turn…
 */
const TURN_ROWS = 2_000;
/**
 * …while the importer lets the lease go for longer than a waiter sleeps, so imports take turns (a lone import
 * loses 20 ms a turn, 4 % of the default half second).
 */
const TURN_GAP_MS = 2 * LEASE_RETRY_MAX_MS;

/**
 * Rows of a chunk started together (`createRows`), a turn of the event loop apart: one insert command of the record
 * store (its BATCH_MAX), so the store inserts one slice while this process makes the next.
 */
const CREATE_SLICE_ROWS = 100;

/** Rows of a chunk decided between two turns of the event loop (`rowFates`), so deciding 1,000 rows holds no request up. */
const DECIDE_SLICE_ROWS = 100;

/**
 * A number as people write one: digits with an optional sign, decimal point and exponent. `Number()` alone
 * also reads `0x10` as 16, `0b11` as 3 and `Infinity`, which would import silently wrong.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as a number, or the text itself when it is not one (so the error says "must be of type number"). */
function numberOrText(cell: string): number | string {
  return DECIMAL.test(cell) ? Number(cell) : cell;
}

/** A CSV cell as the field's type wants it; arrays are `;`-separated. */
function cellValue(spec: FieldSpec, cell: string): unknown {
  switch (spec.type) {
    case 'number':
    case 'integer':
      return cell === '' ? undefined : numberOrText(cell);
    case 'boolean':
      return cell === ''
        ? undefined
        : ['true', 'yes', '1'].includes(cell.toLowerCase())
          ? true
          : ['false', 'no', '0'].includes(cell.toLowerCase())
            ? false
            : cell;
    case 'array':
      return cell === '' ? undefined : cell.split(';').map((item) => (spec.items?.type === 'number' ? numberOrText(item.trim()) : item.trim()));
    case 'string':
      return cell === '' ? undefined : cell;
    default: {
      const unreachable: never = spec.type;
      return unreachable;
    }
  }
}

/**
 * The field a header column names: the field with that key, else the one whose title (in any of its languages)
 * it is, case and surrounding spaces aside; `ambiguous` when several fields have that title.
 */
function columnField(column: string, properties: WorkflowDefinition['fields']['properties']): string | { ambiguous: string[] } | undefined {
  if (Object.hasOwn(properties, column)) return column;
  const wanted = column.trim().toLowerCase();
  const titled = Object.entries(properties)
    .filter(([, spec]) => Object.values(spec.title ?? {}).some((title) => title.trim().toLowerCase() === wanted))
    .map(([name]) => name);
  if (titled.length > 1) return { ambiguous: titled };
  return titled[0];
}

/**
 * The field each header column names (by key or title), and the header's problems: columns that name no field
 * or one field twice, and required fields it has no column for (every row would fail alike: one error per row,
 * thousands for a long file).
 */
function headerFields(header: string[], fields: WorkflowDefinition['fields']): { columnFields: string[]; diagnostics: Diagnostic[] } {
  const { properties } = fields;
  const diagnostics: Diagnostic[] = [];
  const columns: string[] = [];
  const known = Object.keys(properties).join(', ');
  for (const [index, column] of header.entries()) {
    const pointer = `/csv/columns/${escapePointer(column)}`;
    const field = column === '' ? undefined : columnField(column, properties);
    columns.push(typeof field === 'string' ? field : '');
    if (column === '') {
      diagnostics.push({
        severity: 'error',
        code: 'unknown_column',
        pointer: `/csv/columns/${index + 1}`,
        message: `column ${index + 1} has no name; name it after a field: ${known}`,
      });
    } else if (field === undefined) {
      diagnostics.push({ severity: 'error', code: 'unknown_column', pointer, message: `"${column}" is not a field (by key or title); fields: ${known}` });
    } else if (typeof field !== 'string') {
      diagnostics.push({
        severity: 'error',
        code: 'ambiguous_column',
        pointer,
        message: `"${column}" is the title of several fields (${field.ambiguous.join(', ')}); name the column by the field's key`,
      });
    } else if (columns.indexOf(field) !== index) {
      const first = columns.indexOf(field);
      const by = header[first] === field && column === field ? '' : ` ("${header[first]}" and "${column}" both name "${field}")`;
      diagnostics.push({
        severity: 'error',
        code: 'duplicate_column',
        pointer,
        message: `"${field}" is a column twice (columns ${first + 1} and ${index + 1})${by}; which one to import is not clear`,
      });
    }
  }
  if (header.length === 0) return { columnFields: columns, diagnostics };
  for (const field of fields.required ?? []) {
    if (!columns.includes(field)) {
      diagnostics.push({
        severity: 'error',
        code: 'missing_column',
        pointer: `/csv/columns/${escapePointer(field)}`,
        message: `"${field}" is required and the header has no such column`,
      });
    }
  }
  return { columnFields: columns, diagnostics };
}

/** What an import was asked to do. */
interface ImportInput {
  services: Services;
  tenantId: string;
  actor: Actor;
  workflowKey: string;
  csv: string;
  pipeline?: string | null;
  dedupeBy: DedupeKey[];
}

/** A file read and its header checked against the workflow: what an import runs and a preview checks. */
interface ReadImport {
  workflow: CompiledWorkflow;
  header: string[];
  columnFields: string[];
  rows: CsvRow[];
}

/**
 * Reads the file and checks its header and pipeline against the latest workflow: a file that cannot be read
 * within the limits (`csvRows`), a bad header, an unknown pipeline or no rows at all throw ValidationFailed.
 */
async function readImport(input: ImportInput): Promise<ReadImport> {
  const { services } = input;
  const workflow = await services.workflows.latest({ tenantId: input.tenantId, key: input.workflowKey });
  const { config } = services;
  const { header, rows } = csvRows(input.csv, { maxCellLength: config.maxCsvCellLength, maxColumns: config.maxCsvColumns });
  const { columnFields, diagnostics } = headerFields(header, workflow.definition.fields);
  if (input.pipeline && workflow.pipelineEntry(input.pipeline) === undefined) {
    // Else every row would fail alike, one error each, for a file of 20,000 rows in the background.
    const known = (workflow.definition.pipelines ?? []).map((p) => p.key);
    diagnostics.push({
      severity: 'error',
      code: 'unknown_pipeline',
      pointer: '/pipeline',
      message: `"${input.pipeline}" is not a pipeline of ${input.workflowKey}; its pipelines: ${known.join(', ') || 'none'}`,
    });
  }
  if (rows.length === 0) {
    // A job of 0 rows would answer "done" to a file that was empty or cut off: nothing says what went wrong.
    const message =
      header.length === 0
        ? 'the file has no rows: a header naming the fields and at least one row under it are needed'
        : 'the file has a header but no rows under it';
    diagnostics.push({ severity: 'error', code: 'no_rows', pointer: '/csv', message });
  }
  if (diagnostics.length > 0) throw new ValidationFailedError(diagnostics);
  return { workflow, header, columnFields, rows };
}

/**
 * Imports records from CSV (header row = field keys or titles): each row is validated and created on its own;
 * a bad row is reported with its row number and JSON pointer and does not stop the others. A file that cannot
 * be read within the limits (`csvRows`), a bad header, an unknown pipeline or no rows at all are refused whole
 * with `ValidationFailed`, before anything (even the job) is written. Rows whose
 * email, phone or company matches an existing record (or an earlier row) are reported as duplicates
 * and skipped. Progress is written to the job document as rows go. A file of at most
 * `config.importInlineRows` rows is done before this returns; a longer one returns its job still
 * `running` (nothing processed yet) and goes on in the background, to be followed in `job(id)`.
 * @example await importCsv({ services, tenantId, actor, workflowKey: 'standard_trunk', csv: 'name,email\nAnn,ann@x.com' })
 */
export async function importCsv(input: ImportInput): Promise<JobDoc> {
  const { services, tenantId } = input;
  const { config } = services;
  const { workflow, header, columnFields, rows } = await readImport(input);
  const job = newJob({ tenantId, kind: 'import', workflowKey: input.workflowKey, total: rows.length });
  await services.models.Job.create(job);
  const run = () => importRows({ input, workflow, header, columnFields, rows, job });
  if (rows.length <= config.importInlineRows) {
    await run();
    return job;
  }
  const answered = structuredClone(job);
  services.background.run(() =>
    run().catch((error: unknown) => services.log(`import job ${job._id} of tenant ${tenantId} failed: ${(error as Error).stack ?? String(error)}`)),
  );
  return answered;
}

/**
 * Imports the rows into `job`, saving its progress as it goes and beating its heartbeat meanwhile (a job whose
 * process dies is then shown failed: `jobAsSeen`); an unexpected error marks the job failed.
 */
async function importRows(args: {
  input: ImportInput;
  workflow: CompiledWorkflow;
  header: string[];
  columnFields: string[];
  rows: CsvRow[];
  job: JobDoc;
}): Promise<void> {
  const { input, rows, job } = args;
  const { services, tenantId } = input;
  const seen = new Map<string, string>();
  const createChunk: CreateRows = (creates, held) => createRows(input, args.workflow, creates, held);
  const chunkRows = services.config.importChunkRows;
  /** The next chunk, read and checked while the rows before it are created (see LookAhead). */
  let ahead: LookAhead | null = null;
  const stopHeartbeat = startJobHeartbeat({ services, job });
  try {
    while (job.processed < rows.length) {
      await withOwnerLease({
        models: services.models,
        tenantId,
        key: 'import',
        what: "the tenant's import turn",
        timing: { ...ownerLeaseTiming(services.config), maxWaitMs: services.config.importTurnMaxWaitMs },
        fn: async (_lease, held) => {
          const turn: Turn = { held };
          const turnEnds = Date.now() + services.config.importTurnMs;
          const turnLast = Math.min(rows.length, job.processed + TURN_ROWS);
          // A chunk is started when its stored contacts are read: one read ahead in this turn is run in it even when the
          // turn's time has passed since.
          const startedAhead = () => ahead?.turn === turn && ahead.start === job.processed;
          while (job.processed < turnLast && (Date.now() < turnEnds || startedAhead()) && held()) {
            const start = job.processed;
            const end = Math.min(turnLast, start + chunkRows);
            const ready = ahead?.start === start && ahead.end === end ? ahead : null;
            ahead = null;
            const now = await services.clock.now(tenantId);
            // Rows checked ahead against a clock that has since moved on by more than a turn's time are checked again.
            const current = ready !== null && Math.abs(now - (await ready.now)) <= services.config.importTurnMs;
            const chunk = await (current ? ready.prepared : prepareChunk({ ...args, start, end, now }));
            // Stored contacts read ahead count only when read under this turn's lease.
            const stored = (ready?.turn === turn ? await ready.stored : null) ?? (await storedContacts({ input, workflow: args.workflow, rows: chunk }));
            const whileCreating = () => {
              // The next chunk is started in this turn only while the turn has time to start one; else it is only prepared.
              const inTurn = end < turnLast && Date.now() < turnEnds;
              const next = inTurn
                ? { start: end, end: Math.min(turnLast, end + chunkRows), turn }
                : { start: end, end: Math.min(rows.length, end + Math.min(chunkRows, TURN_ROWS)), turn: null };
              if (next.start < rows.length) ahead = readAhead({ ...args, ...next });
            };
            // Places are counted afresh for each chunk: the rows created before hold theirs in the store by now.
            const places = new ImportPlaces({ services, tenantId, workflow: args.workflow, actor: input.actor });
            if (!(await importChunk({ input, chunk, stored, job, seen, held, places, createRows: createChunk, whileCreating }))) break;
            // Between a turn's chunks too: after a kill -9, the job says where it stopped within a chunk's rows.
            if (job.processed < turnLast) await saveJob({ models: services.models, job });
          }
        },
      });
      if (job.processed === rows.length) break;
      await Promise.all([saveJob({ models: services.models, job }), new Promise((resolve) => setTimeout(resolve, TURN_GAP_MS))]);
    }
    job.status = 'done';
  } catch (error) {
    // The rows before stay imported; the job says where it stopped instead of staying `running` forever.
    job.status = 'failed';
    if (error instanceof LeaseBusyError) {
      const message = `waited ${Math.round(error.waitedMs / 1000)} s for the tenant's import turn, which other imports held all along: this row and the ones after it were not imported; import them again`;
      addErrors(job, [{ row: rows[job.processed]?.row ?? 0, pointer: '', message }]);
      return;
    }
    addErrors(job, [
      {
        row: rows[job.processed]?.row ?? 0,
        pointer: '',
        message: 'the import stopped here on an unexpected error (logged): this row and the ones after it were not imported',
      },
    ]);
    throw error;
  } finally {
    stopHeartbeat();
    await saveJob({ models: services.models, job });
  }
}

/** A row on its way in: its number, fields and contact keys. */
interface ChunkRow {
  row: number;
  fields: Record<string, unknown>;
  keys: ContactKeys;
}

/**
 * A row read and checked on its own (`prepareChunk`): with what its create's check said, whose capacity place its
 * create would take (`keeper`, null: nobody's) or why its create would refuse it, before any other row is looked at.
 */
interface PreparedRow extends ChunkRow {
  /** `failure`: the check failed unexpectedly; the import fails with it if the row is to be created (not for a duplicate). */
  check: { keeper: string | null } | { refusal: ApiError } | { failure: unknown };
}

/** A chunk's rows as `prepareChunk` reads them: checked on their own, or refused for cells past the header. */
type PreparedChunk = (PreparedRow | RowError)[];

/** One hold of the tenant's import lease: what was read under it is true for its checks only while it lasts. */
interface Turn {
  held: () => boolean;
}

/**
 * The next chunk (rows `start` to `end`), read and checked while the chunk before it is created (`readAhead`), so the
 * store writes one chunk while this process readies the next: its rows prepared and, when it is in the same turn, its
 * stored contacts read (under that turn's lease; another turn reads them again under its own).
 */
interface LookAhead {
  start: number;
  end: number;
  /** The tenant's time the rows were checked at. */
  now: Promise<number>;
  prepared: Promise<PreparedChunk>;
  turn: Turn | null;
  /** Null when read in another turn, or when the turn no longer surely held the lease as the rows were ready. */
  stored: Promise<Map<string, string> | null> | null;
}

/**
 * What becomes of a row of a chunk, decided in row order before any row of the chunk is created: skipped with its
 * errors; a duplicate of a record (stored, or created by an earlier chunk); a repeat of an earlier row of the chunk
 * that is to be created (`of`: that row's place among the chunk's creates), a duplicate of its record once created;
 * or created (`index`: its place among the creates).
 */
type RowFate =
  | { type: 'refused'; row: number; errors: RowError[] }
  | { type: 'duplicate'; row: number; duplicate: Omit<DuplicateRow, 'row'> }
  | { type: 'repeat'; row: number; of: number; by: DedupeKey }
  | { type: 'create'; row: ChunkRow; index: number };

/**
 * How a chunk's rows to create are taken: created (the run), or only counted as created (a preview). Settles with
 * each row's record id, or why it was not created, in the rows' order: for the rows started, all of them unless the
 * lease was no longer surely held (`held`) before a slice of them.
 */
type CreateRows = (rows: ChunkRow[], held: () => boolean) => Promise<PromiseSettledResult<string>[]>;

/**
 * Imports a chunk of rows, counting each on the job in row order. Every row is decided first, in row order, from the
 * rows as prepared (`prepareChunk`: rows with cells past the header, and rows a create would refuse, are skipped with
 * their errors) and the chunk's stored contacts (`storedContacts`, one read per dedupe key): rows whose contact is
 * stored, or came earlier in the file, are skipped as duplicates (of a row earlier in this chunk: of the record that
 * row is about to become), and rows whose keeper is full are refused; the rest are created together, so their inserts,
 * routing and events share the commit path's batches. `whileCreating` is called once they are started (the run reads
 * the next chunk ahead meanwhile). Returns false when the lease was no longer surely held before a slice of the
 * creates (`createRows`, the first included): the rows before that slice's first are counted, and it and the rows
 * after it are neither created nor counted (the next turn checks them again, since another import may have created
 * the contacts meanwhile).
 */
async function importChunk(args: {
  input: ImportInput;
  chunk: PreparedChunk;
  stored: Map<string, string>;
  job: JobDoc;
  seen: Map<string, string>;
  held: () => boolean;
  /** The capacity places the chunk's rows are counted on (see ImportPlaces). */
  places: ImportPlaces;
  createRows: CreateRows;
  whileCreating?: () => void;
}): Promise<boolean> {
  const { fates, creates } = await rowFates({ input: args.input, rows: args.chunk, seen: args.seen, stored: args.stored, places: args.places });
  const outcomes = args.createRows(creates, args.held);
  args.whileCreating?.();
  return countFates({ job: args.job, fates, creates, outcomes: await outcomes, seen: args.seen });
}

/**
 * Reads rows `start` to `end` of the file as fields and contact keys, and checks each on its own as its create would
 * (`checkNewRecord`, at one reading of the tenant's time for the chunk): nothing in it depends on the store's records
 * or on the other rows, so the run does it for the next chunk while this one is created. An unexpected error of a
 * check throws.
 */
async function prepareChunk(args: {
  input: ImportInput;
  workflow: CompiledWorkflow;
  header: string[];
  columnFields: string[];
  rows: CsvRow[];
  start: number;
  end: number;
  /** The tenant's time to check the rows at. */
  now: number;
}): Promise<PreparedChunk> {
  const { input, workflow, header, now } = args;
  const { services, tenantId, actor } = input;
  const { definition } = workflow;
  const prepared: PreparedChunk = [];
  for (let i = args.start; i < args.end; i++) {
    // Checking rows is CPU work only: other requests of this process get a turn every so many rows.
    if (i > args.start && (i - args.start) % DECIDE_SLICE_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
    const { row, cells } = args.rows[i] as CsvRow;
    const extra = cells.findIndex((cell, index) => index >= header.length && cell !== '');
    if (extra >= 0) {
      const message = `has ${cells.length} cells but the header names ${header.length} columns (${header.join(', ')}); a value with a comma needs double quotes`;
      prepared.push({ row, pointer: `/csv/columns/${extra + 1}`, message });
      continue;
    }
    const fields = rowFields(args.columnFields, cells, definition.fields.properties);
    const check = await checkNewRecord({ services, tenantId, actor, workflow, fields, pipeline: input.pipeline, now }).then(
      (keeper) => ({ keeper }),
      (error: unknown) => (error instanceof ApiError ? { refusal: error } : { failure: error }),
    );
    prepared.push({ row, fields, keys: contactKeys(definition, fields), check });
  }
  return prepared;
}

/**
 * Starts reading the next chunk ahead (see LookAhead): its rows prepared, then, while `turn` still surely holds the
 * lease, its stored contacts. What nobody takes up (the import stopped) leaves no rejection unhandled.
 */
function readAhead(args: Omit<Parameters<typeof prepareChunk>[0], 'now'> & { turn: Turn | null }): LookAhead {
  const { turn } = args;
  const now = args.input.services.clock.now(args.input.tenantId);
  const prepared = now.then((at) => prepareChunk({ ...args, now: at }));
  // Not surely held any more: nothing is read, and the chunk, if this turn still decides it, reads its own.
  const stored = turn ? prepared.then((rows) => (turn.held() ? storedContacts({ input: args.input, workflow: args.workflow, rows }) : null)) : null;
  const ignore = () => undefined;
  prepared.catch(ignore);
  stored?.catch(ignore);
  return { start: args.start, end: args.end, now, prepared, turn, stored };
}

/**
 * Decides each row of a chunk in row order (see RowFate), counting the capacity places of the rows to create on
 * `places` as it goes, so the rows refused for a full keeper are the ones a preview names. A row is judged a duplicate
 * by the first dedupe key that matches a record created earlier in the file, an earlier row of the chunk to be
 * created, or a stored record, in that order for each key.
 */
async function rowFates(args: {
  input: ImportInput;
  rows: PreparedChunk;
  seen: Map<string, string>;
  stored: Map<string, string>;
  places: ImportPlaces;
}): Promise<{ fates: RowFate[]; creates: ChunkRow[] }> {
  const { input, seen, stored, places } = args;
  const fates: RowFate[] = [];
  const creates: ChunkRow[] = [];
  /** The contact keys of the chunk's rows to create (`${by}:${key}`), with the row's place among `creates`. */
  const pending = new Map<string, number>();
  for (const r of args.rows) {
    if (!('fields' in r)) {
      fates.push({ type: 'refused', row: r.row, errors: [r] });
      continue;
    }
    const earlier = earlierOf({ keys: r.keys, dedupeBy: input.dedupeBy, seen, pending, stored });
    if (earlier) {
      fates.push('of' in earlier ? { type: 'repeat', row: r.row, ...earlier } : { type: 'duplicate', row: r.row, duplicate: earlier });
      continue;
    }
    const check = r.check;
    if ('failure' in check) throw check.failure;
    const refusal = 'refusal' in check ? check.refusal : await apiRefusal(() => places.count(check.keeper));
    if (refusal) {
      fates.push({ type: 'refused', row: r.row, errors: rowErrors(r.row, refusal) });
      continue;
    }
    for (const [by, value] of Object.entries(r.keys)) pending.set(`${by}:${value}`, creates.length);
    fates.push({ type: 'create', row: r, index: creates.length });
    creates.push(r);
  }
  return { fates, creates };
}

/**
 * Counts a chunk's rows on the job in row order, once its creates have settled, and notes the contact keys of the rows
 * created in `seen`. A create refused although its row was judged creatable (another writer took its keeper's last
 * place meanwhile) is that row's error, and a later row that repeats it is skipped with an error that says so (it was
 * judged against a record that never came). Rows from the first one to create that was not started (the lease was lost
 * between slices) on are not counted: false. An unexpected error fails the import once the rows are counted: the rows
 * it created stay counted, the row that failed is reported, and the import stops at the next.
 */
function countFates(args: {
  job: JobDoc;
  fates: RowFate[];
  creates: ChunkRow[];
  outcomes: PromiseSettledResult<string>[];
  seen: Map<string, string>;
}): boolean {
  let unexpected: unknown = null;
  let whole = true;
  for (const fate of args.fates) {
    if (fate.type === 'create' && fate.index >= args.outcomes.length) {
      whole = false;
      break;
    }
    const failed = countFate({ ...args, fate });
    unexpected ??= failed;
  }
  if (unexpected !== null) throw unexpected;
  return whole;
}

/** Counts one row of a chunk on the job (see countFates): the unexpected error its create met, else null. */
function countFate(args: { job: JobDoc; fate: RowFate; creates: ChunkRow[]; outcomes: PromiseSettledResult<string>[]; seen: Map<string, string> }): unknown {
  const { job, fate, outcomes } = args;
  job.processed += 1;
  switch (fate.type) {
    case 'refused':
      job.skipped += 1;
      addErrors(job, fate.errors);
      return null;
    case 'duplicate':
      job.skipped += 1;
      addDuplicate(job, { row: fate.row, ...fate.duplicate });
      return null;
    case 'repeat': {
      job.skipped += 1;
      const outcome = outcomes[fate.of];
      if (outcome?.status === 'fulfilled') addDuplicate(job, { row: fate.row, recordId: outcome.value, by: fate.by });
      else
        addErrors(job, [
          { row: fate.row, pointer: '', message: `not imported: it repeats row ${args.creates[fate.of]?.row} by ${fate.by}, which was not imported` },
        ]);
      return null;
    }
    case 'create':
      return countCreate({ ...args, fate, outcome: outcomes[fate.index] });
    default: {
      const unreachable: never = fate;
      return unreachable;
    }
  }
}

/** Counts a row that was to be created: created, with its contact keys noted in `seen`, or skipped with why; the unexpected error it met, else null. */
function countCreate(args: {
  job: JobDoc;
  fate: Extract<RowFate, { type: 'create' }>;
  outcome: PromiseSettledResult<string> | undefined;
  seen: Map<string, string>;
}): unknown {
  const { job, fate, outcome } = args;
  const { row, keys } = fate.row;
  if (outcome?.status === 'fulfilled') {
    job.created += 1;
    for (const [by, value] of Object.entries(keys)) args.seen.set(`${by}:${value}`, outcome.value);
    return null;
  }
  job.skipped += 1;
  const reason: unknown = outcome?.reason;
  if (reason instanceof ApiError) {
    addErrors(job, rowErrors(row, reason));
    return null;
  }
  addErrors(job, [{ row, pointer: '', message: 'not imported: an unexpected error (logged)' }]);
  return reason;
}

/**
 * Creates a chunk's rows, a slice of CREATE_SLICE_ROWS rows a turn of the event loop (each slice's inserts share one
 * of the record store's batches, its routing one turn), each slice only while the lease is surely held: each started
 * row's record id, or why it was not created, in order.
 */
async function createRows(input: ImportInput, workflow: CompiledWorkflow, rows: ChunkRow[], held: () => boolean): Promise<PromiseSettledResult<string>[]> {
  const { services, tenantId, actor, workflowKey, pipeline } = input;
  const creates: Promise<string>[] = [];
  for (let start = 0; start < rows.length; start += CREATE_SLICE_ROWS) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    if (!held()) break;
    for (const r of rows.slice(start, start + CREATE_SLICE_ROWS)) {
      creates.push(createRecord({ services, tenantId, actor, workflowKey, workflow, fields: r.fields, pipeline }).then((record) => record.id));
    }
  }
  return Promise.allSettled(creates);
}

/** What `check` returns, or the ApiError it throws (why a row would not be created); any other error is thrown. */
async function apiRefusal<T>(check: () => Promise<T>): Promise<T | ApiError> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

/** A row's cells as field values, by the field each column names (empty cells left out). */
function rowFields(header: string[], cells: string[], properties: Record<string, FieldSpec>): Record<string, unknown> {
  return Object.fromEntries(
    header.flatMap((column, index) => {
      const spec = properties[column];
      const value = spec ? cellValue(spec, cells[index] ?? '') : undefined;
      return value === undefined ? [] : [[column, value]];
    }),
  );
}

/**
 * The stored record of each contact key of the chunk's rows, as `${by}:${key}` (the row's own key, whichever stored form
 * matched): one read per dedupe key, sent together.
 */
async function storedContacts(args: { input: ImportInput; workflow: CompiledWorkflow; rows: PreparedChunk }): Promise<Map<string, string>> {
  const { services, tenantId } = args.input;
  const { definition } = args.workflow;
  const rows = args.rows.filter((r): r is PreparedRow => 'fields' in r);
  const found = new Map<string, string>();
  const earlierRules = !services.contactKeyBackfill.allCurrent;
  // Each stored form that means the row's key (contactKeyLookups), by dedupe key.
  const lookups = rows.map((r) => contactKeyLookups({ definition, fields: r.fields, earlierRules }));
  const findBy = async (by: DedupeKey): Promise<void> => {
    // Each stored form, back to the row's key.
    const wanted = new Map<string, string>();
    rows.forEach((r, i) => {
      const key = r.keys[by];
      if (!key) return;
      for (const stored of lookups[i]?.[by] ?? []) wanted.set(stored, key);
    });
    if (wanted.size === 0) return;
    const docs = (await services.models.Record.find({ tenantId, [`contact.${by}`]: { $in: [...wanted.keys()] } }, { _id: 1, contact: 1 }).lean()) as {
      _id: string;
      contact?: ContactKeys;
    }[];
    for (const doc of docs) {
      const key = wanted.get(doc.contact?.[by] ?? '');
      if (key !== undefined && !found.has(`${by}:${key}`)) found.set(`${by}:${key}`, doc._id);
    }
  };
  // The reads go out together: one round trip's wait for the chunk.
  await Promise.all(args.input.dedupeBy.map(findBy));
  return found;
}

/**
 * The record or row of the chunk a row duplicates, by the first dedupe key that matches: a record created earlier in
 * the file (`seen`), a row of the chunk to be created (`pending`, its place among the creates), or a stored record, in
 * that order; null when none does.
 */
function earlierOf(input: {
  keys: ContactKeys;
  dedupeBy: DedupeKey[];
  seen: Map<string, string>;
  pending: Map<string, number>;
  stored: Map<string, string>;
}): Omit<DuplicateRow, 'row'> | { of: number; by: DedupeKey } | null {
  for (const by of input.dedupeBy) {
    const value = input.keys[by];
    if (!value) continue;
    const key = `${by}:${value}`;
    const of = input.pending.get(key);
    if (of !== undefined) return { of, by };
    const recordId = input.seen.get(key) ?? input.stored.get(key);
    if (recordId) return { recordId, by };
  }
  return null;
}

function rowErrors(row: number, error: ApiError): RowError[] {
  if (error instanceof ValidationFailedError) return error.diagnostics.map((d) => ({ row, pointer: d.pointer, message: d.message }));
  return [{ row, pointer: '', message: error.message }];
}

/** What an import would do with a file: the job it would end with (never stored) and, per duplicate, the earlier row it repeats. */
export interface ImportPreview {
  job: JobDoc;
  /** For a duplicate of an earlier row of the file (no record yet): that row's number, by the duplicate's row. */
  earlierRows: Map<number, number>;
}

/** The stand-in id a previewed row's contact keys are noted under, as its record's would be. */
const PREVIEW_ID = 'preview-row:';

/**
 * What `importCsv` would do with this file, creating nothing: the same reading, header checks and refusals, then
 * every row through the same chunks (cells past the header, duplicates of earlier rows and of stored records) and
 * checked as `createRecord` checks its fields (`checkNewRecord`), with the capacity places of the rows their creator
 * would keep counted as the run counts them (`rowRefusal`). A row the import would create is counted in `created`.
 * No lease is taken and no job stored: an import run just after reports what this did, unless records were created,
 * places freed or the workflow published meanwhile. Rows an assignment rule routes are never refused for capacity (a
 * full team sends them to the pool), but which person routing picks is not foreseen: a row routed to the creator
 * takes a place the preview does not count.
 * @example const { job } = await previewImport({ services, tenantId, actor, workflowKey: 'standard_trunk', csv, dedupeBy: ['email'] })
 */
export async function previewImport(input: ImportInput): Promise<ImportPreview> {
  const read = await readImport(input);
  const job = newJob({ tenantId: input.tenantId, kind: 'import', workflowKey: input.workflowKey, total: read.rows.length });
  const seen = new Map<string, string>();
  // One count of places for the whole file: nothing it counts is created, so the store never holds it.
  const places = new ImportPlaces({ services: input.services, tenantId: input.tenantId, workflow: read.workflow, actor: input.actor });
  const chunkRows = input.services.config.importChunkRows;
  for (let start = 0; start < read.rows.length; start += chunkRows) {
    const now = await input.services.clock.now(input.tenantId);
    const chunk = await prepareChunk({ ...read, input, start, end: Math.min(read.rows.length, start + chunkRows), now });
    const stored = await storedContacts({ input, workflow: read.workflow, rows: chunk });
    await importChunk({ input, chunk, stored, job, seen, held: () => true, places, createRows: previewRows });
  }
  job.status = 'done';
  const earlierRows = new Map<number, number>();
  for (const duplicate of job.duplicates) {
    if (!duplicate.recordId.startsWith(PREVIEW_ID)) continue;
    earlierRows.set(duplicate.row, Number(duplicate.recordId.slice(PREVIEW_ID.length)));
  }
  return { job, earlierRows };
}

/** A preview's creates: each row counted as created, under a stand-in id that names its row (nothing written). */
async function previewRows(rows: ChunkRow[]): Promise<PromiseSettledResult<string>[]> {
  return rows.map((r) => ({ status: 'fulfilled', value: `${PREVIEW_ID}${r.row}` }));
}
