import { existsSync } from 'node:fs';
import { runningStoreUri, startEmbeddedMongo } from '@funnel/embedded-mongo';
import mongoose from 'mongoose';

/** What `funnel backup` wrote. */
export type BackupReport = { path: string; collections: number; documents: number; bytes: number; from: 'running store' | 'data directory' | 'MONGODB_URI' };

/**
 * Has an embedded store write a backup archive of its data as it stands at one moment (its `createBackup`
 * command), while writes go on: the store at `uri` (MONGODB_URI naming an embedded store), else the store a running
 * api serves `dataDir` from (found by the directory's address note), else the directory opened here, with nothing
 * running on it. `archive` is an absolute path on the store's machine, and must not exist.
 * @example await backUpStore({ archive: '/srv/backups/funnel.backup', dataDir: defaultDataDir() })
 */
export async function backUpStore(input: { archive: string; dataDir: string; uri?: string | undefined }): Promise<BackupReport> {
  const running = input.uri ?? runningStoreUri(input.dataDir);
  if (!running && !existsSync(input.dataDir)) {
    throw new Error(`there is no data directory at ${input.dataDir}: set FUNNEL_DATA_DIR to the api's, or pass --data-dir`);
  }
  const opened = running ? null : await startEmbeddedMongo({ dataDir: input.dataDir });
  const client = new mongoose.mongo.MongoClient(running ?? (opened?.uri as string));
  try {
    const reply = await client
      .db('admin')
      .command({ createBackup: input.archive })
      .catch((error: unknown) => {
        if ((error as { codeName?: string }).codeName !== 'CommandNotFound') throw error;
        throw new Error(
          'MONGODB_URI names a MongoDB, not the embedded store: back it up with its own tools (mongodump, with --oplog on a replica set, or your host’s snapshots)',
        );
      });
    const from = input.uri ? 'MONGODB_URI' : opened ? 'data directory' : 'running store';
    return { path: reply.path as string, collections: reply.collections as number, documents: reply.documents as number, bytes: reply.bytes as number, from };
  } finally {
    await client.close();
    await opened?.close();
  }
}
