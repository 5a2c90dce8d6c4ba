import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { expect, it } from 'vitest';
import { describeContract } from './contract-targets.js';

/** The stage names anywhere in an explain plan. */
function stagesOf(plan: unknown): string[] {
  if (plan === null || typeof plan !== 'object') return [];
  const own = typeof (plan as { stage?: unknown }).stage === 'string' ? [(plan as { stage: string }).stage] : [];
  return own.concat(Object.values(plan).flatMap(stagesOf));
}

describeContract('indexes: unique rules, error shapes, index use', (ctx) => {
  const users = () => ctx.collection('users');

  it('creates, lists and drops indexes (unique, compound, partial, sparse)', async () => {
    await users().createIndex({ email: 1 }, { unique: true });
    await users().createIndex({ tenantId: 1, handle: 1 }, { unique: true, sparse: true, name: 'tenant_handle' });
    await users().createIndex({ badge: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await users().createIndex({ nickname: 1 }, { unique: true, sparse: true });
    await users().createIndex({ createdAt: -1 });
    const indexes = await users().listIndexes().toArray();
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'badge_1', 'createdAt_-1', 'email_1', 'nickname_1', 'tenant_handle'].sort());
    expect(indexes.find((i) => i.name === 'tenant_handle')).toMatchObject({ key: { tenantId: 1, handle: 1 }, unique: true });
    expect(indexes.find((i) => i.name === 'badge_1')).toMatchObject({ partialFilterExpression: { active: true } });
    expect(indexes.find((i) => i.name === 'nickname_1')).toMatchObject({ sparse: true });
    await users().createIndex({ email: 1 }, { unique: true });
    await users().dropIndex('createdAt_-1');
    expect((await users().listIndexes().toArray()).map((i) => i.name)).not.toContain('createdAt_-1');
    const missing = await users()
      .dropIndex('nope')
      .catch((e: unknown) => e);
    expect((missing as MongoServerError).code).toBe(27);
  });

  it('rejects a duplicate with code 11000, keyPattern, keyValue and the E11000 message', async () => {
    await users().insertOne({ _id: 'u1', email: 'ana@acme.test', tenantId: 't1', handle: 'ana' });
    const error = await users()
      .insertOne({ _id: 'u2', email: 'ana@acme.test' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    const duplicate = error as MongoServerError;
    expect(duplicate.code).toBe(11000);
    expect(duplicate.keyPattern).toEqual({ email: 1 });
    expect(duplicate.keyValue).toEqual({ email: 'ana@acme.test' });
    expect(duplicate.message).toBe(`E11000 duplicate key error collection: ${ctx.dbName}.users index: email_1 dup key: { email: "ana@acme.test" }`);
    expect(await users().countDocuments({ _id: 'u2' })).toBe(0);
  });

  it('enforces compound uniqueness on the combination only', async () => {
    await users().insertOne({ _id: 'u3', email: 'bo@acme.test', tenantId: 't2', handle: 'ana' });
    const error = await users()
      .insertOne({ _id: 'u4', email: 'cy@acme.test', tenantId: 't1', handle: 'ana' })
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(11000);
    expect((error as MongoServerError).keyValue).toEqual({ tenantId: 't1', handle: 'ana' });
  });

  it('a partial unique index only covers documents matching its filter; a sparse one skips missing fields', async () => {
    await users().insertMany([
      { _id: 'p1', email: 'p1@x.test', badge: 7, active: false },
      { _id: 'p2', email: 'p2@x.test', badge: 7, active: false },
      { _id: 'p3', email: 'p3@x.test', badge: 7, active: true },
    ]);
    const error = await users()
      .insertOne({ _id: 'p4', email: 'p4@x.test', badge: 7, active: true })
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(11000);
    await users().insertOne({ _id: 's1', email: 's1@x.test', nickname: 'sam' });
    const sparse = await users()
      .insertOne({ _id: 's2', email: 's2@x.test', nickname: 'sam' })
      .catch((e: unknown) => e);
    expect((sparse as MongoServerError).code).toBe(11000);
  });

  it('a non-sparse unique index treats a missing field as null', async () => {
    const plain = ctx.collection('plain');
    await plain.createIndex({ code: 1 }, { unique: true });
    await plain.insertOne({ _id: 1 } as never);
    const error = await plain.insertOne({ _id: 2 } as never).catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(11000);
    expect((error as MongoServerError).keyValue).toEqual({ code: null });
  });

  it('reports duplicates of a batch as writeErrors with their index', async () => {
    const error = await users()
      .insertMany(
        [
          { _id: 'b1', email: 'b1@x.test' },
          { _id: 'b2', email: 'ana@acme.test' },
          { _id: 'b3', email: 'b3@x.test' },
        ],
        { ordered: false },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    const bulk = error as MongoBulkWriteError;
    expect(bulk.insertedCount).toBe(2);
    const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
    expect(writeErrors).toHaveLength(1);
    expect(writeErrors[0]?.index).toBe(1);
    expect(writeErrors[0]?.code).toBe(11000);
    expect(writeErrors[0]?.errInfo ?? writeErrors[0]?.err).toBeDefined();
  });

  it('reports a duplicate from findOneAndUpdate as a command error with keyValue', async () => {
    const error = await users()
      .findOneAndUpdate({ _id: 'b1' }, { $set: { email: 'ana@acme.test' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(11000);
    expect((error as MongoServerError).keyValue).toEqual({ email: 'ana@acme.test' });
    expect((await users().findOne({ _id: 'b1' }))?.email).toBe('b1@x.test');
  });

  it('refuses to build a unique index over existing duplicates', async () => {
    const dupes = ctx.collection('dupes');
    await dupes.insertMany([{ v: 1 }, { v: 1 }]);
    const error = await dupes.createIndex({ v: 1 }, { unique: true }).catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(11000);
    expect((await dupes.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('uses a secondary index for equality and range: only the matching documents are examined', async () => {
    const events = ctx.collection('events');
    const docs = Array.from({ length: 20_000 }, (_, i) => ({ _id: i, tenantId: `t${i % 4}`, at: i, kind: i % 10 === 0 ? 'won' : 'touch' }));
    for (let i = 0; i < docs.length; i += 5_000) await events.insertMany(docs.slice(i, i + 5_000));
    await events.createIndex({ tenantId: 1, at: 1 });
    await events.createIndex({ kind: 1 });
    const range = await events.find({ tenantId: 't1', at: { $gte: 1_000, $lt: 1_100 } }).explain('executionStats');
    expect(stagesOf(range.queryPlanner.winningPlan)).toContain('IXSCAN');
    expect(range.executionStats.nReturned).toBe(25);
    expect(range.executionStats.totalDocsExamined).toBe(25);
    const equal = await events.find({ kind: 'won', at: { $lt: 100 } }).explain('executionStats');
    expect(stagesOf(equal.queryPlanner.winningPlan)).toContain('IXSCAN');
    expect(equal.executionStats.totalDocsExamined).toBe(2_000);
    const scan = await events.find({ at: 5 }).explain('executionStats');
    expect(stagesOf(scan.queryPlanner.winningPlan)).toContain('COLLSCAN');
    expect(
      await events
        .find({ tenantId: 't1', at: { $gte: 1_000, $lt: 1_100 } })
        .sort({ at: -1 })
        .limit(2)
        .toArray(),
    ).toEqual([docs[1_097], docs[1_093]]);
    // The index gives the sort order, so a limit stops the scan early instead of sorting 5,000 documents.
    const newest = events.find({ tenantId: 't2' }).sort({ at: -1 }).limit(3);
    expect(await newest.toArray()).toEqual([docs[19_998], docs[19_994], docs[19_990]]);
    const newestPlan = await events.find({ tenantId: 't2' }).sort({ at: -1 }).limit(3).explain('executionStats');
    expect(newestPlan.executionStats.totalDocsExamined).toBe(3);
    expect(await events.find({ tenantId: 't3', kind: 'touch' }).sort({ at: 1 }).skip(1).limit(2).toArray()).toEqual([docs[7], docs[11]]);
    expect(await events.find({ kind: 'won' }).sort({ at: -1 }).limit(2).toArray()).toEqual([docs[19_990], docs[19_980]]);
  });

  it('bounds a multikey index by an $elemMatch range and by the first value of an $all: only the matching documents are examined', async () => {
    const people = ctx.collection('people');
    // Each person's terms: a word of ten (w:word0…w:word9) and a pair of their group's characters, one group in five.
    const docs = Array.from({ length: 5_000 }, (_, i) => ({ _id: i, tenantId: 't1', terms: [`w:word${i % 10}`, `c:g${i % 5}`, `c:h${i % 5}`] }));
    await people.insertMany(docs);
    await people.createIndex({ tenantId: 1, terms: 1 });
    const prefix = await people.find({ tenantId: 't1', terms: { $elemMatch: { $gte: 'w:word3', $lt: 'w:word4' } } }).explain('executionStats');
    expect(stagesOf(prefix.queryPlanner.winningPlan)).toContain('IXSCAN');
    expect(prefix.executionStats.nReturned).toBe(500);
    expect(prefix.executionStats.totalDocsExamined).toBe(500);
    const all = await people.find({ tenantId: 't1', $and: [{ terms: { $all: ['c:g2', 'c:h2'] } }] }).explain('executionStats');
    expect(stagesOf(all.queryPlanner.winningPlan)).toContain('IXSCAN');
    expect(all.executionStats.nReturned).toBe(1_000);
    expect(all.executionStats.totalDocsExamined).toBe(1_000);
    // A bare range on an array may hold through two different elements (one above, one below): never bounded from both sides.
    expect(await people.countDocuments({ tenantId: 't1', terms: { $gt: 'w:', $lt: 'c:z' } })).toBe(5_000);
  });

  it('finds by the ids of an $in inside $and, still checking every other condition, on _id too', async () => {
    const items = ctx.collection('items');
    await items.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `r${String(i).padStart(2, '0')}`, stage: i % 2 ? 'sql' : 'lead' })));
    const ids = ['r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'nope'];
    expect((await items.find({ stage: 'sql', $and: [{ _id: { $in: ids } }] }).toArray()).map((d) => d._id)).toEqual(['r01', 'r03', 'r05']);
    expect((await items.find({ $and: [{ _id: { $in: ids }, stage: 'lead' }], _id: { $gt: 'r02' } }).toArray()).map((d) => d._id)).toEqual(['r04', 'r06']);
    expect((await items.find({ $and: [{ stage: 'sql' }, { _id: { $in: ids } }, { _id: { $lt: 'r05' } }] }).toArray()).map((d) => d._id)).toEqual([
      'r01',
      'r03',
    ]);
    const plan = await items.find({ stage: 'sql', $and: [{ _id: { $in: ids } }] }).explain('executionStats');
    expect(plan.executionStats.totalDocsExamined).toBe(6);
  });
});
