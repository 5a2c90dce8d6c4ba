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

  it('builds every kind of index at start to answer as it did before, from a snapshot and the journal after it', async () => {
    const dataDir = freshDir();
    const indexes: [Document, Document][] = [
      [{ owner: 1, amount: -1 }, { name: 'owner_amount' }],
      [{ tags: 1 }, { name: 'tags' }],
      [{ email: 1 }, { name: 'email', unique: true, sparse: true }],
      [{ due: 1 }, { name: 'due_open', partialFilterExpression: { open: true } }],
    ];
    /** Each index's order of the documents it holds (its key, then `_id`), read through the index. */
    const answers = async (client: MongoClient) => {
      const deals = client.db('app').collection<Document>('deals');
      const read = (filter: Document, hint: string, sort: Document) => deals.find(filter, { hint, sort, projection: { _id: 1 } }).toArray();
      return {
        byOwner: await read({ owner: { $gte: 'o0' } }, 'owner_amount', { owner: 1, amount: -1, _id: 1 }),
        byTag: await read({ tags: { $in: ['hot', 'cold', 't3'] } }, 'tags', { tags: 1, _id: 1 }),
        byEmail: await read({ email: { $exists: true } }, 'email', { email: 1 }),
        due: await read({ open: true, due: { $lt: 100 } }, 'due_open', { due: 1, _id: 1 }),
      };
    };
    const before = await withStore({ dataDir, compactAfterBytes: 16 * 1024 }, async (client, compact) => {
      const deals = client.db('app').collection<Document>('deals');
      for (const [key, options] of indexes) await deals.createIndex(key, options);
      await deals.insertMany(
        Array.from({ length: 400 }, (_, i) => ({
          _id: i,
          owner: `o${i % 7}`,
          amount: (i * 37) % 101,
          tags: i % 3 === 0 ? ['hot', `t${i % 5}`] : [`t${i % 5}`],
          ...(i % 4 === 0 ? { email: `d${i}@x.test` } : {}),
          due: (i * 13) % 150,
          open: i % 2 === 0,
        })) as Document[],
      );
      await compact();
      // After the snapshot, in the journal: keys that move, documents that go, a unique key freed and taken again.
      await deals.updateMany({ owner: 'o3' } as Document, { $set: { owner: 'o9', tags: ['cold'] }, $inc: { amount: 5 } });
      await deals.updateMany({ due: { $lt: 20 } } as Document, { $set: { open: false } });
      await deals.deleteMany({ amount: { $gt: 90 } } as Document);
      await deals.updateOne({ _id: 4 } as Document, { $unset: { email: '' } });
      await deals.insertOne({ _id: 'late', owner: 'o1', amount: 50, tags: ['hot'], email: 'd4@x.test', due: 5, open: true } as Document);
      return answers(client);
    });
    expect(before.byOwner.length).toBeGreaterThan(300);
    await withStore({ dataDir }, async (client) => {
      expect(await answers(client)).toEqual(before);
      const deals = client.db('app').collection<Document>('deals');
      const taken = await deals.insertOne({ _id: 'again', email: 'd4@x.test' } as Document).catch((e: { code?: number }) => e);
      expect((taken as { code?: number }).code).toBe(11000);
      await deals.insertOne({ _id: 'freed', email: 'd8@x.test' } as Document).catch(() => undefined);
      expect(await deals.countDocuments({ email: 'd8@x.test' })).toBe(1);
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

  it('journals a turn of writes larger than the journal buffer holds, and the next turns after it, whole', async () => {
    const dataDir = freshDir();
    // Three documents of 15 MB in one command: one turn of the event loop journals 45 MB, past the buffer's first room.
    const big = (n: number) => ({ _id: n, body: String(n).repeat(15 * 1024 * 1024) });
    await withStore({ dataDir }, async (client) => {
      const items = client.db('app').collection<Document>('items');
      await items.insertMany([big(1), big(2), big(3)] as Document[]);
      await items.insertOne({ _id: 'small', after: true } as Document);
      await items.updateOne({ _id: 2 } as Document, { $set: { touched: true } });
    });
    await withStore({ dataDir }, async (client) => {
      const items = client.db('app').collection<Document>('items');
      const found = await items
        .find({}, { projection: { size: { $strLenBytes: { $ifNull: ['$body', ''] } }, touched: 1, after: 1 } })
        .sort({ _id: 1 })
        .toArray();
      expect(found).toEqual([
        { _id: 1, size: 15 * 1024 * 1024 },
        { _id: 2, size: 15 * 1024 * 1024, touched: true },
        { _id: 3, size: 15 * 1024 * 1024 },
        { _id: 'small', size: 0, after: true },
      ]);
      expect((await items.findOne({ _id: 3 } as Document))?.body).toBe(big(3).body);
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

  it('drops a tail of zeros (a file extended before its data was written) as torn, and starts', async () => {
    const dataDir = freshDir();
    await withStore({ dataDir }, async (client) => {
      await client
        .db('app')
        .collection<Document>('leads')
        .insertOne({ _id: 1 } as Document);
    });
    const journal = readdirSync(dataDir).find((file) => file.startsWith('journal-')) as string;
    appendFileSync(join(dataDir, journal), Buffer.alloc(64));
    const notes: string[] = [];
    await withStore({ dataDir, log: (message) => notes.push(message) }, async (client) => {
      expect(await client.db('app').collection('leads').countDocuments()).toBe(1);
    });
    expect(notes.join('\n')).toMatch(/dropped a torn record \(64 bytes\)/);
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
