import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type AnyClientBulkWriteModel } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { backupArchiveOperations, restoreBackupArchive, runningStoreUri, startEmbeddedMongo } from '../src/index.js';
import type { LooseDocument } from './contract/contract-targets.js';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-backup-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts a store on `dataDir` (in memory without one), runs `body` with a connected client, then closes both. */
async function withStore<T>(dataDir: string | undefined, body: (client: MongoClient) => Promise<T>): Promise<T> {
  const mongo = await startEmbeddedMongo(dataDir ? { dataDir } : { inMemory: true });
  const client = new MongoClient(mongo.uri);
  try {
    await client.connect();
    return await body(client);
  } finally {
    await client.close();
    await mongo.close();
  }
}

/** An archive of a small store: two collections of `app`, one with a unique index, and one of `audit`. */
async function smallArchive(): Promise<string> {
  const archive = join(freshDir(), 'small.backup');
  await withStore(undefined, async (client) => {
    const leads = client.db('app').collection<LooseDocument>('leads');
    await leads.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    await leads.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: i, email: `l${i}@x.example`, big: 'x'.repeat(2000) })));
    await client.db('app').createCollection('empty');
    await client
      .db('audit')
      .collection<LooseDocument>('log')
      .insertOne({ _id: 'a', at: new Date(0) });
    await client.db('admin').command({ createBackup: archive });
  });
  return archive;
}

describe('createBackup and restore', () => {
  it('holds one moment of a store under writes: every counter equals its log entries, and writes went on meanwhile', async () => {
    const archive = join(freshDir(), 'burst.backup');
    const during = await withStore(undefined, async (client) => {
      // 20 MB of other data, so that writing the archive takes many steps while the writer runs between them.
      const filler = client.db('app').collection<LooseDocument>('filler');
      for (let batch = 0; batch < 10; batch++) {
        await filler.insertMany(Array.from({ length: 2000 }, (_, i) => ({ _id: batch * 2000 + i, pad: 'p'.repeat(1000) })));
      }
      // Each step logs an entry and counts it in one command (one turn of the store's event loop).
      let steps = 0;
      let writing = true;
      const writer = (async () => {
        while (writing) {
          steps += 1;
          const models: AnyClientBulkWriteModel<LooseDocument>[] = [
            { namespace: 'app.log', name: 'insertOne', document: { _id: steps } },
            { namespace: 'app.counter', name: 'updateOne', filter: { _id: 'c' }, update: { $inc: { n: 1 } }, upsert: true },
          ];
          await client.bulkWrite(models, { ordered: true });
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const before = steps;
      const reply = await client.db('admin').command({ createBackup: archive });
      const after = steps;
      writing = false;
      await writer;
      expect(reply).toMatchObject({ ok: 1, path: archive, collections: 3, bytes: statSync(archive).size });
      return { before, after };
    });
    const dataDir = join(freshDir(), 'restored');
    restoreBackupArchive({ archive, dataDir });
    await withStore(dataDir, async (client) => {
      const counted = (
        await client
          .db('app')
          .collection('counter')
          .findOne({ _id: 'c' as never })
      )?.n as number;
      expect(await client.db('app').collection('log').countDocuments()).toBe(counted);
      expect(counted).toBeGreaterThanOrEqual(during.before - 1);
      // Writes were answered while the archive was written, and the archive holds none of those after its moment.
      expect(during.after - during.before).toBeGreaterThan(1);
      expect(counted).toBeLessThan(during.after);
      expect(await client.db('app').collection('filler').countDocuments()).toBe(20_000);
    });
  });

  it('restores documents, empty collections and indexes into a new data directory, and the store starts on it', async () => {
    const archive = await smallArchive();
    const dataDir = join(freshDir(), 'new', 'embedded-mongo');
    expect(restoreBackupArchive({ archive, dataDir })).toEqual({ collections: 3, documents: 301 });
    await withStore(dataDir, async (client) => {
      const leads = client.db('app').collection<LooseDocument>('leads');
      expect(await leads.countDocuments()).toBe(300);
      expect((await leads.indexes()).map((index) => [index.name, index.unique ?? false])).toEqual([
        ['_id_', false],
        ['email_unique', true],
      ]);
      await expect(leads.insertOne({ _id: 'dup', email: 'l7@x.example' })).rejects.toThrow(/duplicate key/);
      expect((await client.db('app').listCollections().toArray()).map((c) => c.name).sort()).toEqual(['empty', 'leads']);
      expect(await client.db('audit').collection('log').findOne({})).toEqual({ _id: 'a', at: new Date(0) });
    });
  });

  it('lists what an archive holds, for a restore into MongoDB through the driver', async () => {
    const archive = await smallArchive();
    const kinds = [...backupArchiveOperations(archive)].map((op) => `${op.t} ${op.db}.${op.c}`);
    expect(new Set(kinds)).toEqual(
      new Set([
        'createCollection app.leads',
        'createIndex app.leads',
        'putMany app.leads',
        'createCollection app.empty',
        'createCollection audit.log',
        'putMany audit.log',
      ]),
    );
  });

  it('refuses a data directory that is not empty, and changes nothing in it', async () => {
    const archive = await smallArchive();
    const dataDir = freshDir();
    writeFileSync(join(dataDir, 'journal-00000003.log'), 'x');
    expect(() => restoreBackupArchive({ archive, dataDir })).toThrow(`the data directory ${dataDir} is not empty (it holds journal-00000003.log)`);
    expect(readFileSync(join(dataDir, 'journal-00000003.log'), 'utf8')).toBe('x');
  });

  it('refuses a missing archive, a file that is not one, a damaged one (saying at which byte) and one cut short', async () => {
    const restore = (archive: string) => () => restoreBackupArchive({ archive, dataDir: join(freshDir(), 'target') });
    const dir = freshDir();
    expect(restore(join(dir, 'nothing.backup'))).toThrow(`there is no backup archive at ${join(dir, 'nothing.backup')}`);
    writeFileSync(join(dir, 'notes.txt'), 'hello, this is not a backup');
    expect(restore(join(dir, 'notes.txt'))).toThrow('is not a Funnel backup archive');

    const archive = await smallArchive();
    const bytes = readFileSync(archive);
    const flipped = join(dir, 'flipped.backup');
    const at = Math.floor(bytes.length / 2);
    writeFileSync(flipped, Buffer.concat([bytes.subarray(0, at), Buffer.from([(bytes[at] as number) ^ 0xff]), bytes.subarray(at + 1)]));
    expect(restore(flipped)).toThrow(
      /the backup archive .*flipped\.backup is damaged: the record at byte \d+ \(record \d+\) is cut off or fails its checksum; nothing was restored/,
    );

    const short = join(dir, 'short.backup');
    writeFileSync(short, bytes);
    // Cut off exactly its end record: every record left is whole, so only the missing end tells.
    truncateSync(short, lastRecordStart(bytes));
    expect(restore(short)).toThrow(/is damaged: it ends at byte \d+ without its end record: the backup did not finish, or the copy was cut short/);

    const target = join(freshDir(), 'target');
    expect(() => restoreBackupArchive({ archive: flipped, dataDir: target })).toThrow();
    expect(existsSync(join(target, 'snapshot-00000001.bin'))).toBe(false);
  });

  it('writes only a new file at an absolute path, and only on admin', async () => {
    const dir = freshDir();
    await withStore(undefined, async (client) => {
      const admin = client.db('admin');
      await expect(admin.command({ createBackup: 'relative.backup' })).rejects.toThrow(
        'createBackup takes the absolute path of the archive to write, got "relative.backup"',
      );
      await expect(client.db('app').command({ createBackup: join(dir, 'a.backup') })).rejects.toThrow(
        'createBackup may only be run against the admin database.',
      );
      writeFileSync(join(dir, 'taken.backup'), 'keep me');
      await expect(admin.command({ createBackup: join(dir, 'taken.backup') })).rejects.toThrow('already exists; a backup never overwrites a file');
      expect(readFileSync(join(dir, 'taken.backup'), 'utf8')).toBe('keep me');
      await expect(admin.command({ createBackup: join(dir, 'no-such-folder', 'a.backup') })).rejects.toThrow('its folder does not exist');
    });
  });

  it('tells where the store serving a data directory listens, and nothing once it has stopped', async () => {
    const dataDir = freshDir();
    const mongo = await startEmbeddedMongo({ dataDir });
    expect(runningStoreUri(dataDir)).toBe(mongo.uri);
    await mongo.close();
    expect(runningStoreUri(dataDir)).toBeUndefined();
    // A note left by a store that was killed names a process that is gone.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'LOCK'), '999999999');
    appendFileSync(join(dataDir, 'ADDRESS'), JSON.stringify({ pid: 999_999_999, uri: mongo.uri }));
    expect(runningStoreUri(dataDir)).toBeUndefined();
  });
});

/** Where the last framed record of a file begins (walking the length prefixes from the start). */
function lastRecordStart(bytes: Buffer): number {
  let at = 0;
  let last = 0;
  while (at < bytes.length) {
    last = at;
    at += 8 + bytes.readUInt32LE(at);
  }
  return last;
}
