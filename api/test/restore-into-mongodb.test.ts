import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedMongo } from '@funnel/embedded-mongo';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreIntoMongodb } from '../src/backup/restore-into-mongodb';

// `funnel restore` with MONGODB_URI: an archive of the embedded store goes into a MongoDB through the driver. Run
// against an empty embedded store standing in for a MongoDB (the same driver calls) and, when MONGODB_URI is set,
// against that MongoDB too.
const dir = mkdtempSync(join(tmpdir(), 'funnel-restore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Target = { name: string; uri: () => Promise<{ uri: string; close: () => Promise<void> }> };

/** The connection string with `db` as its database (`mongodb://h/?x=1` → `mongodb://h/db?x=1`). */
const withDatabase = (uri: string, db: string) => uri.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)\/?[^?]*/, `$1/${db}`);

const targets: Target[] = [
  {
    name: 'an embedded store standing in for MongoDB',
    uri: async () => {
      const store = await startEmbeddedMongo({ inMemory: true });
      return { uri: withDatabase(store.uri, 'funnel'), close: () => store.close() };
    },
  },
];
const external = process.env.MONGODB_URI;
if (external) {
  targets.push({
    name: 'the MongoDB at MONGODB_URI',
    uri: async () => {
      const uri = withDatabase(external, `funnel_restore_${randomBytes(4).toString('hex')}`);
      return {
        uri,
        close: async () => {
          const client = await new mongoose.mongo.MongoClient(uri).connect();
          await client.db().dropDatabase();
          await client.close();
        },
      };
    },
  });
} else {
  console.log('restore-into-mongodb: MONGODB_URI is not set, so the restore into a real MongoDB is skipped (an embedded store stands in)');
}

/** An archive of an embedded store's `test` database (as the api's default), with a unique index and an int64. */
async function archiveOfStore(): Promise<string> {
  const archive = join(dir, `${randomBytes(4).toString('hex')}.backup`);
  const store = await startEmbeddedMongo({ inMemory: true });
  const client = await new mongoose.mongo.MongoClient(store.uri).connect();
  try {
    const records = client.db('test').collection<{ _id: string; email: string; n: mongoose.mongo.Long }>('records');
    await records.createIndex({ email: 1 }, { unique: true, name: 'email_1' });
    await records.insertMany(
      Array.from({ length: 1500 }, (_, i) => ({ _id: `r${i}`, email: `r${i}@x.example`, n: mongoose.mongo.Long.fromString('9007199254740993') })),
    );
    await client.db('test').createCollection('events');
    await client.db('admin').command({ createBackup: archive });
  } finally {
    await client.close();
    await store.close();
  }
  return archive;
}

describe.each(targets)('restore into $name', (target) => {
  it('loads every collection, its documents and its indexes into the database the URI names, then refuses to load again', async () => {
    const archive = await archiveOfStore();
    const { uri, close } = await target.uri();
    try {
      expect(await restoreIntoMongodb({ archive, uri })).toEqual({ collections: 2, documents: 1500 });
      const client = await new mongoose.mongo.MongoClient(uri).connect();
      try {
        const records = client.db().collection('records');
        expect(await records.countDocuments()).toBe(1500);
        expect(await records.findOne({ _id: 'r7' as never }, { promoteLongs: false })).toEqual({
          _id: 'r7',
          email: 'r7@x.example',
          n: mongoose.mongo.Long.fromString('9007199254740993'),
        });
        expect((await records.indexes()).map((index) => [index.name, index.unique ?? false])).toEqual([
          ['_id_', false],
          ['email_1', true],
        ]);
        expect((await client.db().listCollections().toArray()).map((c) => c.name).sort()).toEqual(['events', 'records']);
      } finally {
        await client.close();
      }
      await expect(restoreIntoMongodb({ archive, uri })).rejects.toThrow(
        /the database funnel\w* at .* is not empty \(records holds 1500 documents\); a restore goes into an empty database only/,
      );
    } finally {
      await close();
    }
  });

  it('writes nothing from a damaged archive', async () => {
    const archive = await archiveOfStore();
    const cut = `${archive}.cut`;
    copyFileSync(archive, cut);
    truncateSync(cut, statSync(archive).size - 10);
    const { uri, close } = await target.uri();
    try {
      await expect(restoreIntoMongodb({ archive: cut, uri })).rejects.toThrow(
        /is damaged: the record at byte \d+ \(record \d+\) is cut off or fails its checksum/,
      );
      const client = await new mongoose.mongo.MongoClient(uri).connect();
      expect(await client.db().listCollections().toArray()).toEqual([]);
      await client.close();
    } finally {
      await close();
    }
  });
});
