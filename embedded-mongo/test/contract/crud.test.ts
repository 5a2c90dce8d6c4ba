import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';
import { expect, it } from 'vitest';
import { describeContract, recordReplies } from './contract-targets.js';

const LEADS = Array.from({ length: 30 }, (_, i) => ({
  _id: i + 1,
  name: `lead-${String(i + 1).padStart(2, '0')}`,
  score: (i * 7) % 30,
  stage: i % 3 === 0 ? 'mql' : 'lead',
}));

describeContract('documents: insert, find, count, distinct, delete', (ctx) => {
  it('inserts one and many, then finds with filter, sort, skip, limit and projection', async () => {
    const leads = ctx.collection('leads');
    await leads.insertOne(LEADS[0] as (typeof LEADS)[number]);
    const many = await leads.insertMany(LEADS.slice(1));
    expect(many.insertedCount).toBe(29);
    const page = await leads
      .find({ stage: 'mql' }, { projection: { name: 1, _id: 0 } })
      .sort({ score: -1, _id: 1 })
      .skip(2)
      .limit(3)
      .toArray();
    const expected = LEADS.filter((l) => l.stage === 'mql')
      .sort((a, b) => b.score - a.score || a._id - b._id)
      .slice(2, 5)
      .map((l) => ({ name: l.name }));
    expect(page).toEqual(expected);
    expect(await leads.findOne({ _id: 7 })).toEqual(LEADS[6]);
    // `_id` alone is an inclusion (only the ids), `_id: 0` alone an exclusion (all but the id).
    expect(
      await leads
        .find({ stage: 'mql' }, { projection: { _id: 1 } })
        .sort({ _id: 1 })
        .toArray(),
    ).toEqual(LEADS.filter((l) => l.stage === 'mql').map((l) => ({ _id: l._id })));
    const { _id: _seven, ...withoutId } = LEADS[6] as (typeof LEADS)[number];
    expect(await leads.findOne({ _id: 7 }, { projection: { _id: 0 } })).toEqual(withoutId);
  });

  it('puts _id first and gives documents without one an ObjectId', async () => {
    const things = ctx.collection('things');
    const { insertedId } = await things.insertOne({ a: 1 });
    expect(insertedId).toBeInstanceOf(ObjectId);
    await things.insertOne({ b: 2, _id: 'second' } as never);
    const stored = await things.findOne({ _id: 'second' } as never);
    expect(Object.keys(stored ?? {})).toEqual(['_id', 'b']);
  });

  it('counts (countDocuments and estimatedDocumentCount) and lists distinct values', async () => {
    const leads = ctx.collection('leads');
    expect(await leads.countDocuments({ stage: 'mql' })).toBe(10);
    expect(await leads.countDocuments({}, { skip: 5, limit: 10 })).toBe(10);
    expect(await leads.estimatedDocumentCount()).toBe(30);
    expect((await leads.distinct('stage')).sort()).toEqual(['lead', 'mql']);
    expect((await leads.distinct('score', { stage: 'mql' })).sort((a, b) => a - b)).toEqual(
      [...new Set(LEADS.filter((l) => l.stage === 'mql').map((l) => l.score))].sort((a, b) => a - b),
    );
  });

  it('pages a cursor with getMore using int64 cursor ids, and kills it with killCursors', async () => {
    const leads = ctx.collection('leads');
    const { result, replies } = await recordReplies(ctx.client, () => leads.find({}).sort({ _id: 1 }).batchSize(7).toArray());
    expect(result.map((d) => d._id)).toEqual(LEADS.map((l) => l._id));
    const names = replies.map((r) => r.name);
    expect(names.filter((n) => n === 'getMore')).toHaveLength(4);
    const first = replies.find((r) => r.name === 'find')?.reply.cursor as { id: unknown; firstBatch: unknown[] };
    expect(first.firstBatch).toHaveLength(7);
    expect(first.id).toBeInstanceOf(Long);
    const cursor = leads.find({}).batchSize(5);
    await cursor.next();
    const killed = await recordReplies(ctx.client, () => cursor.close());
    const kill = killed.replies.find((r) => r.name === 'killCursors')?.reply as { cursorsKilled: unknown[] };
    expect(kill.cursorsKilled).toHaveLength(1);
  });

  it('answers getMore on a killed cursor with CursorNotFound, and counts with the count command', async () => {
    const db = ctx.db();
    const opened = await db.command({ find: 'leads', filter: {}, batchSize: 2 });
    const id = opened.cursor.id as Long;
    expect(id.isZero()).toBe(false);
    const next = await db.command({ getMore: id, collection: 'leads', batchSize: 3 });
    expect(next.cursor.nextBatch).toHaveLength(3);
    await db.command({ killCursors: 'leads', cursors: [id] });
    const error = await db.command({ getMore: id, collection: 'leads' }).catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(43);
    expect((await db.command({ count: 'leads', query: { stage: 'mql' } })).n).toBe(10);
    expect((await db.command({ count: 'leads', query: { stage: 'lead' }, skip: 5, limit: 4 })).n).toBe(4);
  });

  it('caps one reply batch at 16 MiB', async () => {
    const big = ctx.collection('big');
    const megabyte = 'x'.repeat(1024 * 1024);
    await big.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i, blob: megabyte })));
    const { result, replies } = await recordReplies(ctx.client, () => big.find({}).batchSize(1000).toArray());
    expect(result).toHaveLength(20);
    const firstBatch = (replies.find((r) => r.name === 'find')!.reply.cursor as { firstBatch: unknown[] }).firstBatch;
    expect(firstBatch.length).toBeGreaterThan(0);
    expect(firstBatch.length).toBeLessThan(16);
    expect(replies.some((r) => r.name === 'getMore')).toBe(true);
  });

  it('keeps BSON types: Long, Decimal128, Int32, Double, Date, Binary, ObjectId, nested values', async () => {
    const typed = ctx.collection('typed');
    const doc = {
      _id: new ObjectId(),
      long: Long.fromString('9007199254740993'),
      decimal: Decimal128.fromString('12345.6789012345678901234'),
      int: new Int32(7),
      double: new Double(2.5),
      when: new Date('2026-01-02T03:04:05.678Z'),
      bytes: new Binary(Buffer.from([1, 2, 3])),
      nested: { list: [1, 'two', { three: 3 }] },
    };
    await typed.insertOne(doc);
    const back = await typed.findOne({ _id: doc._id }, { promoteValues: false, promoteLongs: false });
    expect(back?.long).toBeInstanceOf(Long);
    expect(back?.long.toString()).toBe('9007199254740993');
    expect(back?.decimal).toBeInstanceOf(Decimal128);
    expect(back?.decimal.toString()).toBe('12345.6789012345678901234');
    expect(back?.int).toBeInstanceOf(Int32);
    expect(back?.double).toBeInstanceOf(Double);
    const plain = await typed.findOne({ _id: doc._id });
    expect(plain?.when).toEqual(doc.when);
    expect(Buffer.from((plain!.bytes as Binary).buffer)).toEqual(Buffer.from([1, 2, 3]));
    expect(plain?.nested).toEqual(doc.nested);
    expect(await typed.countDocuments({ decimal: Decimal128.fromString('12345.6789012345678901234') })).toBe(1);
  });

  it('deletes one and many', async () => {
    const leads = ctx.collection('leads');
    expect((await leads.deleteOne({ stage: 'mql' })).deletedCount).toBe(1);
    expect((await leads.deleteMany({ stage: 'mql' })).deletedCount).toBe(9);
    expect((await leads.deleteMany({ stage: 'nope' })).deletedCount).toBe(0);
    expect(await leads.countDocuments()).toBe(20);
  });

  it('matches an _id lookup against the whole filter: a clause in $and, and ids that only look alike', async () => {
    const ids = ctx.collection('idLookups');
    const uuid = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
    await ids.insertMany([
      { _id: 1, n: 'one' },
      { _id: 2, n: 'two' },
      { _id: Long.fromString('9007199254740992'), n: 'two to the 53' },
      { _id: new Binary(uuid, 3), n: 'legacy uuid' },
      { _id: Decimal128.fromString('0.1'), n: 'decimal' },
    ] as never[]);
    // Two _id clauses that cannot both hold: nothing matches, nothing changes.
    expect(await ids.find({ $and: [{ _id: 2 }], _id: 1 } as never).toArray()).toEqual([]);
    expect((await ids.updateOne({ $and: [{ _id: 2 }], _id: 1 } as never, { $set: { touched: true } })).matchedCount).toBe(0);
    expect((await ids.deleteOne({ $and: [{ _id: { $in: [1] } }], _id: { $in: [2] } } as never)).deletedCount).toBe(0);
    // Ids that are equal as JS numbers or bytes but not as BSON values.
    expect(await ids.find({ _id: { $in: [Long.fromString('9007199254740993')] } } as never).toArray()).toEqual([]);
    expect(await ids.find({ _id: new Binary(uuid, 4) } as never).toArray()).toEqual([]);
    expect(await ids.find({ _id: 0.1 } as never).toArray()).toEqual([]);
    // The plain cases still find by id.
    expect((await ids.find({ _id: { $in: [1, 2] }, n: 'two' } as never).toArray()).map((d) => d.n)).toEqual(['two']);
    expect(await ids.countDocuments()).toBe(5);
  });
});
