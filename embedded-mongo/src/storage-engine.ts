import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { BSON, type Document } from 'bson';
import type { ChangeLog } from './change-log.js';
import { ChangeLogs } from './change-logs.js';
import { Collection } from './collection.js';
import { lockDataDirectory } from './data-directory-lock.js';
import { MongoCommandError } from './errors.js';
import { type BackupSummary, writeBackupArchive } from './backup-archive.js';
import { frameRecord, RECORD_DESERIALIZE_OPTIONS, readFramedFile } from './framed-records.js';
import type { LogOperation } from './log-operation.js';
import { type SnapshotSection, syncToDisk, writeAll, writeSections } from './snapshot-sections.js';

/** How the store keeps its data. */
export type StorageOptions =
  | { kind: 'memory' }
  | {
      kind: 'directory';
      dataDir: string;
      /** Journal size that triggers folding it into a new snapshot. */
      compactAfterBytes?: number;
      /** Where recovery notes (a dropped torn record, how far a long recovery has come) go. */
      log?: (message: string) => void;
      /** How often a recovery says how far it has come (through `log`), so a long start is seen to be alive; 5 s by default. */
      recoveryProgressMs?: number;
    };

/** Default interval of a recovery's progress notes. */
const DEFAULT_RECOVERY_PROGRESS_MS = 5_000;

/**
 * A recovery's progress notes: `note` says where it stands through `log`, at most once every `everyMs` (the first
 * after `everyMs`), so a recovery shorter than that says nothing.
 * @example const progress = recoveryProgress({ log, everyMs: 5000 }); progress(() => 'read 120 of 900 MB');
 */
function recoveryProgress(input: { log: ((message: string) => void) | undefined; everyMs: number }): (note: () => string) => void {
  const started = performance.now();
  let last = started;
  return (note) => {
    const now = performance.now();
    if (!input.log || now - last < input.everyMs) return;
    last = now;
    input.log(`embedded-mongo: recovering, ${Math.round((now - started) / 1000)} s so far: ${note()}`);
  };
}

const megabytes = (bytes: number) => Math.round(bytes / 1_048_576).toLocaleString('en');

/** Default journal size after which the journal is folded into a fresh snapshot. */
const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

const snapshotFile = (generation: number) => `snapshot-${String(generation).padStart(8, '0')}.bin`;
const journalFile = (generation: number) => `journal-${String(generation).padStart(8, '0')}.log`;
const FILE_PATTERN = /^(snapshot|journal)-(\d{8})\.(bin|log)$/;

/** Writes the buffers in order with as few writev(2) calls as possible; returns the byte count. */
function writeAllVectored(fd: number, buffers: Buffer[]): number {
  const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
  let written = writevSync(fd, buffers);
  if (written === total) return total;
  // A short write (rare): finish the rest as one buffer.
  const rest = Buffer.concat(buffers).subarray(written);
  writeAll(fd, rest);
  written += rest.length;
  return written;
}

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/**
 * All databases and collections in memory, made durable by an append-only journal of framed BSON
 * records (written with write(2) before a write is acknowledged; concurrent writes share one call)
 * and compacted into snapshots. Recovery loads the newest snapshot, replays the journals after it
 * and drops a torn last record.
 * @example const engine = StorageEngine.open({ kind: 'directory', dataDir: './data' })
 */
export class StorageEngine {
  private readonly databases = new Map<string, Map<string, Collection>>();
  /** The change logs of watched collections (memory only: change streams do not outlive the process). */
  readonly changeLogs = new ChangeLogs();
  private journalFd: number | undefined;
  private generation = 0;
  private journalBytes = 0;
  /** Size of the newest snapshot: the journal may grow to this much before it is folded in again. */
  private snapshotBytes = 0;
  private pending: Buffer[] = [];
  private waiters: Waiter[] = [];
  private flushScheduled = false;
  private replaying = false;
  private compacting: Promise<void> | undefined;
  private releaseLock: (() => void) | undefined;
  private closed = false;
  /** Set when the journal could not be written: memory may then be ahead of disk, so writes stop. */
  private failure: Error | undefined;

  private constructor(private readonly options: StorageOptions) {}

  /** How many documents recovery loaded, how long it took, and how much CPU it used. */
  recovery = { documents: 0, ms: 0, cpuMs: 0 };

  /** Opens (and recovers) a store. */
  static open(options: StorageOptions): StorageEngine {
    const engine = new StorageEngine(options);
    if (options.kind === 'directory') {
      const started = performance.now();
      const cpu = process.cpuUsage();
      engine.recover(options.dataDir);
      const used = process.cpuUsage(cpu);
      const documents = engine.databaseNames().reduce((sum, db) => sum + engine.collections(db).reduce((n, c) => n + c.docs.size, 0), 0);
      engine.recovery = { documents, ms: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000) };
    }
    return engine;
  }

  private get dataDir(): string | undefined {
    return this.options.kind === 'directory' ? this.options.dataDir : undefined;
  }

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** The collection, created (and journalled) if it does not exist. */
  ensureCollection(db: string, name: string): Collection {
    const existing = this.collection(db, name);
    if (existing) return existing;
    let collections = this.databases.get(db);
    if (!collections) {
      collections = new Map();
      this.databases.set(db, collections);
    }
    const collection = new Collection(db, name, (op) => this.journal(op));
    if (this.replaying) collection.deferIndexes();
    collection.changeLog = this.changeLogs.get(collection.namespace);
    collections.set(name, collection);
    this.journal({ t: 'createCollection', db, c: name });
    return collection;
  }

  /**
   * The change log of a collection, which need not exist yet; from now on every change to it is logged.
   * @example const log = engine.watch('app', 'events')
   */
  watch(db: string, name: string): ChangeLog {
    const log = this.changeLogs.logFor(`${db}.${name}`);
    const collection = this.collection(db, name);
    if (collection) collection.changeLog = log;
    return log;
  }

  /** Drops a collection; false if there was none. */
  dropCollection(db: string, name: string): boolean {
    const collections = this.databases.get(db);
    if (!collections?.delete(name)) return false;
    if (collections.size === 0) this.databases.delete(db);
    this.journal({ t: 'dropCollection', db, c: name });
    return true;
  }

  dropDatabase(db: string): void {
    if (!this.databases.delete(db)) return;
    this.journal({ t: 'dropDatabase', db });
  }

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  /** Resolves once every change made so far is written to the journal (at once in memory mode). */
  durable(): Promise<void> {
    if (this.failure)
      return Promise.reject(new MongoCommandError('InternalError', `embedded-mongo: the journal could not be written (${this.failure.message})`));
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Throws if the store can no longer accept writes (call before changing anything). */
  assertWritable(): void {
    if (this.failure) {
      throw new MongoCommandError(
        'InternalError',
        `embedded-mongo: writes are stopped because the journal could not be written (${this.failure.message}); restart the store`,
      );
    }
  }

  private journal(op: LogOperation): void {
    if (this.replaying || this.journalFd === undefined) return;
    this.pending.push(frameRecord(BSON.serialize(op)));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Group commit: every write that arrives in this turn of the event loop shares one write(2).
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const waiters = this.waiters;
    const buffers = this.pending;
    this.waiters = [];
    this.pending = [];
    if (buffers.length === 0 || this.journalFd === undefined) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    try {
      this.journalBytes += writeAllVectored(this.journalFd, buffers);
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      const failed = new MongoCommandError(
        'InternalError',
        `embedded-mongo: the journal could not be written (${this.failure.message}); this write is not durable`,
      );
      for (const waiter of waiters) waiter.reject(failed);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
    // Compacting only once the journal is as large as the snapshot keeps the rewrite cost per write constant.
    const threshold =
      this.options.kind === 'directory' ? Math.max(this.options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES, this.snapshotBytes) : Infinity;
    if (this.journalBytes > threshold && !this.compacting && !this.closed) void this.compact();
  }

  /**
   * Folds the state into a new snapshot and starts a new journal; the old files are removed once
   * the snapshot is safely on disk. Runs in steps so the event loop keeps serving.
   */
  compact(): Promise<void> {
    const dataDir = this.dataDir;
    if (dataDir === undefined || this.closed) return Promise.resolve();
    if (!this.compacting) {
      this.compacting = this.writeSnapshot(dataDir).finally(() => {
        this.compacting = undefined;
      });
    }
    return this.compacting;
  }

  private async writeSnapshot(dataDir: string): Promise<void> {
    this.flush();
    const next = this.generation + 1;
    const nextFd = openSync(join(dataDir, journalFile(next)), 'a');
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = nextFd;
    this.generation = next;
    this.journalBytes = 0;
    const sections = this.captureSections();
    const target = join(dataDir, snapshotFile(next));
    const temporary = `${target}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      await writeSections(fd, sections);
      await syncToDisk(fd);
    } finally {
      closeSync(fd);
    }
    this.snapshotBytes = statSync(temporary).size;
    renameSync(temporary, target);
    const dirFd = openSync(dataDir, 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
    for (const file of readdirSync(dataDir)) {
      const match = FILE_PATTERN.exec(file);
      if (match && Number(match[2]) < next) unlinkSync(join(dataDir, file));
    }
  }

  /** Every collection as it stands in this turn of the event loop: one point in time, whatever runs after. */
  private captureSections(): SnapshotSection[] {
    return [...this.databases.values()].flatMap((collections) =>
      [...collections.values()].map((collection) => ({
        db: collection.db,
        c: collection.name,
        specs: [...collection.indexes.values()].map((index) => index.spec),
        docs: [...collection.docs.values()],
      })),
    );
  }

  /**
   * Writes this moment's data to a new backup archive at `path` (backup-archive.ts), in steps while writes go on;
   * answers once the archive is complete and every write it holds is in the journal.
   * @example await engine.writeBackup('/srv/backups/funnel.backup') // { path, collections: 12, documents: 5031, bytes: 2210304 }
   */
  async writeBackup(path: string): Promise<BackupSummary> {
    const sections = this.captureSections();
    // A backup never holds a write that a crash of the store could still lose.
    await this.durable();
    return writeBackupArchive({ path, sections });
  }

  private recover(dataDir: string): void {
    mkdirSync(dataDir, { recursive: true });
    this.releaseLock = lockDataDirectory(dataDir);
    const files = readdirSync(dataDir);
    for (const file of files.filter((name) => name.endsWith('.tmp'))) unlinkSync(join(dataDir, file));
    const generations = (kind: string) =>
      files
        .map((file) => FILE_PATTERN.exec(file))
        .filter((match): match is RegExpExecArray => match !== null && match[1] === kind)
        .map((match) => Number(match[2]))
        .sort((a, b) => a - b);
    const base = generations('snapshot').at(-1);
    const journals = generations('journal').filter((generation) => base === undefined || generation >= base);
    // Files older than the newest snapshot are left when a crash came between its rename and the clean-up.
    for (const file of files) {
      const match = FILE_PATTERN.exec(file);
      if (match && base !== undefined && Number(match[2]) < base) unlinkSync(join(dataDir, file));
    }
    const progress = recoveryProgress({
      log: this.options.kind === 'directory' ? this.options.log : undefined,
      everyMs: (this.options.kind === 'directory' ? this.options.recoveryProgressMs : undefined) ?? DEFAULT_RECOVERY_PROGRESS_MS,
    });
    const replayed = [...(base === undefined ? [] : [snapshotFile(base)]), ...journals.map(journalFile)];
    const totalBytes = replayed.reduce((sum, file) => sum + statSync(join(dataDir, file)).size, 0);
    let readBytes = 0;
    const replayFile = (path: string) =>
      readFramedFile(path, (payload) => {
        this.replay(BSON.deserialize(payload, RECORD_DESERIALIZE_OPTIONS) as LogOperation, payload.length);
        readBytes += payload.length;
        progress(() => `read ${megabytes(readBytes)} of ${megabytes(totalBytes)} MB of the snapshot and journal`);
      });
    this.replaying = true;
    try {
      if (base !== undefined) this.snapshotBytes = replayFile(join(dataDir, snapshotFile(base))).validBytes;
      for (const generation of journals) {
        const path = join(dataDir, journalFile(generation));
        const { validBytes, tornBytes } = replayFile(path);
        if (tornBytes > 0) {
          this.options.kind === 'directory' && this.options.log?.(`embedded-mongo: dropped a torn record (${tornBytes} bytes) at the end of ${path}`);
          const fd = openSync(path, 'r+');
          ftruncateSync(fd, validBytes);
          closeSync(fd);
        }
      }
    } finally {
      this.replaying = false;
    }
    // Replay wrote documents only: each index is built once from where they ended up.
    for (const collections of this.databases.values()) {
      for (const collection of collections.values()) {
        collection.buildIndexes((indexName) => progress(() => `building indexes: ${collection.namespace} ${indexName} done`));
      }
    }
    this.generation = Math.max(base ?? 0, journals.at(-1) ?? 0);
    const journalPath = join(dataDir, journalFile(this.generation));
    this.journalBytes = existsSync(journalPath) ? statSync(journalPath).size : 0;
    this.journalFd = openSync(journalPath, 'a');
  }

  /** Applies one journal record of `bytes`, which bound the size of every document it carries. */
  private replay(op: LogOperation, bytes: number): void {
    switch (op.t) {
      case 'put':
        this.ensureCollection(op.db, op.c).restore(op.d as Document, bytes);
        return;
      case 'putMany': {
        const collection = this.ensureCollection(op.db, op.c);
        for (const doc of op.docs) collection.restore(doc, bytes);
        return;
      }
      case 'patch':
        this.collection(op.db, op.c)?.restorePatch({ id: op.id, patch: { set: op.set, unset: op.unset }, bytes });
        return;
      case 'delete':
        this.collection(op.db, op.c)?.delete(op.id);
        return;
      case 'createCollection':
        this.ensureCollection(op.db, op.c);
        return;
      case 'dropCollection':
        this.dropCollection(op.db, op.c);
        return;
      case 'createIndex':
        this.ensureCollection(op.db, op.c).createIndex(op.spec);
        return;
      case 'dropIndex':
        this.collection(op.db, op.c)?.dropIndex(op.name);
        return;
      case 'dropDatabase':
        this.dropDatabase(op.db);
        return;
      default: {
        const unknown: never = op;
        throw new Error(`embedded-mongo: unknown journal record ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Writes what is pending, waits for a running compaction, closes the journal and the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    await this.compacting;
    this.closed = true;
    this.flush();
    if (this.journalFd !== undefined) closeSync(this.journalFd);
    this.journalFd = undefined;
    this.releaseLock?.();
  }
}
