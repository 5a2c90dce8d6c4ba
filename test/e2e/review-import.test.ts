import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_RESULT, startHarness, storeModels, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Import review');
});
afterAll(() => h?.close());

const IMPORT = `mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename
  ... on Job { id status total processed created skipped errors { row pointer message } duplicates { row recordId by } }
  ... on ValidationFailed { diagnostics { pointer message } } } }`;

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const UPDATE = `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;

const importCsv = async (csv: string) => (await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv } })).data?.importRecords;
const recordsNamed = async (name: string) => {
  const res = await h.gql(t.admin, '{ records(first: 100, filter: { workflowKey: "standard_trunk" }) { edges { node { fields } } } }');
  return res.data?.records.edges.map((e: any) => e.node.fields).filter((f: any) => f.name === name);
};

describe('CSV import rows and columns', () => {
  it('numbers rows as the file shows them, empty lines included', async () => {
    const job = await importCsv('name,email\nAnn,ann@rows.example\n\nBob,not-an-email\n');
    expect(job).toMatchObject({ status: 'done', total: 2, created: 1, skipped: 1 });
    expect(job.errors).toEqual([{ row: 4, pointer: '/fields/email', message: 'must be a valid email' }]);
  });

  it('reports a row with more cells than the header as that row’s error and imports the others', async () => {
    const job = await importCsv('name,email\nCy,cy@cells.example\nDi,di@cells.example,Acme, Inc.\nEd,ed@cells.example');
    expect(job?.__typename).toBe('Job');
    expect(job).toMatchObject({ total: 3, created: 2, skipped: 1 });
    expect(job.errors).toHaveLength(1);
    expect(job.errors[0]).toMatchObject({ row: 3, pointer: '/csv/columns/3' });
    expect(job.errors[0].message).toMatch(/4 cells but the header names 2 columns/);
    expect(await recordsNamed('Di')).toEqual([]);
  });

  it('reads a row with fewer cells than the header as empty cells', async () => {
    const job = await importCsv('name,email,companyName\nFewer,fewer@cells.example');
    expect(job).toMatchObject({ total: 1, created: 1, errors: [] });
  });

  it('refuses a header-only file with an unknown column as it refuses one with rows', async () => {
    const res = await importCsv('name,shoeSize\n');
    expect(res?.__typename).toBe('ValidationFailed');
    expect(res.diagnostics[0].pointer).toBe('/csv/columns/shoeSize');
  });

  it('refuses a header that names a column twice, creating nothing', async () => {
    const res = await importCsv('name,email,email\nFo,fo@twice.example,other@twice.example');
    expect(res?.__typename).toBe('ValidationFailed');
    expect(res.diagnostics).toEqual([{ pointer: '/csv/columns/email', message: expect.stringMatching(/column twice \(columns 2 and 3\)/) }]);
    expect(await recordsNamed('Fo')).toEqual([]);
  });

  it('refuses hexadecimal, binary and infinite numbers instead of importing what Number() makes of them', async () => {
    const job = await importCsv('name,seats,amount\nHex,0x10,\nBin,0b11,\nInf,2,Infinity\nFine,12,1e3');
    expect(job).toMatchObject({ total: 4, created: 1, skipped: 3 });
    expect(job.errors.map((e: any) => [e.row, e.pointer, e.message])).toEqual([
      [2, '/fields/seats', 'must be of type integer'],
      [3, '/fields/seats', 'must be of type integer'],
      [4, '/fields/amount', 'must be of type number'],
      [4, '/fields/amount', 'must be a valid currency'],
    ]);
    expect(await recordsNamed('Fine')).toEqual([{ name: 'Fine', seats: 12, amount: 1000 }]);
  });

  it('reads the trailing separators spreadsheets export as no columns, and names a nameless column by its place', async () => {
    const job = await importCsv('name,email,,\nTrail,trail@cols.example,,\nTrail Two,trail2@cols.example,,oops');
    expect(job).toMatchObject({ __typename: 'Job', total: 2, created: 1, skipped: 1, errors: [{ row: 3, pointer: '/csv/columns/4' }] });
    const nameless = await importCsv('name,,email\nGap,x,gap@cols.example');
    expect(nameless).toEqual({
      __typename: 'ValidationFailed',
      diagnostics: [{ pointer: '/csv/columns/2', message: expect.stringMatching(/^column 2 has no name/) }],
    });
  });

  it('refuses a header without a column for a required field, instead of failing every row alike', async () => {
    const res = await importCsv('email,companyName\nnameless@cols.example,Nameless Co\nother@cols.example,Other Co');
    expect(res).toEqual({
      __typename: 'ValidationFailed',
      diagnostics: [{ pointer: '/csv/columns/name', message: '"name" is required and the header has no such column' }],
    });
  });

  it('refuses an unknown pipeline once, before any row, instead of failing every row alike', async () => {
    const res = await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv: 'name\nPipe A\nPipe B', pipeline: 'nope' } });
    expect(res.data?.importRecords).toEqual({
      __typename: 'ValidationFailed',
      diagnostics: [{ pointer: '/pipeline', message: expect.stringMatching(/^"nope" is not a pipeline of standard_trunk/) }],
    });
  });

  it('reads a BOM, CRLF and quoted values with commas and line breaks, numbering the rows after them', async () => {
    const job = await importCsv('\uFEFFname,companyName,email\r\n"Ho, Jr.","Multi\r\nLine Co",ho@quoted.example\r\nIvy,Ivy Co,not-an-email\r\n');
    expect(job).toMatchObject({ total: 2, created: 1, errors: [{ row: 3, pointer: '/fields/email' }] });
    expect(await recordsNamed('Ho, Jr.')).toEqual([{ name: 'Ho, Jr.', companyName: 'Multi\r\nLine Co', email: 'ho@quoted.example' }]);
  });
});

describe('CSV import duplicates against stored records', () => {
  it('finds a record by the email, phone and company it was changed to, not by the ones it had', async () => {
    const made = await h.gql(t.marketing, CREATE, {
      i: { workflowKey: 'standard_trunk', fields: { name: 'Moved', email: 'before@moved.example', phone: '+1 555 0900' } },
    });
    const id = made.data?.createRecord.id;
    const changed = await h.gql(t.marketing, UPDATE, { i: { id, expectedVersion: 1, fields: { email: 'After@Moved.example', companyName: 'Moved  Co' } } });
    expect(changed.data?.updateRecord.__typename).toBe('Record');
    // A transition that sets fields changes them too.
    const qualified = await h.gql(t.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 2, fields: { phone: '+1 555 0901' } } });
    expect(qualified.data?.transitionRecord.__typename, JSON.stringify(qualified)).toBe('Record');
    const job = await importCsv(
      ['name,email,phone,companyName', 'A,after@moved.example,,', 'B,,1-555-0901,', 'C,,,moved co', 'D,before@moved.example,+1 555 0900,'].join('\n'),
    );
    expect(job.duplicates).toEqual([
      { row: 2, recordId: id, by: 'email' },
      { row: 3, recordId: id, by: 'phone' },
      { row: 4, recordId: id, by: 'company' },
    ]);
    expect(job).toMatchObject({ created: 1, skipped: 3, errors: [] });
  });
});

describe('CSV import of a long file', () => {
  const JOB = '{ job(id: $id) { ... on Job { status total processed created skipped errors { row pointer } } } }';
  /**
   * Rows an import does before it answers, and a long file: five times as many, so most of it is imported after
   * the answer. Few, as each row is a few store round trips (250 rows took 7–10 s). The file's one bad row comes
   * after those done before the answer (it is row BAD_INDEX + 2 of the file: the header is row 1).
   */
  const INLINE_ROWS = 20;
  const LONG_ROWS = 5 * INLINE_ROWS;
  const BAD_INDEX = 2 * INLINE_ROWS;
  const longCsv = (prefix: string, rows: number) =>
    [
      'name,email',
      ...Array.from({ length: rows }, (_, i) => (i === BAD_INDEX ? `${prefix} ${i},not-an-email` : `${prefix} ${i},${prefix}${i}@long.example`)),
    ].join('\n');

  it('answers with the running job at once and goes on, so its progress can be followed in job(id)', async () => {
    const long = await startHarness({ importInlineRows: INLINE_ROWS });
    try {
      const tl = await long.tenant('Long import');
      const res = await long.gql(tl.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv: longCsv('long', LONG_ROWS) } });
      const answered = res.data?.importRecords;
      expect(answered).toMatchObject({ __typename: 'Job', status: 'running', total: LONG_ROWS });
      expect(answered.processed).toBeLessThan(LONG_ROWS);
      let job: any;
      for (let polls = 0; polls < 600; polls++) {
        job = (await long.gql(tl.marketing, `query($id: ID!) ${JOB}`, { id: answered.id })).data?.job;
        if (job.status !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(job).toEqual({
        status: 'done',
        total: LONG_ROWS,
        processed: LONG_ROWS,
        created: LONG_ROWS - 1,
        skipped: 1,
        errors: [{ row: BAD_INDEX + 2, pointer: '/fields/email' }],
      });
    } finally {
      await long.close();
    }
  });

  it('finishes an import going on in the background before the server closes', async () => {
    const long = await startHarness({ importInlineRows: INLINE_ROWS });
    let id: string | undefined;
    try {
      const tl = await long.tenant('Closing import');
      const res = await long.gql(tl.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv: longCsv('closing', 3 * INLINE_ROWS) } });
      expect(res.data?.importRecords.status).toBe('running');
      id = res.data?.importRecords.id;
      await long.server.close();
      const { models, close } = await storeModels(long.mongo.uri);
      try {
        expect(await models.Job.findOne({ tenantId: tl.tenantId, _id: id }).lean()).toMatchObject({
          status: 'done',
          processed: 3 * INLINE_ROWS,
          created: 3 * INLINE_ROWS - 1,
        });
      } finally {
        await close();
      }
    } finally {
      await long.mongo.close();
    }
  });
});

describe('CSV import of a file of many bad rows', () => {
  it('lists the first 1,000 errors and duplicates and counts the rest, so the job stays small', async () => {
    const many = await startHarness({ importInlineRows: 5000 });
    try {
      const tm = await many.tenant('Many bad rows');
      const csv = [
        'name,email',
        'First,same@many.example',
        ...Array.from({ length: 1003 }, (_, i) => `Again ${i},same@many.example`),
        ...Array.from({ length: 1002 }, (_, i) => `Bad ${i},not-an-email`),
      ].join('\n');
      const query = `mutation($i: ImportRecordsInput!) { importRecords(input: $i) { ... on Job { status total created skipped errorsLeftOut duplicatesLeftOut
        errors { row } duplicates { row } } } }`;
      const job = (await many.gql(tm.marketing, query, { i: { workflowKey: 'standard_trunk', csv } })).data?.importRecords;
      expect(job).toMatchObject({ status: 'done', total: 2006, created: 1, skipped: 2005, errorsLeftOut: 2, duplicatesLeftOut: 3 });
      // The first ones, in file order: duplicates from row 3, errors from the first bad row (1,006 + 1).
      expect(job.duplicates).toHaveLength(1000);
      expect(job.duplicates[0]).toEqual({ row: 3 });
      expect(job.duplicates[999]).toEqual({ row: 1002 });
      expect(job.errors).toHaveLength(1000);
      expect(job.errors[0]).toEqual({ row: 1006 });
      expect(job.errors[999]).toEqual({ row: 2005 });
    } finally {
      await many.close();
    }
  });
});
