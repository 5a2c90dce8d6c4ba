import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupArchiveOperations, startEmbeddedMongo } from '@funnel/embedded-mongo';
import mongoose from 'mongoose';
import { afterAll, expect, it } from 'vitest';
import { backUpStore } from '../src/backup/back-up-store';

const dir = mkdtempSync(join(tmpdir(), 'funnel-back-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('backs up a data directory nothing serves by opening it, and the store a running process serves through it', async () => {
  const dataDir = join(dir, 'data');
  const store = await startEmbeddedMongo({ dataDir });
  const client = await new mongoose.mongo.MongoClient(store.uri).connect();
  await client
    .db('test')
    .collection('records')
    .insertOne({ _id: 'r1' as never });
  await client.close();
  const served = await backUpStore({ archive: join(dir, 'served.backup'), dataDir });
  await store.close();
  const opened = await backUpStore({ archive: join(dir, 'opened.backup'), dataDir });
  expect([served.from, opened.from]).toEqual(['running store', 'data directory']);
  for (const archive of [served.path, opened.path])
    expect(backupArchiveOperations(archive).next().value).toMatchObject({ t: 'createCollection', c: 'records' });
});

it('says in words that a MongoDB is backed up with its own tools, and that a data directory is missing', async () => {
  // A store that answers createBackup as MongoDB does: CommandNotFound.
  const mongodb = await startEmbeddedMongo({ inMemory: true, withoutCommands: ['createBackup'] });
  try {
    await expect(backUpStore({ archive: join(dir, 'a.backup'), dataDir: join(dir, 'unused'), uri: mongodb.uri })).rejects.toThrow(
      'MONGODB_URI names a MongoDB, not the embedded store: back it up with its own tools',
    );
  } finally {
    await mongodb.close();
  }
  await expect(backUpStore({ archive: join(dir, 'b.backup'), dataDir: join(dir, 'nowhere') })).rejects.toThrow(
    `there is no data directory at ${join(dir, 'nowhere')}: set FUNNEL_DATA_DIR to the api's, or pass --data-dir`,
  );
});
