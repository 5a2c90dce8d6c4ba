import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { BSON } from 'bson';
import { FRAME_HEADER_BYTES, frameRecord, framedRecords, RECORD_DESERIALIZE_OPTIONS } from './framed-records.js';
import type { LogOperation } from './log-operation.js';
import { type SnapshotSection, syncToDisk, writeAll, writeSections } from './snapshot-sections.js';

// A backup archive is one file of framed records (framed-records.ts: u32 length, u32 CRC-32, BSON), the same records
// a snapshot holds between a header and an end record:
//   { t: 'backup', format: 'funnel-backup', version: 1, createdAt }
//   { t: 'createCollection', db, c }, { t: 'createIndex', db, c, spec }…, { t: 'putMany', db, c, docs }…  per collection
//   { t: 'end', collections, documents }
// The end record's counts make a copy cut short, or one with a record lost from its middle, an error on restore.

const FORMAT = 'funnel-backup';
const VERSION = 1;
/** The snapshot a restore writes: the first generation, so the store starts from it with an empty journal. */
const RESTORED_SNAPSHOT = 'snapshot-00000001.bin';

/** What a backup wrote. */
export type BackupSummary = { path: string; collections: number; documents: number; bytes: number };

/** A record a restore applies: what the archive holds between its header and its end record. */
export type ArchiveOperation = Extract<LogOperation, { t: 'createCollection' | 'createIndex' | 'putMany' }>;

type ArchiveHeader = { t: 'backup'; format: typeof FORMAT; version: number; createdAt: Date };
type ArchiveEnd = { t: 'end'; collections: number; documents: number };

/**
 * Writes `sections` (one moment's data) as a backup archive at `path`, which must not exist: first into a file
 * beside it, fsynced, then linked to its name, so a backup that fails or is cut short leaves nothing under the name.
 * @example await writeBackupArchive({ path: '/srv/backups/funnel.backup', sections })
 */
export async function writeBackupArchive(input: { path: string; sections: readonly SnapshotSection[] }): Promise<BackupSummary> {
  const { path, sections } = input;
  if (exists(path)) throw new Error(`${path} already exists; a backup never overwrites a file: name a new one`);
  const partial = `${path}.${randomBytes(4).toString('hex')}.partial`;
  let fd: number;
  try {
    fd = openSync(partial, 'wx', 0o600);
  } catch (error) {
    throw new Error(
      `cannot write a backup at ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message}`,
    );
  }
  try {
    const header: ArchiveHeader = { t: 'backup', format: FORMAT, version: VERSION, createdAt: new Date() };
    writeAll(fd, frameRecord(BSON.serialize(header)));
    const { documents } = await writeSections(fd, sections);
    const end: ArchiveEnd = { t: 'end', collections: sections.length, documents };
    writeAll(fd, frameRecord(BSON.serialize(end)));
    await syncToDisk(fd);
    closeSync(fd);
    // link(2) fails when the name was taken meanwhile, where rename(2) would replace that file.
    linkSync(partial, path);
    unlinkSync(partial);
    syncFolder(dirname(path));
    return { path, collections: sections.length, documents, bytes: statSync(path).size };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Closed already.
    }
    unlinkSync(partial);
    throw error;
  }
}

/**
 * The records of a backup archive between its header and its end record, checked as they are read: a file that is
 * missing or not an archive, a damaged record (with its byte offset) and an archive cut short are errors that say so.
 * Returns the end record's counts. Read each operation before asking for the next.
 * @example for (const op of backupArchiveOperations(path)) apply(op)
 */
export function* backupArchiveOperations(path: string): Generator<ArchiveOperation, { collections: number; documents: number }, undefined> {
  if (!exists(path)) throw new Error(`there is no backup archive at ${path}`);
  if (statSync(path).isDirectory()) throw new Error(`${path} is a folder, not a backup archive`);
  const records = framedRecords(path);
  let offset = 0;
  let index = 0;
  let collections = 0;
  let documents = 0;
  let end: ArchiveEnd | undefined;
  for (;;) {
    const next = records.next();
    if (next.done) {
      const { validBytes, tornBytes } = next.value;
      if (tornBytes > 0 && index === 0) throw new Error(`${path} is not a Funnel backup archive (it does not begin with one's header)`);
      if (tornBytes > 0) throw damaged(path, `the record at byte ${validBytes} (record ${index + 1}) is cut off or fails its checksum`);
      if (index === 0) throw new Error(`${path} is empty, not a Funnel backup archive`);
      if (!end) throw damaged(path, `it ends at byte ${validBytes} without its end record: the backup did not finish, or the copy was cut short`);
      if (end.collections !== collections || end.documents !== documents) {
        throw damaged(
          path,
          `its end record counts ${end.collections} collections and ${end.documents} documents, but it holds ${collections} and ${documents}`,
        );
      }
      return { collections, documents };
    }
    const at = offset;
    offset += FRAME_HEADER_BYTES + next.value.length;
    index += 1;
    const record = BSON.deserialize(next.value, RECORD_DESERIALIZE_OPTIONS) as ArchiveOperation | ArchiveHeader | ArchiveEnd;
    if (index === 1) {
      checkHeader(path, record);
      continue;
    }
    if (end) throw damaged(path, `a record follows its end record, at byte ${at}`);
    switch (record.t) {
      case 'end':
        end = record;
        continue;
      case 'createCollection':
        collections += 1;
        break;
      case 'putMany':
        documents += record.docs.length;
        break;
      case 'createIndex':
        break;
      default:
        throw damaged(path, `the record at byte ${at} is of an unknown kind (${JSON.stringify((record as { t?: unknown }).t)})`);
    }
    yield record;
  }
}

function checkHeader(path: string, record: { t: string; format?: unknown; version?: unknown }): void {
  if (record.t !== 'backup' || record.format !== FORMAT) throw new Error(`${path} is not a Funnel backup archive (it does not begin with one's header)`);
  if (record.version !== VERSION) {
    throw new Error(`${path} is a Funnel backup archive of format version ${String(record.version)}; this version reads version ${VERSION} only`);
  }
}

function damaged(path: string, what: string): Error {
  return new Error(`the backup archive ${path} is damaged: ${what}; nothing was restored`);
}

/**
 * Loads a backup archive into an empty (or new) data directory for the embedded store: checks every record and
 * writes them as the directory's first snapshot, which is put in place only once the whole archive has been read.
 * @example await restoreBackupArchive({ archive: '/srv/backups/funnel.backup', dataDir: './data/embedded-mongo' })
 */
export function restoreBackupArchive(input: { archive: string; dataDir: string }): { collections: number; documents: number } {
  const { archive, dataDir } = input;
  const present = exists(dataDir) ? readdirSync(dataDir) : [];
  if (present.length > 0) {
    const some = present.slice(0, 3).join(', ') + (present.length > 3 ? ', …' : '');
    throw new Error(`the data directory ${dataDir} is not empty (it holds ${some}); a restore goes into an empty or new directory only: name another one`);
  }
  // The archive's first record is read before anything is made: a missing archive or another file leaves no trace.
  const operations = backupArchiveOperations(archive);
  let next = operations.next();
  const created = !exists(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, RESTORED_SNAPSHOT);
  const temporary = `${target}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    for (; !next.done; next = operations.next()) writeAll(fd, frameRecord(BSON.serialize(next.value)));
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    if (created) rmdirSync(dataDir);
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, target);
  syncFolder(dataDir);
  return next.value;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function syncFolder(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
