import { isAbsolute } from 'node:path';
import type { Document } from 'bson';
import type { CommandContext } from '../command-context.js';
import { MongoCommandError } from '../errors.js';

/**
 * `createBackup` (this store's own command, on `admin`): writes the data as it stands at this moment to a new backup
 * archive at an absolute path on the store's machine, while writes go on (backup-archive.ts), and answers when it is
 * complete. MongoDB has no such command: it answers CommandNotFound, and is backed up with its own tools.
 * @example await client.db('admin').command({ createBackup: '/srv/backups/funnel.backup' }) // { path, collections, documents, bytes, ok: 1 }
 */
export async function createBackupCommand(command: Document, context: CommandContext): Promise<Document> {
  if (context.db !== 'admin') throw new MongoCommandError('Unauthorized', 'createBackup may only be run against the admin database.');
  const path: unknown = command.createBackup;
  if (typeof path !== 'string' || !isAbsolute(path)) {
    throw new MongoCommandError('BadValue', `createBackup takes the absolute path of the archive to write, got ${JSON.stringify(path)}`);
  }
  return { ...(await context.engine.writeBackup(path)), ok: 1 };
}
