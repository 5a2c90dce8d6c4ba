import { BSON, MongoServerError } from 'mongodb';
import { beforeEach, expect, it } from 'vitest';
import { describeContract } from './contract-targets.js';

/** MongoDB's largest document (BSONObjMaxUserSize). */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
/** The largest BSON object mongod reads off the wire (BSONObjMaxInternalSize). */
const MAX_WIRE_OBJECT_BYTES = MAX_DOCUMENT_BYTES + 16 * 1024;
/** MongoDB 6.0–8.0 refuse an update past the limit with 17419; later versions say BSONObjectTooLarge (10334). */
const UPDATE_TOO_LARGE_CODES = [17419, 10334];

/** A document `{ _id, s }` of exactly `bytes` of BSON. */
function documentOfSize(id: string, bytes: number): { _id: string; s: string } {
  return { _id: id, s: 'x'.repeat(bytes - BSON.calculateObjectSize({ _id: id, s: '' })) };
}

async function failure(write: Promise<unknown>): Promise<MongoServerError> {
  const error = await write.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

describeContract('the 16 MiB document limit', (ctx) => {
  const docs = () => ctx.collection('sized');
  /** The length of `s` and the other fields of a stored document, without reading its 16 MB back. */
  const stored = (id: string) =>
    docs()
      .aggregate([{ $match: { _id: id } }, { $project: { s: 0 } }])
      .toArray();
  const length = async (id: string) =>
    (
      await docs()
        .aggregate([{ $match: { _id: id } }, { $project: { n: { $strLenBytes: '$s' } } }])
        .toArray()
    )[0]?.n;

  beforeEach(async () => {
    await docs().deleteMany({});
  });

  it('reports 16 MiB as maxBsonObjectSize', async () => {
    expect((await ctx.db().admin().command({ hello: 1 })).maxBsonObjectSize).toBe(MAX_DOCUMENT_BYTES);
  });

  it('stores a document of exactly 16 MiB, and grows one to exactly 16 MiB', async () => {
    await docs().insertOne(documentOfSize('max', MAX_DOCUMENT_BYTES));
    expect(await length('max')).toBe(documentOfSize('max', MAX_DOCUMENT_BYTES).s.length);
    const almost = documentOfSize('grown', MAX_DOCUMENT_BYTES - 7);
    await docs().insertOne(almost);
    // { n: <int32> } is 7 bytes of BSON.
    const result = await docs().updateOne({ _id: 'grown' }, { $set: { n: 1 } });
    expect(result.modifiedCount).toBe(1);
    expect(await stored('grown')).toEqual([{ _id: 'grown', n: 1 }]);
  });

  it('refuses an insert one byte over 16 MiB (BadValue, object to insert too large) and stores nothing', async () => {
    const error = await failure(docs().insertOne(documentOfSize('over', MAX_DOCUMENT_BYTES + 1)));
    expect(error.code).toBe(2);
    expect(error.message).toContain(`object to insert too large. size in bytes: ${MAX_DOCUMENT_BYTES + 1}, max size: ${MAX_DOCUMENT_BYTES}`);
    expect(await docs().countDocuments({})).toBe(0);
  });

  it('refuses an insert of ~17 MB, over what the server reads at all (BSONObjectTooLarge), and stores nothing', async () => {
    const error = await failure(docs().insertOne(documentOfSize('huge', 17_000_000)));
    expect(error.code).toBe(10334);
    // The object named is the command carrying the document (the driver sends it in the body), so a little larger.
    expect(error.message).toMatch(
      new RegExp(`^BSONObj size: \\d+ \\(0x[0-9A-F]+\\) is invalid\\. Size must be between 0 and ${MAX_WIRE_OBJECT_BYTES}\\(16MB\\) First element: `),
    );
    expect(await docs().countDocuments({})).toBe(0);
  });

  it('refuses a $set or $push that grows a 15.9 MB document past 16 MiB, and leaves it unchanged', async () => {
    await docs().insertOne({ ...documentOfSize('big', 15_900_000), list: [] });
    const pad = 'y'.repeat(900_000);
    const set = await failure(docs().updateOne({ _id: 'big' }, { $set: { pad }, $inc: { n: 1 } }));
    expect(UPDATE_TOO_LARGE_CODES).toContain(set.code);
    expect(set.message).toContain(`Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`);
    const push = await failure(docs().updateOne({ _id: 'big' }, { $push: { list: { $each: [pad] } } as never }));
    expect(UPDATE_TOO_LARGE_CODES).toContain(push.code);
    const found = await failure(docs().findOneAndUpdate({ _id: 'big' }, { $set: { pad } }));
    expect(UPDATE_TOO_LARGE_CODES).toContain(found.code);
    expect(found.message).toContain(`Resulting document after update is larger than ${MAX_DOCUMENT_BYTES}`);
    expect(await stored('big')).toEqual([{ _id: 'big', list: [] }]);
    expect(await length('big')).toBe(documentOfSize('big', 15_900_000).s.length);
  });

  it('refuses a small update of a document just under the limit once it would pass it', async () => {
    await docs().insertOne(documentOfSize('edge', MAX_DOCUMENT_BYTES - 100));
    await docs().updateOne({ _id: 'edge' }, { $inc: { n: 1 } });
    await docs().updateOne({ _id: 'edge' }, { $inc: { n: 1 } });
    const error = await failure(docs().updateOne({ _id: 'edge' }, { $set: { tail: 'z'.repeat(100) } }));
    expect(UPDATE_TOO_LARGE_CODES).toContain(error.code);
    expect(await stored('edge')).toEqual([{ _id: 'edge', n: 2 }]);
  });

  it('refuses a replacement over 16 MiB and keeps the document', async () => {
    await docs().insertOne({ _id: 'small', v: 1 });
    const replaced = await failure(docs().replaceOne({ _id: 'small' }, { s: documentOfSize('small', MAX_DOCUMENT_BYTES + 1).s, more: 1 }));
    expect(UPDATE_TOO_LARGE_CODES).toContain(replaced.code);
    expect(await stored('small')).toEqual([{ _id: 'small', v: 1 }]);
  });

  it('refuses an upsert that would insert a document over 16 MiB (17420) and inserts nothing', async () => {
    const error = await failure(docs().updateOne({ _id: 'new' }, { $set: { s: documentOfSize('new', MAX_DOCUMENT_BYTES + 1).s } }, { upsert: true }));
    expect(error.code).toBe(17420);
    expect(error.message).toContain(`Document to upsert is larger than ${MAX_DOCUMENT_BYTES}`);
    expect(await docs().countDocuments({})).toBe(0);
  });
});
