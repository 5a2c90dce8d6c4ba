import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type AnyClientBulkWriteModel, type Document } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongoOptions } from '../src/index.js';
import type { LooseDocument } from './contract/contract-targets.js';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts a store on `dataDir`, runs `body` with a connected client, then closes both. */
async function withStore<T>(options: EmbeddedMongoOptions, body: (client: MongoClient, compact: () => Promise<void>) => Promise<T>): Promise<T> {
  const mongo = await startEmbeddedMongo(options);
  const client = new MongoClient(mongo.uri);
  try {
    await client.connect();
    return await body(client, mongo.compact);
  } finally {
    await client.close();
    await mongo.close();
  }
}

describe('durability of the data directory', () => {
  it('keeps what a client-level bulkWrite wrote to collections of two databases across a restart', async () => {
    const dataDir = freshDir();
    await withStore({ dataDir }, async (client) => {
      await client
        .db('app')
        .collection<Document>('records')
        .insertOne({ _id: 'r1', version: 1, stage: 'lead' } as Document);
      const models: AnyClientBulkWriteModel<LooseDocument>[] = [
        { namespace: 'app.records', name: 'updateOne', filter: { _id: 'r1', version: 1 }, update: { $set: { stage: 'mql', version: 2 } } },
        { namespace: 'app.events', name: 'insertOne', document: { _id: 'e1', recordId: 'r1' } },
        { namespace: 'audit.log', name: 'updateOne', filter: { _id: 'a1' }, update: { $set: { seen: 1 } }, upsert: true },
      ];
      await client.bulkWrite(models, { ordered: true });
    });
    await withStore({ dataDir }, async (client) => {
      expect(await client.db('app').collection('records').find({}).toArray()).toEqual([{ _id: 'r1', version: 2, stage: 'mql' }]);
      expect(await client.db('app').collection('events').find({}).toArray()).toEqual([{ _id: 'e1', recordId: 'r1' }]);
      expect(await client.db('audit').collection('log').find({}).toArray()).toEqual([{ _id: 'a1', seen: 1 }]);
    });
  });

  it('keeps documents, updates, deletes and indexes across a restart', async () => {
    const dataDir = freshDir();
    await withStore({ dataDir }, async (client) => {
      const leads = client.db('app').collection<Document>('leads');
      await leads.createIndex({ email: 1 }, { unique: true });
      await leads.insertMany([
        { _id: 1, email: 'a@x.test' },
        { _id: 2, email: 'b@x.test' },
        { _id: 3, email: 'c@x.test' },
      ] as Document[]);
      await leads.updateOne({ _id: 2 } as Document, { $set: { stage: 'sql' } });
      await leads.deleteOne({ _id: 3 } as Document);
      await client.db('app').collection('scratch').insertOne({ temp: true });
      await client.db('app').collection('scratch').drop();
    });
    await withStore({ dataDir }, async (client) => {
      const leads = client.db('app').collection<Document>('leads');
      expect(await leads.find({}).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 1, email: 'a@x.test' },
        { _id: 2, email: 'b@x.test', stage: 'sql' },
      ]);
      expect((await client.db('app').listCollections().toArray()).map((c) => c.name)).toEqual(['leads']);
      const duplicate = await leads.insertOne({ _id: 9, email: 'a@x.test' } as Document).catch((e: { code?: number }) => e);
      expect((duplicate as { code?: number }).code).toBe(11000);
    });
  });

  it('journals an update as the fields it changed, and replays it to the same document, field order included', async () => {
    const dataDir = freshDir();
    const journalBytes = () =>
      readdirSync(dataDir)
        .filter((f) => f.startsWith('journal-'))
        .reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
    const UPDATES = 50;
    const before = await withStore({ dataDir }, async (client) => {
      const leads = client.db('app').collection<Document>('leads');
      await leads.insertMany([
        { _id: 'a', payload: 'x'.repeat(2048), stage: 'lead', n: 0, nested: { owner: 'ana', tags: ['t1'] }, gone: true },
        { _id: 'b', first: 1, second: 2, payload: 'y'.repeat(2048) },
      ] as Document[]);
      const start = journalBytes();
      for (let i = 0; i < UPDATES; i++) await leads.updateOne({ _id: 'a' } as Document, { $inc: { n: 1 }, $set: { stage: `s${i}` } });
      // Each of those logged a few bytes, not the 2 KB document.
      expect(journalBytes() - start).toBeLessThan((UPDATES * 2048) / 4);
      await leads.updateOne(
        { _id: 'a' } as Document,
        { $set: { 'nested.owner': 'bo', added: [1, { deep: true }] }, $unset: { gone: '' }, $push: { 'nested.tags': 't2' } } as Document,
      );
      // A replacement that reorders the fields is logged whole, so the order survives too.
      await leads.replaceOne({ _id: 'b' } as Document, { second: 2, payload: 'z', first: 1 });
      return leads.find({}).sort({ _id: 1 }).toArray();
    });
    expect(before[0]).toEqual({
      _id: 'a',
      payload: 'x'.repeat(2048),
      stage: `s${UPDATES - 1}`,
      n: UPDATES,
      nested: { owner: 'bo', tags: ['t1', 't2'] },
      added: [1, { deep: true }],
    });
    await withStore({ dataDir }, async (client) => {
      const after = await client.db('app').collection<Document>('leads').find({}).sort({ _id: 1 }).toArray();
      expect(after).toEqual(before);
      expect(after.map((doc) => Object.keys(doc))).toEqual(before.map((doc) => Object.keys(doc)));
      expect(Object.keys(after[1] ?? {})).toEqual(['_id', 'second', 'payload', 'first']);
    });
  });

  it('compacts the journal into a snapshot and starts from it with the same data', async () => {
    const dataDir = freshDir();
    const payload = 'p'.repeat(500);
    await withStore({ dataDir, compactAfterBytes: 64 * 1024 }, async (client) => {
      const items = client.db('app').collection<Document>('items');
      for (let round = 0; round < 10; round++) {
        await items.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: round * 50 + i, payload, round })) as Document[]);
        await items.updateMany({ round }, { $set: { touched: true } });
      }
      await items.deleteMany({ round: 0 });
    });
    const files = readdirSync(dataDir);
    expect(files.some((file) => file.startsWith('snapshot-'))).toBe(true);
    const bytesOf = (prefix: string) => files.filter((file) => file.startsWith(prefix)).reduce((sum, file) => sum + statSync(join(dataDir, file)).size, 0);
    // The journal is folded in once it outgrows both the threshold and the snapshot, so it stays
    // below their larger one plus the last batch of writes (about 50 documents here).
    expect(bytesOf('journal-')).toBeLessThan(Math.max(64 * 1024, bytesOf('snapshot-')) + 64 * 1024);
    await withStore({ dataDir }, async (client, compact) => {
      const items = client.db('app').collection<Document>('items');
      expect(await items.countDocuments()).toBe(450);
      expect(await items.countDocuments({ touched: true })).toBe(450);
      await compact();
      await items.insertOne({ _id: 'after-compaction' } as Document);
    });
    await withStore({ dataDir }, async (client) => {
      expect(await client.db('app').collection('items').countDocuments()).toBe(451);
    });
  });

  it('detects a torn last record, drops it, and keeps appending after the good part', async () => {
    const dataDir = freshDir();
    await withStore({ dataDir }, async (client) => {
      await client
        .db('app')
        .collection<Document>('leads')
        .insertMany([{ _id: 1 }, { _id: 2 }] as Document[]);
    });
    const journal = readdirSync(dataDir).find((file) => file.startsWith('journal-')) as string;
    // A record header announcing 200 bytes, followed by only a few of them: a write cut by a crash.
    const torn = Buffer.alloc(8 + 13);
    torn.writeUInt32LE(200, 0);
    appendFileSync(join(dataDir, journal), torn);
    const notes: string[] = [];
    await withStore({ dataDir, log: (message) => notes.push(message) }, async (client) => {
      expect(await client.db('app').collection('leads').countDocuments()).toBe(2);
      await client
        .db('app')
        .collection<Document>('leads')
        .insertOne({ _id: 3 } as Document);
    });
    expect(notes.join('\n')).toMatch(/dropped a torn record \(21 bytes\)/);
    await withStore({ dataDir, log: (message) => notes.push(message) }, async (client) => {
      expect(await client.db('app').collection('leads').countDocuments()).toBe(3);
    });
    expect(notes).toHaveLength(1);
  });

  it('refuses a second store on a data directory in use, and takes over the lock of a dead process', async () => {
    const dataDir = freshDir();
    const first = await startEmbeddedMongo({ dataDir });
    try {
      await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(`in use by process ${process.pid}`);
    } finally {
      await first.close();
    }
    // A LOCK left by a process killed with -9 names a pid that no longer runs.
    appendFileSync(join(dataDir, 'LOCK'), '2147483646');
    const second = await startEmbeddedMongo({ dataDir });
    await second.close();
  });

  it('in-memory mode writes nothing', async () => {
    const dataDir = freshDir();
    await withStore({ inMemory: true, dataDir }, async (client) => {
      await client.db('app').collection('x').insertOne({ a: 1 });
    });
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
