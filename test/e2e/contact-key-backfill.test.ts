import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFunnelServer, type FunnelServer } from '@funnel/api';
import { RECORD_RESULT, ROOT_KEY, startHarness, storeModels, type Harness, type TenantKeys } from './harness';

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Contact key backfill');
});
afterAll(() => h?.close());

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const UPDATE = 'mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { __typename ... on Record { version } } }';
const IMPORT = `mutation($i: ImportRecordsInput!) { importRecords(input: $i) { __typename
  ... on Job { status created skipped duplicates { row recordId by } } } }`;

const create = async (fields: Record<string, unknown>) =>
  (await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields } })).data?.createRecord.id as string;
const importCsv = async (csv: string, dedupeBy: string[]) =>
  (await h.gql(t.marketing, IMPORT, { i: { workflowKey: 'standard_trunk', csv, dedupeBy } })).data?.importRecords;

/**
 * Gives records the keys the rules before session 7 stored, without the rules' number (as code before it wrote them),
 * on a store no backfill has marked all current (as a store that code wrote is: the mark came after it).
 */
async function storeEarlierKeys(keys: Record<string, Record<string, string>>): Promise<void> {
  const { models, close } = await storeModels(h.mongo.uri);
  try {
    await models.MaintenanceMark.deleteOne({ _id: 'contact-keys' });
    for (const [id, contact] of Object.entries(keys)) {
      await models.Record.collection.updateOne({ tenantId: t.tenantId, _id: id as never }, { $set: { contact }, $unset: { contactRules: '' } });
    }
  } finally {
    await close();
  }
}

/** The stored keys, their rules and the version of records. */
async function stored(ids: string[]): Promise<Record<string, { contact: unknown; contactRules: unknown; version: number }>> {
  const { models, close } = await storeModels(h.mongo.uri);
  try {
    const docs = await models.Record.collection.find({ tenantId: t.tenantId, _id: { $in: ids as never[] } }).toArray();
    return Object.fromEntries(docs.map((d) => [d._id, { contact: d.contact, contactRules: d.contactRules, version: d.version }]));
  } finally {
    await close();
  }
}

/** Another api process on the harness store, as one that starts after an upgrade. */
const startProcess = (): Promise<FunnelServer> =>
  createFunnelServer({ uri: h.mongo.uri, clock: h.clock, config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined } });

/** Runs the backfill of another process to its end, doing `meanwhile` between its first read and its first write. */
async function backfillWith(meanwhile: () => Promise<void>): Promise<void> {
  const b = await startProcess();
  const write = b.services.writer.write.bind(b.services.writer);
  let first = true;
  b.services.writer.write = async (writes) => {
    if (first) {
      first = false;
      await meanwhile();
    }
    return write(writes);
  };
  try {
    await b.services.contactKeyBackfill.finished();
  } finally {
    b.services.writer.write = write;
    await b.close();
  }
  expect(first).toBe(false);
}

describe('contact keys stored by earlier rules', () => {
  it('are rewritten by a process that starts, so an import finds the record by the current key', async () => {
    const old = await create({ name: 'Stored long ago', phone: '0044 20 7946 1111', companyName: 'Backco, Ltd.' });
    await storeEarlierKeys({ [old]: { phone: '00442079461111', company: 'backco, ltd.' } });
    const b = await startProcess();
    try {
      expect(await b.services.contactKeyBackfill?.finished()).toBeGreaterThanOrEqual(1);
    } finally {
      await b.close();
    }
    // The current rules' keys and their number; the version is not raised (no request's write conflicts).
    expect((await stored([old]))[old]).toEqual({ contact: { phone: '442079461111', company: 'backco ltd' }, contactRules: 2, version: 1 });
    // 'Backco Ltd' is 'backco ltd' by either rules: only the rewritten key finds the stored 'Backco, Ltd.'.
    const job = await importCsv('name,companyName\nBy company,Backco Ltd', ['company']);
    expect(job).toMatchObject({ status: 'done', created: 0, duplicates: [{ row: 2, recordId: old, by: 'company' }] });
  });

  it('are found by the earlier rules’ keys while the starting process has not rewritten them yet', async () => {
    const old = await create({ name: 'Not reached yet', phone: '0044 20 7946 2222', companyName: 'Waitco, Ltd.' });
    await storeEarlierKeys({ [old]: { phone: '00442079462222', company: 'waitco, ltd.' } });
    const b = await startProcess();
    // b's backfill holds its first page's write until the import has answered.
    const write = b.services.writer.write.bind(b.services.writer);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    b.services.writer.write = async (writes) => {
      await gate;
      return write(writes);
    };
    try {
      const body = JSON.stringify({
        query: IMPORT,
        variables: {
          i: {
            workflowKey: 'standard_trunk',
            csv: 'name,phone,companyName\nBy phone,+44 20 7946 2222,\nBy company,,"Waitco, Ltd."',
            dedupeBy: ['phone', 'company'],
          },
        },
      });
      const response = await b.yoga.fetch('http://test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${t.marketing}` },
        body,
      });
      const job = ((await response.json()) as { data?: any }).data?.importRecords;
      expect(job).toMatchObject({
        status: 'done',
        created: 0,
        duplicates: [
          { row: 2, recordId: old, by: 'phone' },
          { row: 3, recordId: old, by: 'company' },
        ],
      });
    } finally {
      release();
      b.services.writer.write = write;
      await b.close();
    }
  });

  it('never overwrite a change that lands between the backfill’s read and its write', async () => {
    const renamed = await create({ name: 'Renamed meanwhile', companyName: 'Raceco, Ltd.' });
    const recompanied = await create({ name: 'Moved meanwhile', companyName: 'Movco, Ltd.' });
    await storeEarlierKeys({ [renamed]: { company: 'raceco, ltd.' }, [recompanied]: { company: 'movco, ltd.' } });
    // Before the first rewrite goes out, two requests change the records: one a field that is no key, one the company.
    await backfillWith(async () => {
      expect((await h.gql(t.admin, UPDATE, { i: { id: renamed, expectedVersion: 1, fields: { name: 'Renamed now' } } })).data?.updateRecord).toEqual({
        __typename: 'Record',
        version: 2,
      });
      expect((await h.gql(t.admin, UPDATE, { i: { id: recompanied, expectedVersion: 1, fields: { companyName: 'Newco GmbH' } } })).data?.updateRecord).toEqual({
        __typename: 'Record',
        version: 2,
      });
    });
    const after = await stored([renamed, recompanied]);
    // The first is read again at its new version and rewritten; the second keeps the keys its change wrote.
    expect(after[renamed]).toEqual({ contact: { company: 'raceco ltd' }, contactRules: 2, version: 2 });
    expect(after[recompanied]).toEqual({ contact: { company: 'newco gmbh' }, contactRules: 2, version: 2 });
  });

  it('never write keys computed from a read that a change has since moved on, though the change left the keys as they were', async () => {
    // The two records above change keys or contactRules along with the version, so those alone would make the
    // rewrite miss or write the same keys; here only the version says the fields the keys come from changed.
    const moved = await create({ name: 'Email changed meanwhile', email: 'before@moved.example' });
    await storeEarlierKeys({ [moved]: { email: 'before@moved.example' } });
    // A process of the code before contactRules writes the new email and raises the version, its keys untouched.
    await backfillWith(async () => {
      const { models, close } = await storeModels(h.mongo.uri);
      try {
        await models.Record.collection.updateOne(
          { tenantId: t.tenantId, _id: moved as never },
          { $set: { 'fields.email': 'after@moved.example' }, $inc: { version: 1 } },
        );
      } finally {
        await close();
      }
    });
    // Read again at version 2 and rewritten from the email it now has, not the one the first read saw.
    expect((await stored([moved]))[moved]).toEqual({ contact: { email: 'after@moved.example' }, contactRules: 2, version: 2 });
  });

  it('are rewritten once when two processes start at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await create({ name: `Twice ${i}`, companyName: `Twinco ${i}, Ltd.` }));
    await storeEarlierKeys(Object.fromEntries(ids.map((id, i) => [id, { company: `twinco ${i}, ltd.` }])));
    const [b, c] = await Promise.all([startProcess(), startProcess()]);
    try {
      const rewritten = await Promise.all([b.services.contactKeyBackfill.finished(), c.services.contactKeyBackfill.finished()]);
      expect(rewritten[0] + rewritten[1]).toBe(30);
      expect(b.services.contactKeyBackfill.allCurrent && c.services.contactKeyBackfill.allCurrent).toBe(true);
    } finally {
      await Promise.all([b.close(), c.close()]);
    }
    const after = await stored(ids);
    expect(ids.map((id) => after[id])).toEqual(ids.map((_, i) => ({ contact: { company: `twinco ${i} ltd` }, contactRules: 2, version: 1 })));
  });

  it('are looked for, after a backfill that left nothing stale, only in the index range of older numbered rules', async () => {
    const older = await create({ name: 'Older rules', companyName: 'Rangeco, Ltd.' });
    const unnumbered = await create({ name: 'No rules', companyName: 'Plainco, Ltd.' });
    const marking = await startProcess();
    try {
      await marking.services.contactKeyBackfill.finished();
      expect(marking.services.contactKeyBackfill.allCurrent).toBe(true);
    } finally {
      await marking.close();
    }
    const { models, close } = await storeModels(h.mongo.uri);
    try {
      expect(await models.MaintenanceMark.findOne({ _id: 'contact-keys' }).lean()).toMatchObject({ rules: 2 });
      // Written since the mark: one by a process of older numbered rules, one as code before numbers (the mark's limit).
      await models.Record.collection.updateOne(
        { tenantId: t.tenantId, _id: older as never },
        { $set: { contact: { company: 'rangeco, ltd.' }, contactRules: 1 } },
      );
      await models.Record.collection.updateOne(
        { tenantId: t.tenantId, _id: unnumbered as never },
        { $set: { contact: { company: 'plainco, ltd.' } }, $unset: { contactRules: '' } },
      );
    } finally {
      await close();
    }
    const next = await startProcess();
    try {
      expect(await next.services.contactKeyBackfill.finished()).toBe(1);
    } finally {
      await next.close();
    }
    const after = await stored([older, unnumbered]);
    expect(after[older]).toEqual({ contact: { company: 'rangeco ltd' }, contactRules: 2, version: 1 });
    expect(after[unnumbered]).toMatchObject({ contact: { company: 'plainco, ltd.' } });
  });
});
