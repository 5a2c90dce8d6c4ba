import { afterAll, beforeAll, expect, it } from 'vitest';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { RECORD_RESULT, startHarness, storeModels, type Harness, type TenantKeys } from './harness';

// A CSV export's duplicates are anywhere in the file: here each original row is followed by a row repeating it, and
// every tenth row from row 1,000 on repeats the phone of a row 1,000 rows before. Each duplicate is reported against
// the record of the row it repeats, by the first dedupe key that matches, and the rows that are created still reach
// the store in batches (a duplicate deciding against the row before it must not cut the inserts into single rows).

/** Data rows of the file: 700 originals, 750 repeats of the row before, 50 repeats of a phone 1,000 rows before. */
const ROWS = 1_500;
const ECHO_FROM = 1_000;
const ECHO_EVERY = 10;
/** At least this many records an insert command carries on average (one record a command when every row cut a batch). */
const MIN_RECORDS_PER_INSERT = 50;

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  // The whole file inline, so the mutation answers with the finished job.
  h = await startHarness({ importInlineRows: ROWS });
  t = await h.tenant('Spread duplicates');
});
afterAll(() => h?.close());

const IMPORT = `mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename
  ... on Job { status total created skipped errors { row message } duplicates { row recordId by } } } }`;

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;

const phone = (i: number) => `+1 555 ${String(1_000_000 + i)}`;
const isEcho = (i: number) => i >= ECHO_FROM && i % ECHO_EVERY === 0;

/** Data row i (0-based) as name, email and phone: an original, a repeat of row i - 1, or an echo of row i - 1,000's phone. */
function line(i: number): { name: string; email: string; phone: string } {
  if (i % 2 === 1) return { ...line(i - 1), name: `Again ${i}` };
  if (isEcho(i)) return { name: `Echo ${i}`, email: `echo${i}@spread.example`, phone: phone(i - ECHO_FROM) };
  return { name: `Lead ${i}`, email: `lead${i}@spread.example`, phone: phone(i) };
}

/** The original row whose record data row i duplicates, and by which key (email first, as the import asks). */
function expectedDuplicate(i: number): { of: number; by: 'email' | 'phone' } {
  const repeated = i % 2 === 1 ? i - 1 : i;
  // A repeat of an original matches its record by email; an echo (or a repeat of one) only by the phone of row i - 1,000.
  return isEcho(repeated) ? { of: repeated - ECHO_FROM, by: 'phone' } : { of: repeated, by: 'email' };
}

/** Counts the records the api inserts and the bulk writes (store commands) that carry them, until restored. */
function countRecordInserts(): { commands: number; records: number; restore: () => void } {
  const writer = h.server.services.writer;
  const write = writer.write;
  const collection = h.server.services.models.Record.collection.collectionName;
  const counted = {
    commands: 0,
    records: 0,
    restore: () => {
      writer.write = write;
    },
  };
  writer.write = (writes) => {
    const inserts = writes.filter((w) => w.type === 'insert' && w.collection === collection).length;
    if (inserts > 0) {
      counted.commands += 1;
      counted.records += inserts;
    }
    return write.call(writer, writes);
  };
  return counted;
}

it('reports each duplicate against the record of the row it repeats, near or 1,000 rows before, and inserts the rest in batches', async () => {
  const rows = Array.from({ length: ROWS }, (_, i) => line(i));
  const csv = ['name,email,phone', ...rows.map((r) => `${r.name},${r.email},${r.phone}`)].join('\n');
  const inserts = countRecordInserts();
  let job: Record<string, any>;
  try {
    job = (await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv, dedupeBy: ['email', 'phone'] } })).data?.importRecords;
  } finally {
    inserts.restore();
  }
  const originals = rows.filter((_, i) => i % 2 === 0 && !isEcho(i)).length;
  expect(job).toMatchObject({ __typename: 'Job', status: 'done', total: ROWS, created: originals, skipped: ROWS - originals, errors: [] });

  const { models, close } = await storeModels(h.mongo.uri);
  try {
    const records = await models.Record.find({ tenantId: t.tenantId, 'fields.email': /@spread\.example$/ }, { fields: 1, owner: 1 }).lean();
    expect(records).toHaveLength(originals);
    const idOf = new Map(records.map((r) => [r.fields.email as string, r._id]));
    const expected = rows.flatMap((_, i) => {
      if (i % 2 === 0 && !isEcho(i)) return [];
      const { of, by } = expectedDuplicate(i);
      // Rows as a spreadsheet numbers them: the header is row 1.
      return [{ row: i + 2, recordId: idOf.get(`lead${of}@spread.example`), by }];
    });
    expect(job.duplicates).toEqual(expected);
    // Routed as one at a time would be: the round robin of the tenant's two salespeople, half each.
    const owners = records.map((r) => r.owner);
    expect(owners.filter((o) => o === t.salesId)).toHaveLength(originals / 2);
    expect(owners.filter((o) => o === t.sales2Id)).toHaveLength(originals / 2);
  } finally {
    await close();
  }
  expect(inserts.records).toBe(originals);
  expect(inserts.commands, `${inserts.records} records in ${inserts.commands} insert commands`).toBeLessThanOrEqual(originals / MIN_RECORDS_PER_INSERT);
});

it("skips a repeat of a row whose create lost its keeper's last place to another writer, saying so", async () => {
  // A capacity of 2 and a rule that routes only rows named "Routed by rule" (none in the file): the importer keeps every
  // row, and holds one already.
  const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
  definition.key = 'race_capped';
  const rule = definition.assignment?.rules[0] as NonNullable<WorkflowDefinition['assignment']>['rules'][number];
  definition.assignment = { rules: [{ ...rule, when: { '==': [{ var: 'name' }, 'Routed by rule'] } }], capacity: { max: 2 } };
  await h.publish({ admin: t.admin, key: 'race_capped', definition });
  const create = (name: string, email: string) => h.gql(t.marketing, CREATE, { i: { workflowKey: 'race_capped', fields: { name, email } } });
  expect((await create('Held', 'held@race.example')).data?.createRecord).toMatchObject({ ownerId: t.marketingId });
  // Row 2 is counted on the last place; just before its insert, another request of the importer's takes that place.
  const records = h.server.services.records;
  const insert = records.insert;
  records.insert = async (args) => {
    if (args.contact.email === 'first@race.example') expect((await create('Racer', 'racer@race.example')).data?.createRecord.__typename).toBe('Record');
    return insert.call(records, args);
  };
  let job: Record<string, any>;
  try {
    const csv = 'name,email\nFirst,first@race.example\nAgain,first@race.example\nThird,third@race.example';
    job = (await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'race_capped', csv, dedupeBy: ['email'] } })).data?.importRecords;
  } finally {
    records.insert = insert;
  }
  const full = { message: 'Limit "capacity" reached: 2 of 2' };
  expect(job).toMatchObject({ status: 'done', total: 3, created: 0, skipped: 3, duplicates: [] });
  expect(job.errors).toEqual([
    { row: 2, ...full },
    // Decided against row 2's record before any insert; that record never came.
    { row: 3, message: 'not imported: it repeats row 2 by email, which was not imported' },
    { row: 4, ...full },
  ]);
});
