import { Double, Int32, Long, MongoServerError, ObjectId } from 'mongodb';
import { beforeEach, expect, it } from 'vitest';
import { describeContract } from './contract-targets.js';

describeContract('updates, upserts and findAndModify', (ctx) => {
  const records = () => ctx.collection('records');

  beforeEach(async () => {
    await records().deleteMany({});
    await records().insertMany([
      {
        _id: 'r1',
        version: 1,
        stage: 'lead',
        tags: ['a', 'b'],
        score: 10,
        items: [
          { k: 1, v: 1 },
          { k: 2, v: 2 },
        ],
      },
      { _id: 'r2', version: 1, stage: 'lead', tags: ['b'], score: 20, items: [{ k: 1, v: 5 }] },
      { _id: 'r3', version: 4, stage: 'sql', tags: [], score: 30, items: [] },
    ]);
  });

  it('applies $set, $inc, $push, $pull, $addToSet, $unset, $max and $min', async () => {
    await records().updateOne(
      { _id: 'r1' },
      {
        $set: { stage: 'mql', 'owner.name': 'Ana' },
        $inc: { version: 1 },
        $push: { tags: 'c' } as never,
        $unset: { score: '' },
        $max: { high: 5 },
        $min: { low: 3 },
      },
    );
    await records().updateOne({ _id: 'r1' }, { $pull: { tags: 'a' } as never, $max: { high: 2 }, $min: { low: 9 } });
    await records().updateOne({ _id: 'r1' }, { $addToSet: { tags: 'b' } });
    expect(await records().findOne({ _id: 'r1' })).toEqual({
      _id: 'r1',
      version: 2,
      stage: 'mql',
      tags: ['b', 'c'],
      items: [
        { k: 1, v: 1 },
        { k: 2, v: 2 },
      ],
      owner: { name: 'Ana' },
      high: 5,
      low: 3,
    });
  });

  it('refuses two operators on one path (ConflictingUpdateOperators) and changes nothing', async () => {
    const error = await records()
      .updateOne({ _id: 'r1' }, { $pull: { tags: 'a' } as never, $addToSet: { tags: 'c' } })
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(40);
    expect((error as MongoServerError).message).toBe("Updating the path 'tags' would create a conflict at 'tags'");
    expect((await records().findOne({ _id: 'r1' }))?.tags).toEqual(['a', 'b']);
  });

  it('pulls drained outbox entries by _id $in from many records in one updateMany', async () => {
    const outbox = (id: string, n: number) => Array.from({ length: n }, (_, k) => ({ _id: `${id}:${k}`, event: { type: 'moved', k } }));
    await records().insertMany([
      { _id: 'o1', tenantId: 't1', outbox: outbox('o1', 3) },
      { _id: 'o2', tenantId: 't1', outbox: outbox('o2', 2) },
      { _id: 'o3', tenantId: 't1', outbox: [] },
      { _id: 'o4', tenantId: 't2', outbox: outbox('o4', 1) },
    ]);
    const drained = ['o1:0', 'o1:2', 'o2:0', 'o2:1', 'o4:0', 'elsewhere:0'];
    const result = await records().updateMany(
      { tenantId: 't1', _id: { $in: ['o1', 'o2', 'o3', 'o4'] } },
      { $pull: { outbox: { _id: { $in: drained } } } as never },
    );
    expect(result.matchedCount).toBe(3);
    expect(result.modifiedCount).toBe(2);
    const after = await records()
      .find({ _id: { $in: ['o1', 'o2', 'o3', 'o4'] } }, { sort: { _id: 1 }, projection: { outbox: 1 } })
      .toArray();
    expect(after).toEqual([
      { _id: 'o1', outbox: [{ _id: 'o1:1', event: { type: 'moved', k: 1 } }] },
      { _id: 'o2', outbox: [] },
      { _id: 'o3', outbox: [] },
      { _id: 'o4', outbox: outbox('o4', 1) },
    ]);
  });

  it('$pull compares numbers by value across int, double and long, and never a number with a string', async () => {
    await records().insertOne({
      _id: 'n1',
      nums: [new Int32(1), new Double(2.0), Long.fromNumber(3), 4.5, '1'],
      queue: [{ n: Long.fromNumber(7) }, { n: new Double(7) }, { n: '7' }, { m: 7 }],
    });
    const result = await records().updateOne(
      { _id: 'n1' },
      { $pull: { nums: { $in: [Long.fromNumber(1), 2, new Double(3), new Int32(9)] }, queue: { n: new Int32(7) } } as never },
    );
    expect(result.modifiedCount).toBe(1);
    expect(await records().findOne({ _id: 'n1' })).toEqual({ _id: 'n1', nums: [4.5, '1'], queue: [{ n: '7' }, { m: 7 }] });
  });

  it('$pull with a document condition removes only documents, and a value condition only equal values', async () => {
    await records().insertOne({ _id: 'm1', mixed: ['e1', { _id: 'e1' }, { _id: null }, { other: 'e1' }, 'e2', { _id: 'e2' }] });
    await records().updateOne({ _id: 'm1' }, { $pull: { mixed: { _id: { $in: ['e1', 'e9'] } } } as never });
    await records().updateOne({ _id: 'm1' }, { $pull: { mixed: 'e2' } as never });
    expect((await records().findOne({ _id: 'm1' }))?.mixed).toEqual(['e1', { _id: null }, { other: 'e1' }, { _id: 'e2' }]);
  });

  it('$pull that matches nothing, or names a missing field, modifies nothing', async () => {
    const none = await records().updateMany({ _id: { $in: ['r1', 'r2'] } }, { $pull: { items: { k: { $in: [9] } }, tags: 'z' } as never });
    expect(none.matchedCount).toBe(2);
    expect(none.modifiedCount).toBe(0);
    const missing = await records().updateOne({ _id: 'r1' }, { $pull: { outbox: { _id: 'x' }, 'owner.queue': 'x' } as never });
    expect(missing.matchedCount).toBe(1);
    expect(missing.modifiedCount).toBe(0);
    expect(await records().findOne({ _id: 'r1' })).toEqual({
      _id: 'r1',
      version: 1,
      stage: 'lead',
      tags: ['a', 'b'],
      score: 10,
      items: [
        { k: 1, v: 1 },
        { k: 2, v: 2 },
      ],
    });
  });

  it('refuses $pull from a field that is not an array (BadValue) and changes nothing', async () => {
    const error = await records()
      .updateOne({ _id: 'r1' }, { $pull: { stage: 'lead' } as never, $inc: { version: 1 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(2);
    expect((error as MongoServerError).message).toContain('Cannot apply $pull to a non-array value');
    expect(await records().findOne({ _id: 'r1' })).toMatchObject({ version: 1, stage: 'lead' });
  });

  it('refuses a $pull by an operator condition from a field that is not an array (BadValue) and changes nothing', async () => {
    const error = await records()
      .updateOne({ _id: 'r1' }, { $pull: { score: { $gte: 5 } } as never, $inc: { version: 1 } })
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(2);
    expect((error as MongoServerError).message).toContain('Cannot apply $pull to a non-array value');
    expect(await records().findOne({ _id: 'r1' })).toMatchObject({ version: 1, score: 10 });
    const elements = await records()
      .updateOne({ _id: 'r1' }, { $pull: { stage: { k: { $lt: 2 } } } as never })
      .catch((e: unknown) => e);
    expect((elements as MongoServerError).code).toBe(2);
    expect((await records().findOne({ _id: 'r1' }))?.stage).toBe('lead');
  });

  it('stops an updateMany at the document whose field is not an array: those before stay pulled, the rest untouched', async () => {
    await records().insertMany([
      { _id: 'x1', queue: [1, 7] },
      { _id: 'x2', queue: 7 },
      { _id: 'x3', queue: [7, 9] },
    ]);
    const error = await records()
      .updateMany({ _id: { $in: ['x1', 'x2', 'x3'] } }, { $pull: { queue: { $gte: 5 } } as never })
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(2);
    expect(
      await records()
        .find({ _id: { $in: ['x1', 'x2', 'x3'] } }, { sort: { _id: 1 } })
        .toArray(),
    ).toEqual([
      { _id: 'x1', queue: [1] },
      { _id: 'x2', queue: 7 },
      { _id: 'x3', queue: [7, 9] },
    ]);
  });

  it('$pull by an operator or element-field condition compares numbers by value across int, double and long', async () => {
    await records().insertOne({
      _id: 'n2',
      nums: [Long.fromNumber(3), 3, new Double(3.5), new Int32(2), Long.fromNumber(9), 'x'],
      items: [{ qty: Long.fromNumber(1) }, { qty: new Double(1.5) }, { qty: 2 }, { qty: new Int32(1) }, 1],
    });
    const result = await records().updateOne({ _id: 'n2' }, { $pull: { nums: { $lte: Long.fromNumber(3) }, items: { qty: { $lt: new Int32(2) } } } as never });
    expect(result.modifiedCount).toBe(1);
    const after = await records().findOne({ _id: 'n2' }, { promoteLongs: false });
    expect(after).toEqual({ _id: 'n2', nums: [3.5, Long.fromNumber(9), 'x'], items: [{ qty: 2 }, 1] });
    await records().updateOne({ _id: 'n2' }, { $pull: { nums: { $in: [new Double(9)] } } as never });
    expect((await records().findOne({ _id: 'n2' }))?.nums).toEqual([3.5, 'x']);
  });

  it('an inherited JavaScript name (toString, constructor, valueOf, hasOwnProperty) is a field like any other: absent until set', async () => {
    await records().insertOne({ _id: 'p1', a: 1 });
    const absent = await records().updateOne({ _id: 'p1' }, { $unset: { toString: '', constructor: '', 'valueOf.x': '' } });
    expect(absent.matchedCount).toBe(1);
    expect(absent.modifiedCount).toBe(0);
    expect(await records().findOne({ _id: 'p1' })).toEqual({ _id: 'p1', a: 1 });
    const created = await records().updateOne(
      { _id: 'p1' },
      { $inc: { toString: 2 }, $set: { 'constructor.n': 'c' }, $push: { hasOwnProperty: 'h' } as never, $max: { valueOf: 3 } },
    );
    expect(created.modifiedCount).toBe(1);
    expect(await records().findOne({ _id: 'p1' })).toEqual({ _id: 'p1', a: 1, toString: 2, constructor: { n: 'c' }, hasOwnProperty: ['h'], valueOf: 3 });
    const removed = await records().updateOne({ _id: 'p1' }, { $unset: { toString: '', 'constructor.n': '' }, $pull: { hasOwnProperty: 'h' } as never });
    expect(removed.modifiedCount).toBe(1);
    expect(await records().findOne({ _id: 'p1' })).toEqual({ _id: 'p1', a: 1, constructor: {}, hasOwnProperty: [], valueOf: 3 });
    await records().updateOne({ _id: 'p2' }, { $setOnInsert: { toString: 's' }, $inc: { constructor: 1 } }, { upsert: true });
    expect(await records().findOne({ _id: 'p2' })).toEqual({ _id: 'p2', toString: 's', constructor: 1 });
  });

  it('refuses $inc or $mul of a stored value that is not a number and $push, $addToSet or $pop on one that is not an array, changing nothing', async () => {
    await records().updateOne({ _id: 'r1' }, { $set: { meta: { n: null } } });
    const failure = async (update: object) =>
      (await records()
        .updateOne({ _id: 'r1' }, update)
        .catch((e: unknown) => e)) as MongoServerError;
    const cases: Array<{ update: object; code: number; message: string }> = [
      {
        update: { $inc: { stage: 1 } },
        code: 14,
        message: 'Cannot apply $inc to a value of non-numeric type. {_id: "r1"} has the field \'stage\' of non-numeric type string',
      },
      {
        update: { $mul: { 'meta.n': 2 }, $set: { score: 0 } },
        code: 14,
        message: 'Cannot apply $mul to a value of non-numeric type. {_id: "r1"} has the field \'n\' of non-numeric type null',
      },
      { update: { $push: { score: 1 } }, code: 2, message: 'The field \'score\' must be an array but is of type int in document {_id: "r1"}' },
      { update: { $addToSet: { stage: 'x' } }, code: 2, message: "Cannot apply $addToSet to non-array field. Field named 'stage' has non-array type string" },
      { update: { $pop: { 'meta.n': 1 } }, code: 14, message: "Path 'meta.n' contains an element of non-array type 'null'" },
    ];
    for (const { update, code, message } of cases) {
      const error = await failure(update);
      expect(error.code, JSON.stringify(update)).toBe(code);
      // mongod 8.3 puts 'Plan executor error during update' before it; 6.0 to 8.0 do not.
      expect(error.message.replace('Plan executor error during update :: caused by :: ', '')).toBe(message);
    }
    expect(await records().findOne({ _id: 'r1' })).toMatchObject({ stage: 'lead', score: 10, meta: { n: null } });
    const created = await records().updateOne({ _id: 'r1' }, { $inc: { 'meta.m': 1 }, $push: { list: 1 } as never, $addToSet: { set: 1 } as never });
    expect(created.modifiedCount).toBe(1);
    expect(await records().findOne({ _id: 'r1' })).toMatchObject({ meta: { n: null, m: 1 }, list: [1], set: [1] });
  });

  it('answers the parse error of an update that also has a target its operator cannot change, as mongod parses before it applies', async () => {
    const failure = async (update: object) =>
      (await records()
        .updateOne({ _id: 'r1' }, update)
        .catch((e: unknown) => e)) as MongoServerError;
    const renamed = await failure({ $inc: { stage: 1 }, $rename: { score: 2 } });
    expect(renamed.code).toBe(2);
    expect(renamed.message).toBe("The 'to' field for $rename must be a string: score: 2");
    // mongod: BadValue "unknown operator: $foo", from parsing the $pull condition.
    const pulled = await failure({ $push: { stage: 'x' }, $pull: { tags: { $foo: 1 } } });
    expect(pulled.code).toBe(2);
    expect(pulled.message).toContain('$foo');
    expect(await records().findOne({ _id: 'r1' })).toMatchObject({ stage: 'lead', score: 10, tags: ['a', 'b'] });
  });

  it("$pull through positional paths: the query's $, $[] and $[<id>], comparing numbers by value", async () => {
    await records().insertOne({
      _id: 'pp',
      items: [{ k: 1, tags: ['x', 'y'], subs: [{ n: 1 }, { n: 2 }] }, { k: 2, tags: ['x', 'z'], subs: [{ n: Long.fromNumber(1) }, { n: 3 }] }, { k: 3 }],
    });
    const first = await records().updateOne({ _id: 'pp', 'items.k': 2 }, { $pull: { 'items.$.tags': 'x' } as never });
    expect(first.modifiedCount).toBe(1);
    const all = await records().updateOne({ _id: 'pp' }, { $pull: { 'items.$[].tags': { $in: ['x', 'q'] } } as never });
    expect(all.modifiedCount).toBe(1);
    const chosen = await records().updateOne(
      { _id: 'pp' },
      { $pull: { 'items.$[e].subs': { n: new Int32(1) } } as never },
      { arrayFilters: [{ 'e.k': { $gte: Long.fromNumber(2) } }] },
    );
    expect(chosen.modifiedCount).toBe(1);
    const byOperator = await records().updateOne({ _id: 'pp' }, { $pull: { 'items.$[].subs': { n: { $lte: new Double(1) } } } as never, $inc: { version: 1 } });
    expect(byOperator.modifiedCount).toBe(1);
    const none = await records().updateOne({ _id: 'pp' }, { $pull: { 'items.$[].tags': 'q' } as never });
    expect(none.modifiedCount).toBe(0);
    expect(await records().findOne({ _id: 'pp' })).toEqual({
      _id: 'pp',
      items: [{ k: 1, tags: ['y'], subs: [{ n: 2 }] }, { k: 2, tags: ['z'], subs: [{ n: 3 }] }, { k: 3 }],
      version: 1,
    });
  });

  it('refuses a positional $pull as MongoDB does: a target that is not an array, a missing or non-array array, $ without a match', async () => {
    const failure = async (filter: object, update: object) => {
      const error = (await records()
        .updateOne(filter, update)
        .catch((e: unknown) => e)) as MongoServerError;
      // mongod 8.3 puts 'Plan executor error during update' before these; 6.0 to 8.0 do not.
      error.message = error.message.replace('Plan executor error during update :: caused by :: ', '');
      return error;
    };
    const nonArray = await failure({ _id: 'r1' }, { $pull: { 'items.$[].k': 1 } });
    expect(nonArray.code).toBe(2);
    expect(nonArray.message).toContain('Cannot apply $pull to a non-array value');
    const missing = await failure({ _id: 'r1' }, { $pull: { 'missing.$[].tags': 'x' } });
    expect(missing.code).toBe(2);
    expect(missing.message).toBe("The path 'missing' must exist in the document in order to apply array updates.");
    const scalar = await failure({ _id: 'r1' }, { $pull: { 'stage.$[].tags': 'x' } });
    expect(scalar.code).toBe(2);
    expect(scalar.message).toMatch(/^Cannot apply array updates to non-array element stage: /);
    const unmatched = await failure({ _id: 'r1' }, { $pull: { 'items.$.tags': 'x' } });
    expect(unmatched.code).toBe(2);
    expect(unmatched.message).toBe('The positional operator did not find the match needed from the query.');
    const unmatchedSet = await failure({ _id: 'r1' }, { $set: { 'items.$.v': 0 } });
    expect(unmatchedSet.code).toBe(2);
    expect(unmatchedSet.message).toBe('The positional operator did not find the match needed from the query.');
    expect(await records().findOne({ _id: 'r1' })).toMatchObject({
      stage: 'lead',
      items: [
        { k: 1, v: 1 },
        { k: 2, v: 2 },
      ],
    });
  });

  it('applies $pull alongside $set and $inc in one update', async () => {
    const result = await records().updateOne(
      { _id: 'r1', version: 1 },
      { $pull: { items: { k: 1 }, tags: { $in: ['b'] } } as never, $set: { stage: 'sql' }, $inc: { version: 1 } },
    );
    expect(result.modifiedCount).toBe(1);
    expect(await records().findOne({ _id: 'r1' })).toEqual({ _id: 'r1', version: 2, stage: 'sql', tags: ['a'], score: 10, items: [{ k: 2, v: 2 }] });
  });

  it('updates many with multi, and reports matched and modified counts', async () => {
    const result = await records().updateMany({ stage: 'lead' }, { $set: { stage: 'mql' } });
    expect(result.matchedCount).toBe(2);
    expect(result.modifiedCount).toBe(2);
    const again = await records().updateMany({ stage: 'mql' }, { $set: { stage: 'mql' } });
    expect(again.matchedCount).toBe(2);
    expect(again.modifiedCount).toBe(0);
  });

  it('updates the matched array element with positional $ and chosen ones with arrayFilters', async () => {
    await records().updateOne({ _id: 'r1', 'items.k': 2 }, { $set: { 'items.$.v': 20 } });
    await records().updateOne({ _id: 'r1' }, { $inc: { 'items.$[e].v': 100 } }, { arrayFilters: [{ 'e.k': 1 }] });
    expect((await records().findOne({ _id: 'r1' }))?.items).toEqual([
      { k: 1, v: 101 },
      { k: 2, v: 20 },
    ]);
    // An identifier can stand inside $or/$and/$nor of its filter: such an update parses (applying one is mingo's, which cannot).
    const parsed = await records().updateOne({ _id: 'none' }, { $inc: { 'items.$[e].v': 1 } }, { arrayFilters: [{ $or: [{ 'e.k': 1 }, { 'e.v': 20 }] }] });
    expect(parsed.matchedCount).toBe(0);
  });

  it('upserts: equality fields of the query, then the update, with $setOnInsert only on insert', async () => {
    const inserted = await records().updateOne(
      { email: 'new@acme.test', stage: { $eq: 'lead' }, score: { $gt: 1 } },
      { $set: { name: 'New' }, $setOnInsert: { version: 1 } },
      { upsert: true },
    );
    expect(inserted.upsertedCount).toBe(1);
    expect(inserted.upsertedId).toBeInstanceOf(ObjectId);
    const created = await records().findOne({ email: 'new@acme.test' });
    expect(created).toEqual({ _id: inserted.upsertedId, email: 'new@acme.test', stage: 'lead', name: 'New', version: 1 });
    const matched = await records().updateOne({ email: 'new@acme.test' }, { $set: { name: 'Again' }, $setOnInsert: { version: 99 } }, { upsert: true });
    expect(matched.upsertedCount).toBe(0);
    expect((await records().findOne({ email: 'new@acme.test' }))?.version).toBe(1);
  });

  it('upserts with the _id named in $setOnInsert, and refuses one that contradicts the query', async () => {
    const inserted = await records().updateOne(
      { email: 'id@acme.test' },
      { $set: { name: 'Id' }, $setOnInsert: { _id: 'chosen', version: 1 } as never },
      { upsert: true },
    );
    expect(inserted.upsertedId).toBe('chosen');
    expect(await records().findOne({ _id: 'chosen' })).toEqual({ _id: 'chosen', email: 'id@acme.test', name: 'Id', version: 1 });
    const error = await records()
      .updateOne({ _id: 'r8' }, { $setOnInsert: { _id: 'other' } as never }, { upsert: true })
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(66);
    expect(await records().findOne({ _id: { $in: ['r8', 'other'] } })).toBeNull();
  });

  it('upserts a replacement with the _id of the query', async () => {
    const result = await records().replaceOne({ _id: 'r9' }, { stage: 'lead', version: 1 }, { upsert: true });
    expect(result.upsertedId).toBe('r9');
    expect(await records().findOne({ _id: 'r9' })).toEqual({ _id: 'r9', stage: 'lead', version: 1 });
  });

  it('replaces a document, keeping its _id', async () => {
    await records().replaceOne({ _id: 'r2' }, { stage: 'order' });
    expect(await records().findOne({ _id: 'r2' })).toEqual({ _id: 'r2', stage: 'order' });
  });

  it('refuses to change _id (ImmutableField)', async () => {
    const error = await records()
      .updateOne({ _id: 'r1' }, { $set: { _id: 'other' } })
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(66);
    // mongod 8.3 puts 'Plan executor error during update' before it; 6.0 to 8.0 do not.
    expect((error as MongoServerError).message.replace('Plan executor error during update :: caused by :: ', '')).toBe(
      "Performing an update on the path '_id' would modify the immutable field '_id'",
    );
    expect(await records().findOne({ _id: 'r1' })).not.toBeNull();
  });

  it('findOneAndUpdate with a version check: the first writer wins, a stale version matches nothing', async () => {
    const after = await records().findOneAndUpdate({ _id: 'r1', version: 1 }, { $set: { stage: 'mql' }, $inc: { version: 1 } }, { returnDocument: 'after' });
    expect(after).toMatchObject({ _id: 'r1', version: 2, stage: 'mql' });
    const stale = await records().findOneAndUpdate({ _id: 'r1', version: 1 }, { $set: { stage: 'sql' }, $inc: { version: 1 } }, { returnDocument: 'after' });
    expect(stale).toBeNull();
    const racing = await Promise.all(
      Array.from({ length: 10 }, () => records().findOneAndUpdate({ _id: 'r2', version: 1 }, { $inc: { version: 1 } }, { returnDocument: 'after' })),
    );
    expect(racing.filter((r) => r !== null)).toHaveLength(1);
    expect((await records().findOne({ _id: 'r2' }))?.version).toBe(2);
  });

  it('findOneAndUpdate returns the document before by default, honours sort and projection', async () => {
    const before = await records().findOneAndUpdate({ stage: 'lead' }, { $inc: { score: 1 } }, { sort: { score: -1 }, projection: { score: 1 } });
    expect(before).toEqual({ _id: 'r2', score: 20 });
    expect((await records().findOne({ _id: 'r2' }))?.score).toBe(21);
  });

  it('findOneAndUpdate with upsert inserts, and a stale version on an existing _id is a duplicate key', async () => {
    const created = await records().findOneAndUpdate(
      { _id: 'r7', version: 0 },
      { $set: { stage: 'lead' }, $inc: { version: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(created).toEqual({ _id: 'r7', version: 1, stage: 'lead' });
    const error = await records()
      .findOneAndUpdate({ _id: 'r7', version: 0 }, { $inc: { version: 1 } }, { upsert: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(11000);
    expect((error as MongoServerError).codeName).toBe('DuplicateKey');
  });

  it("puts MongoDB 7/8's context before a findAndModify error raised while it updates, not before a parse error", async () => {
    const failure = (run: Promise<unknown>) => run.then(() => undefined).catch((e: unknown) => e as MongoServerError);
    const CONTEXT = 'Plan executor error during findAndModify :: caused by :: ';
    const pulled = await failure(records().findOneAndUpdate({ _id: 'r1' }, { $pull: { score: 1 } as never }));
    expect(pulled?.code).toBe(2);
    expect(pulled?.message).toBe(`${CONTEXT}Cannot apply $pull to a non-array value`);
    const immutable = await failure(records().findOneAndUpdate({ _id: 'r1' }, { $set: { _id: 'other' } }));
    expect(immutable?.code).toBe(66);
    expect(immutable?.message).toBe(`${CONTEXT}Performing an update on the path '_id' would modify the immutable field '_id'`);
    const upserted = await failure(records().findOneAndUpdate({ _id: 'r1', version: 0 }, { $inc: { version: 1 } }, { upsert: true }));
    expect(upserted?.code).toBe(11000);
    expect(upserted?.message.startsWith(`${CONTEXT}E11000 duplicate key error collection: `)).toBe(true);
    const unknown = await failure(records().findOneAndUpdate({ _id: 'r1' }, { $foo: { a: 1 } } as never));
    expect(unknown?.code).toBe(9);
    expect(unknown?.message).toBe('Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array');
    const conflict = await failure(records().findOneAndUpdate({ _id: 'r1' }, { $set: { score: 1 }, $inc: { score: 1 } }));
    expect(conflict?.code).toBe(40);
    expect(conflict?.message.startsWith('Plan executor')).toBe(false);
    // The update command gives the same failure without this context (mongod 8.3 puts 'Plan executor
    // error during update' before it; 6.0 to 8.0 do not).
    const updated = await failure(records().updateOne({ _id: 'r1' }, { $pull: { score: 1 } as never }));
    expect(updated?.message).toMatch(/^(Plan executor error during update :: caused by :: )?Cannot apply \$pull to a non-array value$/);
    expect(await records().findOne({ _id: 'r1' })).toMatchObject({ version: 1, score: 10 });
  });

  it('refuses a malformed update while parsing it, matched or not, with the same error from update, updateMany and findAndModify (no context)', async () => {
    const cases: Array<{ update: object; options?: { arrayFilters: object[] }; code: number; message: string; findAndModifyMessage?: string }> = [
      { update: { $inc: { stage: 'x' } }, code: 14, message: 'Cannot increment with non-numeric argument: {stage: "x"}' },
      { update: { $mul: { score: null } }, code: 14, message: 'Cannot multiply with non-numeric argument: {score: null}' },
      {
        update: { $inc: { score: { by: [1, 'x'], at: {} } } },
        code: 14,
        message: 'Cannot increment with non-numeric argument: {score: { by: [ 1, "x" ], at: {} }}',
      },
      { update: { $set: { 'items.$[e].v': 1 } }, code: 2, message: "No array filter found for identifier 'e' in path 'items.$[e].v'" },
      {
        update: { $set: { 'items.$[e].v': 1 } },
        options: { arrayFilters: [{ 'f.k': 1 }] },
        code: 2,
        message: "No array filter found for identifier 'e' in path 'items.$[e].v'",
      },
      {
        update: { $foo: { a: 1 } },
        code: 9,
        message: 'Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array',
      },
      { update: { $set: 5 }, code: 9, message: 'Modifiers operate on fields but we found type int instead. For example: {$mod: {<field>: ...}} not {$set: 5}' },
      { update: { $set: { score: 1 }, $inc: { 'score.x': 1 } }, code: 40, message: "Updating the path 'score.x' would create a conflict at 'score'" },
      { update: { $set: { stage: 'x' }, $setOnInsert: { stage: 'y' } }, code: 40, message: "Updating the path 'stage' would create a conflict at 'stage'" },
      { update: { $rename: { stage: 1 } }, code: 2, message: "The 'to' field for $rename must be a string: stage: 1" },
      { update: { $rename: { stage: 'stage' } }, code: 2, message: 'The source and target field for $rename must differ: stage: "stage"' },
      { update: { $pullAll: { tags: 'a' } }, code: 2, message: '$pullAll requires an array argument but was given a string' },
      { update: { $push: { tags: { $each: 'a' } } }, code: 2, message: 'The argument to $each in $push must be an array but it was of type: string' },
      { update: { $push: { tags: { $each: ['c'], $sort: { '': 1 } } } }, code: 2, message: 'The $sort field cannot be empty' },
      { update: { $push: { tags: { $each: ['c'], $sort: { 'k.': 1 } } } }, code: 2, message: 'The $sort field is a dotted field but has an empty part: k.' },
      {
        update: { $currentDate: { at: 1 } },
        code: 2,
        message: "int is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).",
      },
      { update: { $set: { 'items.$.$': 1 } }, code: 2, message: "Too many positional (i.e. '$') elements found in path 'items.$.$'" },
      { update: { $pop: { tags: 2 } }, code: 9, message: '$pop expects 1 or -1, found: 2' },
      { update: { $pop: { tags: 'x' } }, code: 9, message: 'Expected a number in: tags: "x"' },
      { update: { $pop: { tags: 1.5 } }, code: 9, message: 'Expected an integer: tags: 1.5' },
      // mongod parses the operators in order: the $pop's argument is refused before the $inc's.
      { update: { $pop: { tags: 2 }, $inc: { score: 'x' } }, code: 9, message: '$pop expects 1 or -1, found: 2' },
      {
        update: { $bit: { score: 5 } },
        code: 2,
        message: 'The $bit modifier is not compatible with a int. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}',
      },
      {
        update: { $bit: { score: { not: 1 } } },
        code: 2,
        message: "The $bit modifier only supports 'and', 'or', and 'xor', not 'not' which is an unknown operator: {not: 1}",
      },
      {
        update: { $bit: { score: { and: 1.5 } } },
        code: 2,
        message: "The $bit modifier field must be an Integer(32/64 bit); a 'double' is not supported here: {and: 1.5}",
      },
      { update: { $bit: { score: {} } }, code: 2, message: 'You must pass in at least one bitwise operation. The format is: {$bit: {field: {and/or/xor: #}}' },
      {
        update: { $set: { 'items.$[f].v': 1, stage: 'x' } },
        options: { arrayFilters: [{ 'f.k': 1 }, { $or: [{ e: 2 }, { e: 3 }] }] },
        code: 9,
        message: 'The array filter for identifier \'e\' was not used in the update { $set: { items.$[f].v: 1, stage: "x" } }',
      },
      // findAndModify refuses this one in its own words (find_and_modify.cpp).
      {
        update: [{ $set: { n: 1 } }],
        options: { arrayFilters: [{ e: 1 }] },
        code: 9,
        message: 'arrayFilters may not be specified for pipeline-style updates',
        findAndModifyMessage: 'Cannot specify arrayFilters and a pipeline update',
      },
    ];
    const failure = (run: Promise<unknown>) => run.then(() => undefined).catch((e: unknown) => e as MongoServerError);
    for (const { update, options, code, message, findAndModifyMessage } of cases) {
      for (const _id of ['r1', 'none']) {
        const label = `${JSON.stringify(update)} on ${_id}`;
        const replies = [
          { error: await failure(records().updateOne({ _id }, update as never, options)), expected: message },
          { error: await failure(records().updateMany({ _id }, update as never, options)), expected: message },
          { error: await failure(records().findOneAndUpdate({ _id }, update as never, options ?? {})), expected: findAndModifyMessage ?? message },
        ];
        for (const { error, expected } of replies) {
          expect(error?.code, label).toBe(code);
          expect(error?.message, label).toBe(expected);
        }
      }
    }
    expect(await records().findOne({ _id: 'r1' })).toMatchObject({ version: 1, stage: 'lead', score: 10, tags: ['a', 'b'] });
    expect(await records().countDocuments({ _id: 'none' })).toBe(0);
  });

  it('findOneAndDelete and findOneAndReplace', async () => {
    const removed = await records().findOneAndDelete({ stage: 'sql' });
    expect(removed?._id).toBe('r3');
    expect(await records().countDocuments({ stage: 'sql' })).toBe(0);
    const replaced = await records().findOneAndReplace({ _id: 'r2' }, { stage: 'won' }, { returnDocument: 'after' });
    expect(replaced).toEqual({ _id: 'r2', stage: 'won' });
  });

  it('applies a pipeline update', async () => {
    await records().updateOne({ _id: 'r1' }, [{ $set: { doubled: { $multiply: ['$score', 2] } } }]);
    expect((await records().findOne({ _id: 'r1' }))?.doubled).toBe(20);
  });

  it('runs bulkWrite ordered and unordered', async () => {
    const result = await records().bulkWrite([
      { insertOne: { document: { _id: 'b1', stage: 'lead' } } },
      { updateOne: { filter: { _id: 'r1' }, update: { $set: { stage: 'sql' } } } },
      { updateMany: { filter: { stage: 'lead' }, update: { $inc: { score: 1 } } } },
      { deleteOne: { filter: { _id: 'r3' } } },
      { replaceOne: { filter: { _id: 'b2' }, replacement: { stage: 'mql' }, upsert: true } },
    ]);
    expect(result.insertedCount).toBe(1);
    expect(result.matchedCount).toBe(3);
    expect(result.deletedCount).toBe(1);
    expect(result.upsertedCount).toBe(1);
    const unordered = await records()
      .bulkWrite([{ insertOne: { document: { _id: 'r1' } } }, { insertOne: { document: { _id: 'b3' } } }], { ordered: false })
      .catch((e: { code?: number; result?: { insertedCount: number } }) => e);
    expect((unordered as { code?: number }).code).toBe(11000);
    expect(await records().countDocuments({ _id: 'b3' })).toBe(1);
    const ordered = await records()
      .bulkWrite([{ insertOne: { document: { _id: 'r1' } } }, { insertOne: { document: { _id: 'b4' } } }], { ordered: true })
      .catch((e: { code?: number }) => e);
    expect((ordered as { code?: number }).code).toBe(11000);
    expect(await records().countDocuments({ _id: 'b4' })).toBe(0);
  });
});
