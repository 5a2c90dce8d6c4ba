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
    const find = async (filter: object, options: object = {}) =>
      ids(
        await named()
          .find(filter, { sort: { _id: 1 }, ...options })
          .toArray(),
      );
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
    expect(await rows(named().find({ a: { $lt: 3 } }, { projection: { meta: 1, 'constructor.name': 1, _id: 0 }, sort: { a: 1 } }))).toEqual<unknown[]>([
      { constructor: { name: 'x' } },
      { meta: { constructor: { name: 'Array' } } },
    ]);
  });

  it('updates, replaces, upserts and deletes documents holding a constructor field with a name', async () => {
    expect((await named().updateOne({ _id: 1 }, { $push: { tags: 'u' } as never })).modifiedCount).toBe(1);
    expect((await named().updateOne({ _id: 1 }, { $rename: { a: 'b' } })).modifiedCount).toBe(1);
    expect((await named().updateOne({ _id: 3 }, { $min: { a: 0 } })).modifiedCount).toBe(1);
    expect((await named().updateOne({ _id: 2 }, { $set: { 'meta.constructor.name': 'Object' }, $addToSet: { tags: 'm' } as never })).modifiedCount).toBe(1);
    const after = await named().findOneAndUpdate(
      { 'constructor.name': 'x' },
      { $push: { tags: 'v' } as never, $set: { 'constructor.kind': 'k' } },
      { returnDocument: 'after' },
    );
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
    expect(
      ids(
        await named()
          .find({}, { sort: { a: 1 } })
          .toArray(),
      ),
    ).toEqual<unknown[]>([2, 4, upserted?._id]);
  });
});

describeContract('field names JavaScript objects inherit (toString, constructor, hasOwnProperty, __proto__, valueOf) in queries', (ctx) => {
  const inherited = () => ctx.collection('inherited');
  const NAMES = ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf'] as const;

  beforeEach(async () => {
    await inherited().deleteMany({});
    await inherited().insertMany([
      { _id: 1, a: { b: 1 }, s: 'str' },
      { _id: 2, toString: 1, a: { toString: 1 } },
      { _id: 3, a: [{ b: 1 }, { valueOf: 2 }] },
      // A computed key defines an own field named __proto__, as a decoded BSON document has it.
      { _id: 4, ['__proto__']: { y: 1 } },
    ]);
  });

  it('matches such a name only where the document has the field: $exists, null, $ne, $type, dotted paths', async () => {
    const find = async (filter: object) =>
      ids(
        await inherited()
          .find(filter, { sort: { _id: 1 } })
          .toArray(),
      );
    const holders: Record<(typeof NAMES)[number], number[]> = { toString: [2], constructor: [], hasOwnProperty: [], __proto__: [4], valueOf: [] };
    for (const name of NAMES) {
      const others = [1, 2, 3, 4].filter((id) => !holders[name].includes(id));
      expect(await find({ [name]: { $exists: true } }), name).toEqual(holders[name]);
      expect(await find({ [name]: { $exists: false } }), name).toEqual(others);
      expect(await find({ [name]: null }), name).toEqual(others);
      expect(await find({ [name]: { $ne: 1 } }), name).toEqual(name === 'toString' ? [1, 3, 4] : [1, 2, 3, 4]);
      expect(await find({ [name]: { $type: 'object' } }), name).toEqual(name === '__proto__' ? [4] : []);
      expect(await find({ [`a.${name}`]: { $exists: true } }), name).toEqual(name === 'toString' ? [2] : name === 'valueOf' ? [3] : []);
      expect(await find({ [`a.${name}`]: { $exists: false } }), name).toEqual(name === 'toString' ? [1, 3, 4] : name === 'valueOf' ? [1, 2, 4] : [1, 2, 3, 4]);
      expect(await find({ [`a.${name}`]: 1 }), name).toEqual(name === 'toString' ? [2] : []);
      expect(await find({ [`s.${name}`]: { $exists: true } }), name).toEqual([]);
      expect(await inherited().countDocuments({ [name]: { $exists: true } }), name).toBe(holders[name].length);
    }
    expect(await find({ '__proto__.y': 1 })).toEqual([4]);
    expect(await find({ $expr: { $eq: [{ $type: '$toString' }, 'missing'] } })).toEqual([1, 3, 4]);
    expect(await inherited().distinct('valueOf')).toEqual([]);
    expect(await inherited().distinct('a.valueOf')).toEqual([2]);
  });

  it('projects such a name only where the document has the field', async () => {
    const project = (projection: object) => rows(inherited().find({}, { projection, sort: { _id: 1 } }));
    expect(await project({ toString: 1 })).toEqual<unknown[]>([{ _id: 1 }, { _id: 2, toString: 1 }, { _id: 3 }, { _id: 4 }]);
    expect(await project({ toString: 1, 'a.valueOf': 1 })).toEqual<unknown[]>([
      { _id: 1, a: {} },
      { _id: 2, toString: 1, a: {} },
      { _id: 3, a: [{}, { valueOf: 2 }] },
      { _id: 4 },
    ]);
    const proto = (await project({ ['__proto__']: 1, constructor: 1 })) as object[];
    expect(proto.map((doc) => Object.entries(doc))).toEqual([
      [['_id', 1]],
      [['_id', 2]],
      [['_id', 3]],
      [
        ['_id', 4],
        ['__proto__', { y: 1 }],
      ],
    ]);
  });

  it('sets and unsets a field named __proto__ as any other', async () => {
    const find = async (filter: object) =>
      ids(
        await inherited()
          .find(filter, { sort: { _id: 1 } })
          .toArray(),
      );
    const set = await inherited().updateOne({ _id: 1 }, { $set: { ['__proto__']: { y: 2 }, 'a.__proto__': 1 } });
    expect(set.modifiedCount).toBe(1);
    expect(await find({ '__proto__.y': 2 })).toEqual([1]);
    expect(await find({ 'a.__proto__': 1 })).toEqual([1]);
    const unset = await inherited().updateOne({ _id: 4 }, { $unset: { ['__proto__']: '' } });
    expect(unset.modifiedCount).toBe(1);
    expect(await find({ ['__proto__']: { $exists: true } })).toEqual([1]);
    const stored = (await rows(inherited().find({ _id: 1 })))[0] as { a: object };
    expect(Object.entries(stored.a)).toEqual([
      ['b', 1],
      ['__proto__', 1],
    ]);
  });

  it('renames a field to and from __proto__ and other inherited names as any other', async () => {
    const renamed = await inherited().updateOne({ _id: 1 }, { $rename: { s: '__proto__', 'a.b': 'a.constructor' } });
    expect(renamed.modifiedCount).toBe(1);
    const [stored] = (await rows(inherited().find({ _id: 1 }))) as Array<{ a: object }>;
    expect(Object.entries(stored as object)).toEqual([
      ['_id', 1],
      ['a', { constructor: 1 }],
      ['__proto__', 'str'],
    ]);
    expect(Object.entries((stored as { a: object }).a)).toEqual([['constructor', 1]]);
    const back = await inherited().updateOne({ _id: 1 }, { $rename: { ['__proto__']: 'p', 'a.constructor': 'toString' } });
    expect(back.modifiedCount).toBe(1);
    expect(Object.entries((await rows(inherited().find({ _id: 1 })))[0] as object)).toEqual([
      ['_id', 1],
      ['a', {}],
      ['p', 'str'],
      ['toString', 1],
    ]);
  });

  it('indexes such a name as missing where the document lacks the field', async () => {
    const indexed = ctx.collection('inherited_indexed');
    await indexed.createIndex({ valueOf: 1 }, { unique: true, sparse: true });
    await indexed.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3, valueOf: 1 }]);
    expect(ids(await indexed.find({ valueOf: { $gte: 0 } }).toArray())).toEqual([3]);
    const error = await indexed.insertOne({ _id: 4, valueOf: 1 }).catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(11000);
  });
});
