import { MongoClient, MongoServerError, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../src/index.js';

// Behaviour that is the embedded store's own, where a real MongoDB would differ by configuration.
describe('embedded store: refusals and fairness', () => {
  let mongo: EmbeddedMongo;
  let client: MongoClient;
  const leads = () => client.db('app').collection<Document>('leads');

  beforeAll(async () => {
    mongo = await startEmbeddedMongo({ inMemory: true });
    client = new MongoClient(mongo.uri);
    await client.connect();
    await leads().insertMany([
      { _id: 1, amount: 5 },
      { _id: 2, amount: 50 },
    ] as Document[]);
  });

  afterAll(async () => {
    await client.close();
    await mongo.close();
  });

  /** Sends a ping right after a long operation has started; returns which answer came first. */
  async function answerOrder(long: Promise<unknown[]>): Promise<string[]> {
    const order: string[] = [];
    const longDone = long.then((rows) => order.push(`long:${rows.length}`));
    // Sent after the long operation: served between its chunks, so it is answered first.
    await new Promise((resolve) => setImmediate(resolve));
    const ping = client
      .db('admin')
      .command({ ping: 1 })
      .then(() => order.push('ping'));
    await Promise.all([longDone, ping]);
    return order;
  }

  it('never executes tenant-supplied code: $where, $function and $accumulator are refused', async () => {
    const where = await leads()
      .find({ $where: 'this.amount > 10' })
      .toArray()
      .catch((e: unknown) => e);
    expect(where).toBeInstanceOf(MongoServerError);
    expect((where as MongoServerError).codeName).toBe('BadValue');
    expect((where as MongoServerError).message).toMatch(/\$where/);
    const fn = await leads()
      .aggregate([{ $set: { x: { $function: { body: 'function () { return 1 }', args: [], lang: 'js' } } } }])
      .toArray()
      .catch((e: unknown) => e);
    expect((fn as MongoServerError).codeName).toBe('BadValue');
    const accumulator = await leads()
      .aggregate([
        {
          $group: {
            _id: null,
            x: {
              $accumulator: {
                init: 'function () { return 0 }',
                accumulate: 'function (s) { return s }',
                accumulateArgs: [],
                merge: 'function (a) { return a }',
                lang: 'js',
              },
            },
          },
        },
      ])
      .toArray()
      .catch((e: unknown) => e);
    expect((accumulator as MongoServerError).codeName).toBe('BadValue');
  });

  it('refuses $out and $merge, which would write through an aggregation', async () => {
    const out = await leads()
      .aggregate([{ $out: 'copy' }])
      .toArray()
      .catch((e: unknown) => e);
    expect((out as MongoServerError).message).toMatch(/\$out is not supported/);
    expect(await client.db('app').listCollections({ name: 'copy' }).toArray()).toEqual([]);
  });

  it('refuses index types it cannot serve (text, hashed, 2dsphere) and creates nothing', async () => {
    const error = await leads()
      .createIndex({ notes: 'text' })
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(67);
    expect((error as MongoServerError).message).toContain('field \'notes\' has type "text"');
    expect((await leads().listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('answers other clients while a long unindexed scan runs', async () => {
    const big = client.db('app').collection<Document>('big');
    const docs = Array.from({ length: 40_000 }, (_, i) => ({ _id: i, text: `row ${i}`, n: i % 97 })) as Document[];
    for (let i = 0; i < docs.length; i += 10_000) await big.insertMany(docs.slice(i, i + 10_000));
    // Two pooled connections, so the ping below does not wait for a new connection's handshake.
    await Promise.all([client.db('admin').command({ ping: 1 }), client.db('admin').command({ ping: 1 })]);
    const order = await answerOrder(big.find({ text: { $regex: 'row 3999' }, n: { $gte: 0 } }).toArray());
    expect(order).toEqual(['ping', 'long:11']);
  });

  it('answers other clients while a long aggregation runs', async () => {
    const big = client.db('app').collection<Document>('big');
    expect(await big.estimatedDocumentCount()).toBe(40_000);
    const order = await answerOrder(
      big.aggregate([{ $project: { text: 1, bucket: { $mod: ['$n', 7] } } }, { $group: { _id: '$bucket', n: { $sum: 1 } } }]).toArray(),
    );
    expect(order).toEqual(['ping', 'long:7']);
  });
});

describe('embedded store: answering like an older MongoDB (withoutCommands, unsupportedCommands)', () => {
  let mongo: EmbeddedMongo;
  let client: MongoClient;

  beforeAll(async () => {
    mongo = await startEmbeddedMongo({ inMemory: true, withoutCommands: ['bulkWrite'], unsupportedCommands: ['distinct'] });
    client = new MongoClient(mongo.uri);
    await client.connect();
  });

  afterAll(async () => {
    await client.close();
    await mongo.close();
  });

  it('answers a left-out command as MongoDB before 8.0 answers bulkWrite (CommandNotFound), and serves the rest', async () => {
    const refused = await client
      .db('admin')
      .command({ bulkWrite: 1, ops: [{ insert: 0, document: { _id: 1 } }], nsInfo: [{ ns: 'app.leads' }] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MongoServerError);
    expect(refused).toMatchObject({ code: 59, codeName: 'CommandNotFound', message: "no such command: 'bulkWrite'" });
    expect(await client.db('app').collection('leads').countDocuments()).toBe(0);
    await client
      .db('app')
      .collection<Document>('leads')
      .insertOne({ _id: 2 } as Document);
    expect(await client.db('app').collection('leads').countDocuments()).toBe(1);
  });

  it('refuses an unsupported command as MongoDB 8.0 at feature compatibility 7.0 refuses bulkWrite (CommandNotSupported)', async () => {
    const refused = await client
      .db('app')
      .command({ distinct: 'leads', key: '_id' })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 115,
      codeName: 'CommandNotSupported',
      message: "distinct is not supported at this server's feature compatibility version",
    });
  });
});
