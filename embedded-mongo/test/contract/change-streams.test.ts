import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/index.js';
import { describeContract, type LooseDocument } from './contract-targets.js';

// The driver mongoose 9 bundles, which the api uses.
const { MongoClient, MongoServerError, Timestamp } = mongoose.mongo;
type ChangeStream = mongoose.mongo.ChangeStream<LooseDocument, LooseDocument>;
type Collection = mongoose.mongo.Collection<LooseDocument>;

/** What a standalone mongod answers `$changeStream` with ("only supported on replica sets"). */
const STANDALONE_REFUSES_CHANGE_STREAMS = 40573;
/** MongoDB's ChangeStreamHistoryLost. */
const CHANGE_STREAM_HISTORY_LOST = 286;
const FIRST_MAJOR_WITH_BULK_WRITE = 8;
/** How long a waiting stream's getMore may wait in these tests: long enough that it is still waiting when the change comes. */
const LONG_AWAIT_MS = 5_000;
const LATE_INSERT_DELAY_MS = 200;

/** How long getMores wait in most tests (the driver's tryNext waits this long once while opening). */
const SHORT_AWAIT_MS = 100;

/** Opens a stream (the driver sends its aggregate lazily) so that only later changes are seen. */
async function opened(stream: ChangeStream): Promise<ChangeStream> {
  expect(await stream.tryNext()).toBeNull();
  return stream;
}

async function nextChanges(stream: ChangeStream, count: number): Promise<LooseDocument[]> {
  const changes: LooseDocument[] = [];
  while (changes.length < count) changes.push(await stream.next());
  return changes;
}

async function openCursorCount(client: mongoose.mongo.MongoClient): Promise<number> {
  const status = await client.db('admin').command({ serverStatus: 1 });
  return Number(status.metrics.cursor.open.total);
}

describeContract('change streams (collection.watch)', (ctx) => {
  let skipReason: string | undefined;
  const streams: ChangeStream[] = [];
  const watch = (collection: Collection, pipeline: LooseDocument[] = [], options: mongoose.mongo.ChangeStreamOptions = {}) => {
    const stream = collection.watch<LooseDocument, LooseDocument>(pipeline, { maxAwaitTimeMS: SHORT_AWAIT_MS, ...options });
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    if (ctx.target !== 'mongodb') return;
    const probe = ctx.collection('cs_probe').watch();
    const error = await probe.tryNext().catch((e: unknown) => e);
    await probe.close();
    if (error instanceof MongoServerError && error.code === STANDALONE_REFUSES_CHANGE_STREAMS) {
      skipReason = `the MongoDB at MONGODB_URI refuses change streams (${error.code}: ${error.message}); it must be a replica set`;
      console.log(`[contract] "change streams" against mongodb are skipped: ${skipReason}`);
    }
  });

  afterAll(async () => {
    for (const stream of streams) await stream.close();
  });

  it('sees an insert made after the stream opened, with fullDocument, ns, documentKey, clusterTime, wallTime and a resume token', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_insert');
    await collection.insertOne({ _id: 'before', n: 0 });
    const stream = await opened(watch(collection));
    await collection.insertOne({ _id: 'after', n: 1 });
    const change = await stream.next();
    expect(change).toMatchObject({
      operationType: 'insert',
      fullDocument: { _id: 'after', n: 1 },
      ns: { db: ctx.dbName, coll: 'cs_insert' },
      documentKey: { _id: 'after' },
    });
    expect(change.clusterTime).toBeInstanceOf(Timestamp);
    expect(change.wallTime).toBeInstanceOf(Date);
    expect(typeof change._id._data).toBe('string');
    expect(stream.resumeToken).toEqual(change._id);
  });

  it('sees updates (updatedFields, removedFields), replacements and deletes with their documentKey, in the order they were applied', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_kinds');
    await collection.insertOne({ _id: 1, stage: 'lead', owner: 'ana', note: 'x' });
    const stream = await opened(watch(collection));
    await collection.updateOne({ _id: 1 }, { $set: { stage: 'mql' }, $unset: { note: '' } });
    await collection.replaceOne({ _id: 1 }, { stage: 'sql' });
    await collection.deleteOne({ _id: 1 });
    const [update, replace, remove] = await nextChanges(stream, 3);
    expect(update).toMatchObject({
      operationType: 'update',
      documentKey: { _id: 1 },
      updateDescription: { updatedFields: { stage: 'mql' }, removedFields: ['note'] },
    });
    expect(update.fullDocument).toBeUndefined();
    expect(replace).toMatchObject({ operationType: 'replace', documentKey: { _id: 1 }, fullDocument: { _id: 1, stage: 'sql' } });
    expect(remove).toMatchObject({ operationType: 'delete', documentKey: { _id: 1 } });
    expect(remove.fullDocument).toBeUndefined();
    const tokens = [update, replace, remove].map((change) => change._id._data as string);
    expect([...tokens].sort()).toEqual(tokens);
  });

  it("gives an update's document after it with fullDocument: 'updateLookup', and sees findOneAndUpdate, upserts and deleteMany", async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_lookup');
    await collection.insertMany([
      { _id: 1, v: 1 },
      { _id: 2, v: 1 },
    ]);
    const stream = await opened(watch(collection, [], { fullDocument: 'updateLookup' }));
    await collection.findOneAndUpdate({ _id: 1 }, { $inc: { v: 1 } });
    await collection.updateOne({ _id: 3 }, { $set: { v: 9 } }, { upsert: true });
    await collection.deleteMany({ v: 1 });
    const changes = await nextChanges(stream, 3);
    expect(changes.map((change) => [change.operationType, change.documentKey._id])).toEqual([
      ['update', 1],
      ['insert', 3],
      ['delete', 2],
    ]);
    expect(changes[0].fullDocument).toEqual({ _id: 1, v: 2 });
    expect(changes[1].fullDocument).toEqual({ _id: 3, v: 9 });
  });

  it('filters with $match on operationType and on fullDocument fields', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_match');
    const inserts = await opened(watch(collection, [{ $match: { operationType: 'insert' } }]));
    const won = await opened(watch(collection, [{ $match: { 'fullDocument.stage': 'won' } }]));
    await collection.insertOne({ _id: 'a', stage: 'lead' });
    await collection.updateOne({ _id: 'a' }, { $set: { stage: 'won' } });
    await collection.insertOne({ _id: 'b', stage: 'won' });
    const seen = await nextChanges(inserts, 2);
    expect(seen.map((change) => change.documentKey._id)).toEqual(['a', 'b']);
    const winning = await won.next();
    expect(winning).toMatchObject({ operationType: 'insert', documentKey: { _id: 'b' } });
    expect(await won.tryNext()).toBeNull();
  });

  it('sees the changes another client (another connection) makes, and two streams on one collection both see every change', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_other_client');
    const first = await opened(watch(collection));
    const second = await opened(watch(collection));
    const other = new MongoClient(ctx.uri);
    try {
      const elsewhere = other.db(ctx.dbName).collection<LooseDocument>('cs_other_client');
      await elsewhere.insertOne({ _id: 'x' });
      await elsewhere.updateOne({ _id: 'x' }, { $set: { seen: true } });
    } finally {
      await other.close();
    }
    for (const stream of [first, second]) {
      const changes = await nextChanges(stream, 2);
      expect(changes.map((change) => [change.operationType, change.documentKey._id])).toEqual([
        ['insert', 'x'],
        ['update', 'x'],
      ]);
    }
  });

  it('sees the inserts and updates of the client-level bulkWrite', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    if (ctx.target === 'mongodb') {
      const info = await ctx.client.db('admin').command({ buildInfo: 1 });
      const major = (info.versionArray as number[])[0] ?? 0;
      skip(major < FIRST_MAJOR_WITH_BULK_WRITE, `the MongoDB at MONGODB_URI is ${String(info.version)}; bulkWrite needs 8.0`);
    }
    const collection = ctx.collection('cs_bulk');
    await collection.insertOne({ _id: 'r1', version: 1 });
    const stream = await opened(watch(collection));
    const ns = `${ctx.dbName}.cs_bulk`;
    const models: mongoose.mongo.AnyClientBulkWriteModel<LooseDocument>[] = [
      { namespace: ns, name: 'insertOne', document: { _id: 'r2', version: 1 } },
      { namespace: ns, name: 'updateOne', filter: { _id: 'r1', version: 1 }, update: { $set: { version: 2 } } },
      { namespace: `${ctx.dbName}.cs_bulk_elsewhere`, name: 'insertOne', document: { _id: 'other' } },
      { namespace: ns, name: 'deleteOne', filter: { _id: 'r2' } },
    ];
    await ctx.client.bulkWrite(models);
    const changes = await nextChanges(stream, 3);
    expect(changes.map((change) => [change.operationType, change.documentKey._id])).toEqual([
      ['insert', 'r2'],
      ['update', 'r1'],
      ['delete', 'r2'],
    ]);
    expect(changes[1].updateDescription.updatedFields).toEqual({ version: 2 });
  });

  it('wakes a stream waiting in next() for a change inserted 200 ms later, while other clients are answered', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_wait');
    const stream = watch(collection, [], { maxAwaitTimeMS: LONG_AWAIT_MS });
    const getMoreStarted = new Promise<void>((resolve) => {
      const listener = (event: mongoose.mongo.CommandStartedEvent) => {
        if (event.commandName !== 'getMore' || event.command.collection !== 'cs_wait') return;
        ctx.client.off('commandStarted', listener);
        resolve();
      };
      ctx.client.on('commandStarted', listener);
    });
    let arrived = false;
    // next() opens the stream (aggregate) and then waits in a getMore.
    const waiting = stream.next().then((change) => {
      arrived = true;
      return change;
    });
    await getMoreStarted;
    const other = new MongoClient(ctx.uri);
    try {
      const elsewhere = other.db(ctx.dbName).collection<LooseDocument>('cs_wait');
      // The getMore is waiting now; another client's reads and writes are still served.
      expect(await elsewhere.countDocuments()).toBe(0);
      await other.db(ctx.dbName).collection<LooseDocument>('cs_wait_unwatched').insertOne({ _id: 1 });
      expect(arrived).toBe(false);
      await sleep(LATE_INSERT_DELAY_MS);
      await elsewhere.insertOne({ _id: 'late' });
    } finally {
      await other.close();
    }
    expect(await waiting).toMatchObject({ operationType: 'insert', documentKey: { _id: 'late' } });
  });

  it('answers tryNext() with null once the await time runs out, keeps the stream open, and returns later changes', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_idle');
    const stream = await opened(watch(collection));
    expect(await stream.tryNext()).toBeNull();
    expect(stream.closed).toBe(false);
    await collection.insertOne({ _id: 'later' });
    expect(await stream.next()).toMatchObject({ documentKey: { _id: 'later' } });
  });

  it('resumes right after a change with resumeAfter and with startAfter', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_resume');
    const stream = await opened(watch(collection));
    await collection.insertMany([{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }]);
    const [first] = await nextChanges(stream, 3);
    await stream.close();
    const resumed = watch(collection, [], { resumeAfter: first._id });
    expect((await nextChanges(resumed, 2)).map((change) => change.documentKey._id)).toEqual(['b', 'c']);
    await collection.insertOne({ _id: 'd' });
    expect(await resumed.next()).toMatchObject({ documentKey: { _id: 'd' } });
    await resumed.close();
    const started = watch(collection, [], { startAfter: first._id });
    expect((await nextChanges(started, 3)).map((change) => change.documentKey._id)).toEqual(['b', 'c', 'd']);
  });

  it('produces no change for a write that fails (duplicate key) or changes nothing', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_failed');
    await collection.insertOne({ _id: 'taken', v: 1 });
    const stream = await opened(watch(collection));
    await expect(collection.insertOne({ _id: 'taken' })).rejects.toMatchObject({ code: 11000 });
    await collection.updateOne({ _id: 'taken' }, { $set: { v: 1 } });
    await collection.updateOne({ _id: 'missing' }, { $set: { v: 2 } });
    await collection.deleteOne({ _id: 'missing' });
    await collection.insertOne({ _id: 'next' });
    expect(await stream.next()).toMatchObject({ operationType: 'insert', documentKey: { _id: 'next' } });
  });

  it('answers the raw aggregate and getMore of a change stream with an open cursor and a postBatchResumeToken in every reply', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const db = ctx.db();
    await ctx.collection('cs_raw').insertOne({ _id: 'old' });
    const opened = await db.command({ aggregate: 'cs_raw', pipeline: [{ $changeStream: {} }], cursor: {} });
    const { id, firstBatch, postBatchResumeToken, ns } = opened.cursor as LooseDocument;
    expect(firstBatch).toEqual([]);
    expect(Number(id)).not.toBe(0);
    expect(ns).toBe(`${ctx.dbName}.cs_raw`);
    expect(typeof postBatchResumeToken._data).toBe('string');
    const empty = await db.command({ getMore: id, collection: 'cs_raw', maxTimeMS: SHORT_AWAIT_MS });
    expect(empty.cursor).toMatchObject({ nextBatch: [], id });
    expect(typeof empty.cursor.postBatchResumeToken._data).toBe('string');
    await ctx.collection('cs_raw').insertOne({ _id: 'new' });
    const next = await db.command({ getMore: id, collection: 'cs_raw', maxTimeMS: SHORT_AWAIT_MS });
    expect(next.cursor.nextBatch.map((change: LooseDocument) => change.documentKey._id)).toEqual(['new']);
    expect(next.cursor.postBatchResumeToken).toEqual(next.cursor.nextBatch[0]._id);
    expect(next.cursor.id).toEqual(id);
    const killed = await db.command({ killCursors: 'cs_raw', cursors: [id] });
    expect(killed.cursorsKilled).toEqual([id]);
  });

  it('refuses an unknown $changeStream option (40415) and a malformed stage, opening nothing', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const db = ctx.db();
    const unknown = await db.command({ aggregate: 'cs_bad', pipeline: [{ $changeStream: { notAnOption: 1 } }], cursor: {} }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(MongoServerError);
    expect(unknown).toMatchObject({ code: 40415 });
    const notADocument = await db.command({ aggregate: 'cs_bad', pipeline: [{ $changeStream: 1 }], cursor: {} }).catch((e: unknown) => e);
    expect(notADocument).toBeInstanceOf(MongoServerError);
  });

  it('kills the cursor when the stream is closed', async ({ skip }) => {
    skip(skipReason !== undefined, skipReason);
    const collection = ctx.collection('cs_close');
    const before = await openCursorCount(ctx.client);
    const stream = await opened(collection.watch<LooseDocument, LooseDocument>([], { maxAwaitTimeMS: SHORT_AWAIT_MS }));
    expect(await openCursorCount(ctx.client)).toBe(before + 1);
    await stream.close();
    expect(await openCursorCount(ctx.client)).toBe(before);
  });
});

describe('embedded store: change stream history and refusals', () => {
  let mongo: EmbeddedMongo;
  let client: mongoose.mongo.MongoClient;
  const collection = (name: string) => client.db('cs').collection<LooseDocument>(name);

  beforeAll(async () => {
    mongo = await startEmbeddedMongo({ inMemory: true });
    client = new MongoClient(mongo.uri, { monitorCommands: true });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await mongo?.close();
  });

  it('refuses a resume token it did not issue with ChangeStreamHistoryLost (286) and a malformed one with BadValue', async () => {
    const stream = await opened(collection('refusals').watch<LooseDocument, LooseDocument>([], { maxAwaitTimeMS: SHORT_AWAIT_MS }));
    await collection('refusals').insertOne({ _id: 1 });
    const issued = (await stream.next())._id._data as string;
    await stream.close();
    // Same shape, another store process.
    const foreign = { _data: `${issued.slice(0, -4)}ffff` };
    const lost = collection('refusals').watch([], { resumeAfter: foreign });
    await expect(lost.tryNext()).rejects.toMatchObject({ code: CHANGE_STREAM_HISTORY_LOST, codeName: 'ChangeStreamHistoryLost' });
    await lost.close();
    const malformed = collection('refusals').watch([], { resumeAfter: { _data: 'not hex' } });
    await expect(malformed.tryNext()).rejects.toMatchObject({ codeName: 'BadValue' });
    await malformed.close();
  });

  it('keeps a bounded history: a token older than the newest 10,000 changes of its collection fails with 286', async () => {
    const stream = await opened(collection('bounded').watch<LooseDocument, LooseDocument>([], { maxAwaitTimeMS: SHORT_AWAIT_MS }));
    await collection('bounded').insertOne({ _id: 'first' });
    const first = await stream.next();
    await stream.close();
    const docs = Array.from({ length: 11_001 }, (_, i) => ({ _id: i }));
    await collection('bounded').insertMany(docs);
    const resumed = collection('bounded').watch([], { resumeAfter: first._id });
    await expect(resumed.tryNext()).rejects.toMatchObject({ code: CHANGE_STREAM_HISTORY_LOST });
    await resumed.close();
  });

  it('refuses database-level streams and stages a change stream cannot have, changing nothing', async () => {
    const dbStream = client.db('cs').watch();
    await expect(dbStream.tryNext()).rejects.toMatchObject({ codeName: 'CommandNotSupported' });
    await dbStream.close();
    const grouped = collection('refusals').watch([{ $group: { _id: null } }]);
    await expect(grouped.tryNext()).rejects.toMatchObject({ codeName: 'IllegalOperation' });
    await grouped.close();
    for (const match of [{ $where: 'true' }, { fullDocument: { $bogus: 1 } }]) {
      const refused = collection('refusals').watch([{ $match: match }]);
      await expect(refused.tryNext()).rejects.toMatchObject({ codeName: 'BadValue' });
      await refused.close();
    }
    const status = await client.db('admin').command({ serverStatus: 1 });
    expect(status.metrics.cursor.open.total).toBe(0);
  });

  it('resumes by itself, from its last token, when its cursor is gone (CursorNotFound), missing no change', async () => {
    let cursorId: unknown;
    const listener = (event: mongoose.mongo.CommandSucceededEvent) => {
      if (event.commandName === 'aggregate') cursorId = (event.reply as LooseDocument).cursor.id;
    };
    client.on('commandSucceeded', listener);
    const stream = await opened(collection('killed').watch<LooseDocument, LooseDocument>([], { maxAwaitTimeMS: SHORT_AWAIT_MS }));
    client.off('commandSucceeded', listener);
    await collection('killed').insertOne({ _id: 'before-kill' });
    expect(await stream.next()).toMatchObject({ documentKey: { _id: 'before-kill' } });
    const killed = await client.db('cs').command({ killCursors: 'killed', cursors: [cursorId] });
    expect(killed.cursorsKilled).toHaveLength(1);
    await collection('killed').insertOne({ _id: 'after-kill' });
    expect(await stream.next()).toMatchObject({ documentKey: { _id: 'after-kill' } });
    await stream.close();
  });

  it('serves Model.watch() of mongoose', async () => {
    const connection = await mongoose.createConnection(mongo.uri, { dbName: 'cs', monitorCommands: true }).asPromise();
    try {
      const Lead = connection.model('Lead', new mongoose.Schema({ name: String }), 'mongoose_leads');
      const mongooseClient = connection.getClient();
      const aggregated = new Promise<void>((resolve) => {
        const listener = (event: mongoose.mongo.CommandSucceededEvent) => {
          if (event.commandName !== 'aggregate') return;
          mongooseClient.off('commandSucceeded', listener);
          resolve();
        };
        mongooseClient.on('commandSucceeded', listener);
      });
      const stream = Lead.watch([], { maxAwaitTimeMS: SHORT_AWAIT_MS });
      const next = stream.next();
      // Only changes after the stream's aggregate are seen.
      await aggregated;
      await Lead.create({ name: 'Acme' });
      expect(await next).toMatchObject({ operationType: 'insert', fullDocument: { name: 'Acme' } });
      await stream.close();
    } finally {
      await connection.close();
    }
  });

  it('serves change streams on a data directory too, with the history in memory only: after a restart an earlier token is history lost (286) while the data is back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'embedded-mongo-cs-'));
    try {
      const first = await startEmbeddedMongo({ dataDir });
      const firstClient = new MongoClient(first.uri);
      let token: unknown;
      try {
        const stream = await opened(
          firstClient.db('cs').collection<LooseDocument>('durable').watch<LooseDocument, LooseDocument>([], { maxAwaitTimeMS: SHORT_AWAIT_MS }),
        );
        await firstClient.db('cs').collection<LooseDocument>('durable').insertOne({ _id: 'kept' });
        token = (await stream.next())._id;
        await stream.close();
      } finally {
        await firstClient.close();
        await first.close();
      }
      const second = await startEmbeddedMongo({ dataDir });
      const secondClient = new MongoClient(second.uri);
      try {
        const durable = secondClient.db('cs').collection<LooseDocument>('durable');
        expect(await durable.findOne({ _id: 'kept' })).toEqual({ _id: 'kept' });
        const resumed = durable.watch([], { resumeAfter: token });
        await expect(resumed.tryNext()).rejects.toMatchObject({ code: CHANGE_STREAM_HISTORY_LOST });
        await resumed.close();
      } finally {
        await secondClient.close();
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails a stream whose pipeline removes the resume token (_id) with ChangeStreamFatalError (280)', async () => {
    const stream = await opened(collection('tokenless').watch<LooseDocument, LooseDocument>([{ $project: { _id: 0 } }], { maxAwaitTimeMS: SHORT_AWAIT_MS }));
    await collection('tokenless').insertOne({ _id: 1 });
    await expect(stream.next()).rejects.toMatchObject({ code: 280, codeName: 'ChangeStreamFatalError' });
    await stream.close();
  });
});
