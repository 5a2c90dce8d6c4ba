import mongoose, { Schema, type Connection } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeContract } from './contract-targets.js';

const accountSchema = new Schema({ name: { type: String, required: true }, tenantId: { type: String, required: true } });
accountSchema.index({ tenantId: 1, name: 1 }, { unique: true });

const leadSchema = new Schema(
  {
    tenantId: { type: String, required: true, index: true },
    email: { type: String, required: true },
    stage: { type: String, default: 'lead' },
    amount: { type: Number, default: 0 },
    account: { type: Schema.Types.ObjectId, ref: 'Account' },
    notes: [String],
  },
  { optimisticConcurrency: true, timestamps: true },
);
leadSchema.index({ tenantId: 1, email: 1 }, { unique: true });
leadSchema.index({ tenantId: 1, amount: -1 });
leadSchema.index({ externalId: 1 }, { unique: true, partialFilterExpression: { externalId: { $exists: true } } });

describeContract('mongoose models', (ctx) => {
  let connection: Connection;
  const models = () => ({ Account: connection.model('Account', accountSchema), Lead: connection.model('Lead', leadSchema) });

  beforeAll(async () => {
    connection = await mongoose.createConnection(ctx.uri, { dbName: `${ctx.dbName}_mongoose` }).asPromise();
    await Promise.all(Object.values(models()).map((model) => model.init()));
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('builds the schema indexes (autoIndex)', async () => {
    const indexes = await models().Lead.listIndexes();
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'externalId_1', 'tenantId_1', 'tenantId_1_amount_-1', 'tenantId_1_email_1'].sort());
    expect(indexes.find((i) => i.name === 'externalId_1')).toMatchObject({ unique: true, partialFilterExpression: { externalId: { $exists: true } } });
  });

  it('creates, finds, sorts, pages, selects and counts', async () => {
    const { Lead } = models();
    await Lead.create(Array.from({ length: 12 }, (_, i) => ({ tenantId: 't1', email: `l${i}@acme.test`, amount: i * 10 })));
    await Lead.create({ tenantId: 't2', email: 'l0@acme.test', amount: 5 });
    const page = await Lead.find({ tenantId: 't1' }).sort({ amount: -1 }).skip(2).limit(3).select('email amount -_id').lean();
    expect(page).toEqual([
      { email: 'l9@acme.test', amount: 90 },
      { email: 'l8@acme.test', amount: 80 },
      { email: 'l7@acme.test', amount: 70 },
    ]);
    expect(await Lead.countDocuments({ tenantId: 't1', amount: { $gte: 50 } })).toBe(7);
    expect((await Lead.distinct('tenantId')).sort()).toEqual(['t1', 't2']);
    const one = await Lead.findOne({ tenantId: 't2' });
    expect(one?.createdAt).toBeInstanceOf(Date);
  });

  it('refuses a duplicate with E11000 and keyValue', async () => {
    const { Lead } = models();
    const error = await Lead.create({ tenantId: 't1', email: 'l1@acme.test' }).catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(11000);
    expect((error as { keyValue?: unknown }).keyValue).toEqual({ tenantId: 't1', email: 'l1@acme.test' });
  });

  it('detects a concurrent save with optimistic concurrency (VersionError)', async () => {
    const { Lead } = models();
    const first = await Lead.findOne({ email: 'l2@acme.test' });
    const second = await Lead.findOne({ email: 'l2@acme.test' });
    if (!first || !second) throw new Error('lead l2 is missing');
    first.stage = 'mql';
    await first.save();
    second.stage = 'sql';
    await expect(second.save()).rejects.toThrow(mongoose.Error.VersionError);
    expect((await Lead.findById(first._id).lean())?.stage).toBe('mql');
  });

  it('findOneAndUpdate with a version filter, $inc and upsert', async () => {
    const { Lead } = models();
    const lead = await Lead.findOne({ email: 'l3@acme.test' }).lean();
    const updated = await Lead.findOneAndUpdate(
      { _id: lead?._id, __v: lead?.__v },
      { $set: { stage: 'sql' }, $inc: { __v: 1 }, $push: { notes: 'called' } },
      { new: true },
    );
    expect(updated?.stage).toBe('sql');
    expect(updated?.notes).toEqual(['called']);
    const stale = await Lead.findOneAndUpdate({ _id: lead?._id, __v: lead?.__v }, { $set: { stage: 'lost' } }, { new: true });
    expect(stale).toBeNull();
    const upserted = await Lead.findOneAndUpdate({ tenantId: 't3', email: 'new@acme.test' }, { $setOnInsert: { amount: 42 } }, { upsert: true, new: true });
    expect(upserted).toMatchObject({ tenantId: 't3', email: 'new@acme.test', amount: 42 });
  });

  it('bulkWrite ordered and unordered, and deletes', async () => {
    const { Lead } = models();
    const result = await Lead.bulkWrite([
      { insertOne: { document: { tenantId: 't4', email: 'a@t4.test' } } },
      { updateOne: { filter: { tenantId: 't4', email: 'a@t4.test' }, update: { $set: { amount: 1 } } } },
      { updateMany: { filter: { tenantId: 't1' }, update: { $inc: { amount: 1 } } } },
    ]);
    expect(result.insertedCount).toBe(1);
    expect(result.matchedCount).toBe(13);
    const unordered = await Lead.bulkWrite(
      [{ insertOne: { document: { tenantId: 't4', email: 'a@t4.test' } } }, { insertOne: { document: { tenantId: 't4', email: 'b@t4.test' } } }],
      { ordered: false },
    ).catch((e: unknown) => e);
    expect((unordered as { code?: number }).code).toBe(11000);
    expect(await Lead.countDocuments({ tenantId: 't4' })).toBe(2);
    expect((await Lead.deleteOne({ tenantId: 't4', email: 'b@t4.test' })).deletedCount).toBe(1);
    expect((await Lead.deleteMany({ tenantId: 't4' })).deletedCount).toBe(1);
  });

  it('aggregates and populates', async () => {
    const { Account, Lead } = models();
    const account = await Account.create({ tenantId: 't1', name: 'Acme' });
    await Lead.updateMany({ tenantId: 't1' }, { $set: { account: account._id } });
    const withAccount = await Lead.findOne({ email: 'l0@acme.test', tenantId: 't1' }).populate<{ account: { name: string } }>('account');
    expect(withAccount?.account.name).toBe('Acme');
    const totals = await Lead.aggregate<{ _id: string; total: number }>([{ $group: { _id: '$tenantId', total: { $sum: '$amount' } } }, { $sort: { _id: 1 } }]);
    expect(totals[0]).toEqual({ _id: 't1', total: 672 });
  });

  it('runs queries inside an explicit session and ends it', async () => {
    const { Lead } = models();
    const session = await connection.startSession();
    const found = await Lead.findOne({ tenantId: 't2' }).session(session);
    expect(found?.email).toBe('l0@acme.test');
    await session.endSession();
  });
});
