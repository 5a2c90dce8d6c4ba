import { DEFAULT_MAX_CSV_CELL_LENGTH, DEFAULT_MAX_CSV_COLUMNS } from '@funnel/api';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TenantKeys } from '../harness';
import { gqlRequest, runHostileCase, type HostileCase, type HostileContext } from './hostile-harness';

/**
 * Hostile CSV files (issue 15): an empty file, one with only a header, a BOM or blank lines, malformed quoting,
 * NUL bytes, oversize cells, too many columns and header names that are no field are refused whole, with a
 * pointer and a message, before anything is written (not even a job); a BOM, CR line ends and cells that look
 * like spreadsheet formulas are plain data.
 */
let h: Harness;
let ctx: HostileContext;

const IMPORT = `mutation($i: ImportRecordsInput!) { importRecords(input: $i) {
  ... on Job { status total created skipped errors { row pointer message } }
  ... on ValidationFailed { code message diagnostics { code pointer message } }
  ... on NotFound { code message } } }`;

/** Sends a CSV to importRecords as the victim's marketing user (a workflow and pipeline may be given). */
const importing =
  (csv: string, extra: { workflowKey?: string; pipeline?: string } = {}) =>
  (c: HostileContext) =>
    gqlRequest(c.h, c.t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv, ...extra } });

/** Sends a CSV and answers what importRecords answered. */
async function importCsv(csv: string, extra: { workflowKey?: string; pipeline?: string } = {}): Promise<any> {
  const response = await importing(csv, extra)(ctx);
  return ((await response.json()) as { data?: { importRecords?: unknown } }).data?.importRecords;
}

const noRows = { refused: 'no_rows', pointer: '/csv' } as const;
const unreadable = { refused: 'csv', pointer: '/csv' } as const;
const many = (n: number, cell: (i: number) => string) => Array.from({ length: n }, (_, i) => cell(i)).join(',');

const CASES: HostileCase[] = [
  { name: 'an empty file', send: importing(''), expect: noRows },
  { name: 'a header and no rows', send: importing('name,email\n'), expect: noRows },
  { name: 'a header without a line end and no rows', send: importing('name'), expect: noRows },
  { name: 'only a byte order mark', send: importing('\uFEFF'), expect: noRows },
  { name: 'a byte order mark and a header, no rows', send: importing('\uFEFFname,email\r\n'), expect: noRows },
  { name: 'only blank lines', send: importing('\n\n\r\n\n'), expect: noRows },
  { name: 'only spaces, tabs and separators', send: importing('  \n\t\n , ,\n'), expect: noRows },
  { name: 'a header and blank lines', send: importing('name,email\n\n\n\r\n'), expect: noRows },
  {
    name: 'a header-only file with an unknown column: the column first',
    send: importing('name,shoeSize\n'),
    expect: { refused: 'unknown_column', pointer: '/csv/columns/shoeSize' },
  },
  { name: 'an unclosed quote', send: importing('name,email\n"Ann,ann@quote.example\nBo,bo@quote.example\n'), expect: unreadable },
  { name: 'a quote in the middle of an unquoted value', send: importing('name,email\nA"nn,ann@quote.example\n'), expect: unreadable },
  { name: 'text after a closing quote', send: importing('name,email\n"Ann"x,ann@quote.example\n'), expect: unreadable },
  { name: 'a NUL byte in a cell', send: importing('name,email\nA\u0000nn,ann@nul.example\n'), expect: unreadable },
  { name: 'a NUL byte in the header', send: importing('na\u0000me\nAnn\n'), expect: unreadable },
  { name: 'a UTF-16 file read as text', send: importing(Buffer.from('name\nAnn\n', 'utf16le').toString('latin1')), expect: unreadable },
  {
    name: 'a header naming a field twice',
    send: importing('name,email,email\nAnn,a@dup.example,b@dup.example'),
    expect: { refused: 'duplicate_column', pointer: '/csv/columns/email' },
  },
  {
    name: 'a header naming a field twice, by key and by title',
    send: importing('name,Contact name\nAnn,Ann'),
    expect: { refused: 'duplicate_column', pointer: '/csv/columns/Contact name' },
  },
  { name: 'a header naming no field', send: importing('name,shoeSize\nAnn,42'), expect: { refused: 'unknown_column', pointer: '/csv/columns/shoeSize' } },
  {
    name: '__proto__ as a header name',
    send: importing('name,__proto__\nAnn,"{""polluted"":true}"'),
    expect: { refused: 'unknown_column', pointer: '/csv/columns/__proto__' },
  },
  {
    name: 'constructor as a header name',
    send: importing('name,constructor\nAnn,x'),
    expect: { refused: 'unknown_column', pointer: '/csv/columns/constructor' },
  },
  {
    name: 'a nameless column between two named ones',
    send: importing('name,,email\nAnn,x,ann@gap.example'),
    expect: { refused: 'unknown_column', pointer: '/csv/columns/2' },
  },
  {
    name: 'no column for a required field',
    send: importing('email\nnameless@cols.example'),
    expect: { refused: 'missing_column', pointer: '/csv/columns/name' },
  },
  {
    name: 'a cell one character over the limit',
    send: importing(`name,product\nAnn,${'x'.repeat(DEFAULT_MAX_CSV_CELL_LENGTH + 1)}`),
    expect: { refused: 'cell_too_long', pointer: '/csv/rows/2/columns/2' },
  },
  {
    name: 'an oversize quoted cell over several lines',
    send: importing(`name,product\nAnn,"${'line\n'.repeat(DEFAULT_MAX_CSV_CELL_LENGTH / 4)}"`),
    expect: { refused: 'cell_too_long', pointer: '/csv/rows/2/columns/2' },
  },
  {
    name: 'an oversize header cell',
    send: importing(`${'n'.repeat(DEFAULT_MAX_CSV_CELL_LENGTH + 1)}\nAnn`),
    expect: { refused: 'cell_too_long', pointer: '/csv/rows/1/columns/1' },
  },
  {
    name: 'more header columns than the limit',
    send: importing(`name,${many(DEFAULT_MAX_CSV_COLUMNS, (i) => `c${i}`)}\nAnn`),
    expect: { refused: 'too_many_columns', pointer: '/csv/columns' },
  },
  { name: 'an unknown pipeline', send: importing('name\nPipe', { pipeline: 'nope' }), expect: { refused: 'unknown_pipeline', pointer: '/pipeline' } },
  { name: 'an unknown workflow', send: importing('name\nAnn', { workflowKey: 'nope' }), expect: { refused: 'NOT_FOUND' } },
  {
    name: 'a byte order mark, a header and rows',
    send: importing('\uFEFFname,email\r\nBom Ann,bom.ann@inert.example\r\nBom Bo,bom.bo@inert.example\r\n'),
    expect: { inert: true },
  },
  { name: 'CR-only line ends', send: importing('name,email\rCr Ann,cr.ann@inert.example\rCr Bo,cr.bo@inert.example\r'), expect: { inert: true } },
  {
    name: 'cells that look like spreadsheet formulas',
    send: importing('name,companyName\n"=HYPERLINK(""http://evil.example"",""x"")",+cmd|\' /C calc\'!A0\n@SUM(A1),-2+3'),
    expect: { inert: true },
  },
  { name: 'a cell exactly at the limit', send: importing(`name,product\nLong Ann,${'x'.repeat(DEFAULT_MAX_CSV_CELL_LENGTH)}`), expect: { inert: true } },
];

/** The standard trunk with a renewals pipeline entering at the opportunity, which needs product and seats. */
function renewalsTrunk(): WorkflowDefinition {
  const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
  definition.key = 'renewals';
  definition.pipelines = [
    { key: 'new_business', name: { en: 'New business' }, entryStage: 'lead' },
    { key: 'renewals', name: { en: 'Renewals' }, entryStage: 'opportunity' },
  ];
  for (const stage of definition.stages) if (stage.key === 'opportunity') stage.requiredFields = ['product', 'seats'];
  return definition;
}

const recordsNamed = async (t: TenantKeys, name: string, workflowKey = 'standard_trunk') => {
  const res = await h.gql(t.admin, `{ records(first: 100, filter: { workflowKey: "${workflowKey}" }) { edges { node { stage fields } } } }`);
  return res.data?.records.edges.map((e: any) => e.node).filter((n: any) => n.fields.name === name);
};

beforeAll(async () => {
  h = await startHarness();
  const t = await h.tenant('CSV victim');
  const other = await h.tenant('CSV bystander');
  const made = await h.gql(t.sales, 'mutation { createRecord(input: { workflowKey: "standard_trunk", fields: { name: "Kept" } }) { ... on Record { id } } }');
  const otherMade = await h.gql(
    other.sales,
    'mutation { createRecord(input: { workflowKey: "standard_trunk", fields: { name: "Theirs" } }) { ... on Record { id } } }',
  );
  ctx = { h, t, other, recordId: made.data?.createRecord.id, otherRecordId: otherMade.data?.createRecord.id };
  await h.publish({ admin: t.admin, key: 'renewals', definition: renewalsTrunk() });
});
afterAll(() => h?.close());

describe('hostile CSV files', () => {
  it(`has at least 16 cases (${CASES.length})`, () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(16);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runHostileCase(ctx, c);
  });
});

describe('what a refused CSV is told', () => {
  it('an empty file is refused as having no rows, not answered with a finished job of 0 rows', async () => {
    expect(await importCsv('')).toEqual({
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      diagnostics: [{ code: 'no_rows', pointer: '/csv', message: 'the file has no rows: a header naming the fields and at least one row under it are needed' }],
    });
    expect((await importCsv('name,email\n')).diagnostics).toEqual([
      { code: 'no_rows', pointer: '/csv', message: 'the file has a header but no rows under it' },
    ]);
  });

  it('an unclosed quote is refused at the line where the quote opens', async () => {
    const res = await importCsv('name,email\nAnn,ann@quote.example\n"Bo,bo@quote.example\nCy,cy@quote.example\n');
    expect(res.diagnostics).toEqual([
      { code: 'csv', pointer: '/csv', message: expect.stringMatching(/^line 3: a quoted value starts here and is never closed/) },
    ]);
  });

  it('a NUL byte is refused at its line and character', async () => {
    const res = await importCsv('name,email\nAnn,ann@nul.example\nB\u0000o,bo@nul.example\n');
    expect(res.diagnostics).toEqual([{ code: 'csv', pointer: '/csv', message: expect.stringMatching(/^line 3, character 2 is a NUL character/) }]);
  });

  it('an oversize cell is refused with its row, column and length, and the limit', async () => {
    const res = await importCsv(`name,product\nAnn,short\nBo,${'y'.repeat(DEFAULT_MAX_CSV_CELL_LENGTH + 5)}`);
    expect(res.diagnostics).toEqual([
      {
        code: 'cell_too_long',
        pointer: '/csv/rows/3/columns/2',
        message: `row 3, column 2 ("product") has ${DEFAULT_MAX_CSV_CELL_LENGTH + 5} characters; a cell may have at most ${DEFAULT_MAX_CSV_CELL_LENGTH}`,
      },
    ]);
    expect(await recordsNamed(ctx.t, 'Ann')).toEqual([]);
  });
});

describe('CSV rows that are plain data', () => {
  it('strips a byte order mark before the header', async () => {
    const job = await importCsv('\uFEFFname,email\r\nBom Cy,bom.cy@plain.example\r\n');
    expect(job).toMatchObject({ status: 'done', created: 1, errors: [] });
    expect(await recordsNamed(ctx.t, 'Bom Cy')).toEqual([{ stage: 'lead', fields: { name: 'Bom Cy', email: 'bom.cy@plain.example' } }]);
  });

  it('reads CR-only line ends as rows', async () => {
    const job = await importCsv('name,email\rCr Cy,cr.cy@plain.example\rCr Di,not-an-email\r');
    expect(job).toMatchObject({ status: 'done', total: 2, created: 1, errors: [{ row: 3, pointer: '/fields/email' }] });
    expect(await recordsNamed(ctx.t, 'Cr Cy')).toEqual([{ stage: 'lead', fields: { name: 'Cr Cy', email: 'cr.cy@plain.example' } }]);
  });

  it('stores cells that look like formulas as the text they are', async () => {
    const formula = '=HYPERLINK("http://evil.example","click")';
    const job = await importCsv(`name,companyName\n"${formula.replaceAll('"', '""')}",@SUM(A1)\n`);
    expect(job).toMatchObject({ status: 'done', created: 1, errors: [] });
    expect(await recordsNamed(ctx.t, formula)).toEqual([{ stage: 'lead', fields: { name: formula, companyName: '@SUM(A1)' } }]);
  });

  it('reports a row with more cells than the header, even very many, as that row’s error and imports the others', async () => {
    const job = await importCsv(`name,email\nWide,wide@plain.example,${many(20_000, () => 'x')}\nNarrow,narrow@plain.example`);
    expect(job).toMatchObject({ status: 'done', total: 2, created: 1, skipped: 1, errors: [{ row: 2, pointer: '/csv/columns/3' }] });
    expect(job.errors[0].message).toMatch(/^has 20002 cells but the header names 2 columns/);
  });

  it("reports a row missing a field its pipeline's entry stage requires as that row's error, naming each field", async () => {
    const csv = 'name,product,seats\nRenew Ann,Funnel Pro,3\nRenew Bo,,\nRenew Cy,Funnel Pro,\n';
    const job = await importCsv(csv, { workflowKey: 'renewals', pipeline: 'renewals' });
    expect(job).toMatchObject({ status: 'done', total: 3, created: 1, skipped: 2 });
    expect(job.errors).toEqual([
      { row: 3, pointer: '/fields/product', message: '"product" is required' },
      { row: 3, pointer: '/fields/seats', message: '"seats" is required' },
      { row: 4, pointer: '/fields/seats', message: '"seats" is required' },
    ]);
    expect(await recordsNamed(ctx.t, 'Renew Ann', 'renewals')).toEqual([
      { stage: 'opportunity', fields: { name: 'Renew Ann', product: 'Funnel Pro', seats: 3 } },
    ]);
    expect(await recordsNamed(ctx.t, 'Renew Bo', 'renewals')).toEqual([]);
  });
});
