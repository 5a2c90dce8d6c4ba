import { beforeEach, expect, it } from 'vitest';
import { describeContract } from './contract-targets.js';

const ids = (docs: Array<{ _id: unknown }>) => docs.map((doc) => doc._id);
/** A cursor's documents, typed loosely: fields named `constructor` clash with TypeScript's `Object.constructor`. */
const rows = (cursor: { toArray(): Promise<unknown[]> }) => cursor.toArray();

describeContract('field names JavaScript objects give a meaning: constructor, __proto__, toString…', (ctx) => {
  const named = () => ctx.collection('named');

  beforeEach(async () => {
    await named().deleteMany({});
    await named().insertMany([
      { _id: 1, constructor: { name: 'x' }, a: 1, tags: ['t'] },
      { _id: 2, meta: { constructor: { name: 'Array' } }, a: 2 },
      { _id: 3, constructor: { name: 5 }, a: 3 },
      { _id: 4, a: 4 },
    ]);
  });

  it('finds documents by a constructor field holding a document with a name, as by any field', async () => {
    const find = async (filter: object, options: object = {}) => ids(await named().find(filter, { sort: { _id: 1 }, ...options }).toArray());
    expect(await find({ constructor: { name: 'x' } })).toEqual([1]);
    expect(await find({ 'constructor.name': 'x' })).toEqual([1]);
    expect(await find({ constructor: { $in: [{ name: 5 }] } })).toEqual([3]);
    expect(await find({ constructor: { $type: 'object' } })).toEqual([1, 3]);
    expect(await find({ meta: { $type: 'object' } })).toEqual([2]);
    expect(await find({ meta: { constructor: { name: 'Array' } } })).toEqual([2]);
    expect(await find({ 'meta.constructor': { $eq: { name: 'Array' } } })).toEqual([2]);
    expect(await find({ $or: [{ 'constructor.name': 5 }, { a: 4 }] })).toEqual([3, 4]);
    expect(await find({ a: { $gte: 2 } })).toEqual([2, 3, 4]);
    expect(await find({ $expr: { $eq: ['$constructor.name', 'x'] } })).toEqual([1]);
    expect(await named().countDocuments({ constructor: { $exists: true } })).toBe(2);
    expect((await named().distinct('constructor.name')).map(String).sort()).toEqual(['5', 'x']);
  });

  it('projects and sorts documents holding a constructor field with a name', async () => {
    expect(await rows(named().find({}, { projection: { 'constructor.name': 1 }, sort: { _id: 1 } }))).toEqual<unknown[]>([
      { _id: 1, constructor: { name: 'x' } },
      { _id: 2 },
      { _id: 3, constructor: { name: 5 } },
      { _id: 4 },
    ]);
    expect(await rows(named().find({}, { projection: { a: 0, tags: 0 }, sort: { a: -1 } }))).toEqual<unknown[]>([
      { _id: 4 },
      { _id: 3, constructor: { name: 5 } },
      { _id: 2, meta: { constructor: { name: 'Array' } } },
      { _id: 1, constructor: { name: 'x' } },
    ]);
    expect(await rows(named().find({ a: { $lt: 3 } }, { projection: { meta: 1, 'constructor.name': 1, _id: 0 } }))).toEqual<unknown[]>([{ constructor: { name: 'x' } }, { meta: { constructor: { name: 'Array' } } }]);
  });

  it('updates, replaces, upserts and deletes documents holding a constructor field with a name', async () => {
    expect((await named().updateOne({ _id: 1 }, { $push: { tags: 'u' } as never })).modifiedCount).toBe(1);
    expect((await named().updateOne({ _id: 1 }, { $rename: { a: 'b' } })).modifiedCount).toBe(1);
    expect((await named().updateOne({ _id: 3 }, { $min: { a: 0 } })).modifiedCount).toBe(1);
    expect((await named().updateOne({ _id: 2 }, { $set: { 'meta.constructor.name': 'Object' }, $addToSet: { tags: 'm' } as never })).modifiedCount).toBe(1);
    const after = await named().findOneAndUpdate({ 'constructor.name': 'x' }, { $push: { tags: 'v' } as never, $set: { 'constructor.kind': 'k' } }, { returnDocument: 'after' });
    expect(after).toEqual({ _id: 1, constructor: { name: 'x', kind: 'k' }, b: 1, tags: ['t', 'u', 'v'] });
    expect((await named().updateMany({ constructor: { $exists: true } }, { $inc: { n: 1 } })).modifiedCount).toBe(2);
    await named().replaceOne({ _id: 4 }, { constructor: { name: 'y' }, a: 4 });
    await named().updateOne({ constructor: { name: 'z' } }, { $set: { a: 9 } }, { upsert: true });
    const upserted = await named().findOne({ constructor: { name: 'z' } });
    expect(upserted).toEqual({ _id: upserted?._id, constructor: { name: 'z' }, a: 9 });
    expect(await rows(named().find({ _id: { $in: [1, 2, 3, 4] } }, { sort: { _id: 1 } }))).toEqual<unknown[]>([
      { _id: 1, constructor: { name: 'x', kind: 'k' }, b: 1, tags: ['t', 'u', 'v'], n: 1 },
      { _id: 2, meta: { constructor: { name: 'Object' } }, a: 2, tags: ['m'] },
      { _id: 3, constructor: { name: 5 }, a: 0, n: 1 },
      { _id: 4, constructor: { name: 'y' }, a: 4 },
    ]);
    expect((await named().deleteMany({ 'constructor.name': { $in: ['x', 5] } })).deletedCount).toBe(2);
    expect(ids(await named().find({}, { sort: { a: 1 } }).toArray())).toEqual<unknown[]>([2, 4, upserted?._id]);
  });
});
