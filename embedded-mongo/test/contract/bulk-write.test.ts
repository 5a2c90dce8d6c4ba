import { Long, MongoClientBulkWriteError, MongoServerError, type AnyClientBulkWriteModel } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeContract, type LooseDocument } from './contract-targets.js';

/** The first MongoDB release with the client-level `bulkWrite` command. */
const FIRST_MAJOR_WITH_BULK_WRITE = 8;

describeContract('client-level bulkWrite (MongoDB 8.0)', (ctx) => {
  let skipReason: string | undefined;
  const otherDbName = () => `${ctx.dbName}_other`;
  const ns = (collection: string, db = ctx.dbName) => `${db}.${collection}`;
  const admin = () => ctx.client.db('admin');

  beforeAll(async () => {
    // The embedded store answers bulkWrite although it reports 6.0; a real server must be 8.0 or newer.
    if (ctx.target !== 'mongodb') return;
    const info = await admin().command({ buildInfo: 1 });
    const major = (info.versionArray as number[])[0] ?? 0;
    if (major < FIRST_MAJOR_WITH_BULK_WRITE) {
      skipReason = `the MongoDB at MONGODB_URI is ${String(info.version)}; bulkWrite needs ${FIRST_MAJOR_WITH_BULK_WRITE}.0 or newer`;
      console.log(`[contract] "client-level bulkWrite" against mongodb is skipped: ${skipReason}`);
    }
  });

  afterAll(async () => {
    await ctx.client?.db(otherDbName()).dropDatabase();
  });

  it('applies inserts, version-checked updates, updateMany, replaceOne, upserts and deletes across two collections and two databases, reporting each op and failing only the duplicate when unordered', async ({
    skip,
  }) => {
    skip(skipReason !== undefined, skipReason);
    const records = ctx.collection('bw_records');
    const events = ctx.collection('bw_events');
    const audit = ctx.client.db(otherDbName()).collection<LooseDocument>('bw_audit');
    await records.insertMany([
      { _id: 'r1', version: 3, stage: 'lead', team: 'x' },
      { _id: 'r2', version: 5, stage: 'lead', team: 'x' },
      { _id: 'r3', version: 1, team: 'a' },
      { _id: 'r4', version: 1, team: 'a' },
      { _id: 'r5', version: 1, team: 'a' },
    ]);
    await events.insertMany([
      { _id: 't1', kind: 'temp' },
      { _id: 't2', kind: 'temp' },
    ]);
    await audit.insertOne({ _id: 'x', note: 'original', extra: true });

    const models: AnyClientBulkWriteModel<LooseDocument>[] = [
      { namespace: ns('bw_events'), name: 'insertOne', document: { _id: 'e1', kind: 'created' } },
      { namespace: ns('bw_records'), name: 'updateOne', filter: { _id: 'r1', version: 3 }, update: { $set: { stage: 'mql', version: 4 } } },
      { namespace: ns('bw_records'), name: 'updateOne', filter: { _id: 'r2', version: 4 }, update: { $set: { stage: 'mql', version: 5 } } },
      { namespace: ns('bw_records'), name: 'updateMany', filter: { team: 'a' }, update: { $set: { team: 'b' } } },
      { namespace: ns('bw_audit', otherDbName()), name: 'replaceOne', filter: { _id: 'x' }, replacement: { note: 'replaced' } },
      { namespace: ns('bw_audit', otherDbName()), name: 'updateOne', filter: { _id: 'y' }, update: { $set: { note: 'new' } }, upsert: true },
      { namespace: ns('bw_events'), name: 'insertOne', document: { _id: 'e1', kind: 'again' } },
      { namespace: ns('bw_records'), name: 'deleteOne', filter: { team: 'b' } },
      { namespace: ns('bw_events'), name: 'deleteMany', filter: { kind: 'temp' } },
      { namespace: ns('bw_audit', otherDbName()), name: 'insertOne', document: { _id: 'z' } },
    ];
    const error = await ctx.client.bulkWrite(models, { verboseResults: true, ordered: false }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MongoClientBulkWriteError);
    const failure = error as MongoClientBulkWriteError;
    expect([...failure.writeErrors.keys()]).toEqual([6]);
    expect(failure.writeErrors.get(6)?.code).toBe(11000);
    expect(failure.writeErrors.get(6)?.message).toContain('E11000 duplicate key error');
    const result = failure.partialResult;
    expect(result).toMatchObject({ insertedCount: 2, matchedCount: 5, modifiedCount: 5, upsertedCount: 1, deletedCount: 3 });
    expect([...(result?.insertResults?.entries() ?? [])]).toEqual([
      [0, { insertedId: 'e1' }],
      [9, { insertedId: 'z' }],
    ]);
    expect(result?.updateResults?.get(1)).toEqual({ matchedCount: 1, modifiedCount: 1, didUpsert: false });
    expect(result?.updateResults?.get(2)).toEqual({ matchedCount: 0, modifiedCount: 0, didUpsert: false });
    expect(result?.updateResults?.get(3)).toEqual({ matchedCount: 3, modifiedCount: 3, didUpsert: false });
    expect(result?.updateResults?.get(4)).toEqual({ matchedCount: 1, modifiedCount: 1, didUpsert: false });
    expect(result?.updateResults?.get(5)).toEqual({ matchedCount: 1, modifiedCount: 0, didUpsert: true, upsertedId: 'y' });
    expect(result?.deleteResults?.get(7)).toEqual({ deletedCount: 1 });
    expect(result?.deleteResults?.get(8)).toEqual({ deletedCount: 2 });

    const storedRecords = await records.find({}).sort({ _id: 1 }).toArray();
    expect(storedRecords.find((r: LooseDocument) => r._id === 'r1')).toEqual({ _id: 'r1', version: 4, stage: 'mql', team: 'x' });
    expect(storedRecords.find((r: LooseDocument) => r._id === 'r2')).toEqual({ _id: 'r2', version: 5, stage: 'lead', team: 'x' });
    // updateMany moved r3–r5 to team b, then deleteOne removed one of them.
    expect(storedRecords.filter((r: LooseDocument) => r.team === 'b')).toHaveLength(2);
    expect(storedRecords.filter((r: LooseDocument) => r.team === 'a')).toHaveLength(0);
    expect(await events.find({}).toArray()).toEqual([{ _id: 'e1', kind: 'created' }]);
    expect(await audit.find({}).sort({ _id: 1 }).toArray()).toEqual([{ _id: 'x', note: 'replaced' }, { _id: 'y', note: 'new' }, { _id: 'z' }]);
  });

  it('stops at the first failing op when ordered, leaving later ops unapplied', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const leads = ctx.collection('bw_ordered');
    const models: AnyClientBulkWriteModel<LooseDocument>[] = [
      { namespace: ns('bw_ordered'), name: 'insertOne', document: { _id: 1, stage: 'lead' } },
      { namespace: ns('bw_ordered'), name: 'insertOne', document: { _id: 1, stage: 'dup' } },
      { namespace: ns('bw_ordered'), name: 'updateOne', filter: { _id: 1 }, update: { $set: { stage: 'mql' } } },
      { namespace: ns('bw_ordered'), name: 'insertOne', document: { _id: 2 } },
    ];
    const error = await ctx.client.bulkWrite(models, { verboseResults: true, ordered: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoClientBulkWriteError);
    const failure = error as MongoClientBulkWriteError;
    expect([...failure.writeErrors.keys()]).toEqual([1]);
    expect(failure.writeErrors.get(1)?.code).toBe(11000);
    expect(failure.partialResult?.insertedCount).toBe(1);
    expect(await leads.find({}).toArray()).toEqual([{ _id: 1, stage: 'lead' }]);
  });

  const RAW_OPS = [
    { insert: 0, document: { _id: 10, stage: 'lead' } },
    { update: 0, filter: { _id: 10, stage: 'lead' }, updateMods: { $set: { stage: 'mql' } } },
    { update: 0, filter: { _id: 10, stage: 'lead' }, updateMods: { $set: { stage: 'sql' } } },
    { update: 1, filter: { _id: 11 }, updateMods: { $set: { stage: 'new' } }, upsert: true },
    { delete: 0, filter: { _id: 10 } },
    { insert: 1, document: { _id: 11 } },
    { update: 1, filter: { _id: 11 }, updateMods: { $set: { _id: 99 } } },
    { delete: 1, filter: { stage: 'none' }, multi: true },
  ];
  const DUPLICATE_ENTRY = {
    ok: 0,
    idx: 5,
    code: 11000,
    errmsg: expect.stringContaining('E11000 duplicate key error'),
    keyPattern: { _id: 1 },
    keyValue: { _id: 11 },
    n: 0,
  };
  const IMMUTABLE_ENTRY = { ok: 0, idx: 6, code: 66, errmsg: expect.stringContaining('_id'), n: 0, nModified: 0 };
  const RAW_TOTALS = { nErrors: 2, nInserted: 1, nMatched: 1, nModified: 1, nUpserted: 1, nDeleted: 1, ok: 1 };

  it('answers the raw command with an exhausted cursor of one entry per op and the n* totals', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const nsInfo = [{ ns: ns('bw_raw_a') }, { ns: ns('bw_raw_b', otherDbName()) }];
    const reply = await admin().command({ bulkWrite: 1, ops: RAW_OPS, nsInfo, ordered: false, errorsOnly: false }, { promoteLongs: false });
    expect(reply.cursor.id).toBeInstanceOf(Long);
    expect((reply.cursor.id as Long).isZero()).toBe(true);
    expect(reply.cursor.ns).toBe('admin.$cmd.bulkWrite');
    expect(reply.cursor.firstBatch).toEqual([
      { ok: 1, idx: 0, n: 1 },
      { ok: 1, idx: 1, n: 1, nModified: 1 },
      { ok: 1, idx: 2, n: 0, nModified: 0 },
      { ok: 1, idx: 3, n: 1, nModified: 0, upserted: { _id: 11 } },
      { ok: 1, idx: 4, n: 1 },
      DUPLICATE_ENTRY,
      IMMUTABLE_ENTRY,
      { ok: 1, idx: 7, n: 0 },
    ]);
    expect(reply).toMatchObject(RAW_TOTALS);
    expect(await ctx.collection('bw_raw_a').countDocuments()).toBe(0);
    expect(await ctx.client.db(otherDbName()).collection('bw_raw_b').find({}).toArray()).toEqual([{ _id: 11, stage: 'new' }]);
  });

  it('returns only the failed ops with errorsOnly, with the same totals', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const nsInfo = [{ ns: ns('bw_errors_a') }, { ns: ns('bw_errors_b', otherDbName()) }];
    const reply = await admin().command({ bulkWrite: 1, ops: RAW_OPS, nsInfo, ordered: false, errorsOnly: true });
    expect(reply.cursor.firstBatch).toEqual([DUPLICATE_ENTRY, IMMUTABLE_ENTRY]);
    expect(reply).toMatchObject(RAW_TOTALS);
  });

  it('stops the raw command at the first failure when ordered (the default)', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const reply = await admin().command({
      bulkWrite: 1,
      ops: [
        { insert: 0, document: { _id: 1 } },
        { insert: 0, document: { _id: 1 } },
        { insert: 0, document: { _id: 2 } },
      ],
      nsInfo: [{ ns: ns('bw_raw_ordered') }],
    });
    expect(reply.cursor.firstBatch).toEqual([
      { ok: 1, idx: 0, n: 1 },
      { ...DUPLICATE_ENTRY, idx: 1, keyValue: { _id: 1 } },
    ]);
    expect(reply).toMatchObject({ nErrors: 1, nInserted: 1 });
    expect(await ctx.collection('bw_raw_ordered').find({}).toArray()).toEqual([{ _id: 1 }]);
  });

  it('refuses bulkWrite sent to a database other than admin, writing nothing', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const error = await ctx
      .db()
      .command({ bulkWrite: 1, ops: [{ insert: 0, document: { _id: 1 } }], nsInfo: [{ ns: ns('bw_not_admin') }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 13, codeName: 'Unauthorized', message: 'bulkWrite may only be run against the admin database.' });
    expect(await ctx.collection('bw_not_admin').countDocuments()).toBe(0);
  });

  it.for([
    { malformed: 'ops not an array', ops: 'x', code: 14, message: "BSON field 'bulkWrite.ops' is the wrong type 'string', expected type 'array'" },
    { malformed: 'no ops', ops: [], code: 16, message: 'Write batch sizes must be between 1 and 100000. Got 0 operations.' },
    {
      malformed: 'an nsInfo index out of range',
      ops: [
        { insert: 0, document: { _id: 1 } },
        { insert: 1, document: { _id: 2 } },
      ],
      code: 2,
      message: 'has an invalid nsInfo index.',
    },
    {
      malformed: 'an op that is no insert, update or delete',
      ops: [
        { insert: 0, document: { _id: 1 } },
        { upsert: 0, filter: {} },
      ],
      code: 40415,
      message: "BSON field 'bulkWrite.ops.upsert' is an unknown field.",
    },
    {
      malformed: 'an insert without its document',
      ops: [{ insert: 0, document: { _id: 1 } }, { insert: 0 }],
      code: 40414,
      message: "BSON field 'bulkWrite.ops.document' is missing but a required field",
    },
    {
      malformed: 'an update without updateMods',
      ops: [
        { insert: 0, document: { _id: 1 } },
        { update: 0, filter: {} },
      ],
      code: 40414,
      message: "BSON field 'bulkWrite.ops.updateMods' is missing but a required field",
    },
    {
      malformed: 'a delete without its filter',
      ops: [{ insert: 0, document: { _id: 1 } }, { delete: 0 }],
      code: 40414,
      message: "BSON field 'bulkWrite.ops.filter' is missing but a required field",
    },
  ])('refuses a command with $malformed as a whole, before any op runs', async ({ ops, code, message }, { skip }) => {
    skip(skipReason !== undefined, skipReason);
    const error = await admin()
      .command({ bulkWrite: 1, ops, nsInfo: [{ ns: ns('bw_malformed') }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(code);
    expect((error as MongoServerError).message).toContain(message);
    expect(await ctx.collection('bw_malformed').countDocuments()).toBe(0);
  });
});
