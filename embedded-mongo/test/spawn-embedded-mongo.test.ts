import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnEmbeddedMongo, type SpawnedEmbeddedMongo } from '../src/index.js';
import { findRepositoryRoot } from '../src/find-repository-root.js';

const PARENT = fileURLToPath(new URL('./fixtures/store-parent.ts', import.meta.url));
const REPOSITORY_ROOT = findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url))) as string;
const POLL_MS = 100;
/** Spawning, recovering and stopping real processes on a slow shared machine. */
const PROCESS_TEST_TIMEOUT_MS = 120_000;
/** The recovery test's store: collections × documents, and a start timeout shorter than their recovery. */
const RECOVERY_COLLECTIONS = 8;
const RECOVERY_DOCUMENTS = 100_000;
const RECOVERY_START_TIMEOUT_MS = 3_000;

/** True while `pid` runs; a zombie (dead but not yet reaped by its new parent) counts as gone. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name, is the state.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function untilGone(pid: number): Promise<void> {
  while (isRunning(pid)) await sleep(POLL_MS);
}

async function withClient<T>(uri: string, use: (collection: Collection<Document>) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri);
  try {
    return await use(client.db('spawn').collection<Document>('notes'));
  } finally {
    await client.close();
  }
}

/** Runs the fixture parent on `dataDir` and resolves with it and its store's pid once the store is up. */
function startParent(dataDir: string): Promise<{ parent: ReturnType<typeof spawn>; storePid: number }> {
  return new Promise((resolve, reject) => {
    const parent = spawn(process.execPath, ['--import', 'tsx', PARENT, dataDir], { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    parent.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^store (\d+)\n/.exec(stdout);
      if (match) resolve({ parent, storePid: Number(match[1]) });
    });
    parent.on('exit', (code, signal) => reject(new Error(`parent ended (${signal ?? code}) before its store started:\n${stderr}`)));
  });
}

describe('spawnEmbeddedMongo: the store as a child process', () => {
  const dataDirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-spawn-'));
    dataDirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the driver, and close() ends the process and releases the data directory', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dataDir = freshDir();
    const store = await spawnEmbeddedMongo({ dataDir });
    expect(store.uri).toBe(`mongodb://127.0.0.1:${store.port}/?directConnection=true`);
    expect(store.pid).not.toBe(process.pid);
    expect(readFileSync(join(dataDir, 'LOCK'), 'utf8')).toBe(String(store.pid));
    const found = await withClient(store.uri, async (notes) => {
      await notes.insertOne({ _id: 'a' as never, text: 'written through the child' });
      return notes.findOne({ _id: 'a' as never });
    });
    expect(found).toEqual({ _id: 'a', text: 'written through the child' });

    const exit = await store.close();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(isRunning(store.pid)).toBe(false);
    expect(existsSync(join(dataDir, 'LOCK'))).toBe(false);

    // Restarted on the same data directory, it finds what was written before.
    const again = await spawnEmbeddedMongo({ dataDir });
    try {
      await withClient(again.uri, async (notes) => expect(await notes.findOne({ _id: 'a' as never })).toEqual(found));
    } finally {
      await again.close();
    }
  });

  it('waits for a recovery longer than its start timeout while the store says how far it has come', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    // Enough documents that recovery takes longer than the start timeout below, in collections small enough that no
    // one step of it (an index built in bulk) stays silent that long on a busy machine.
    const dataDir = freshDir();
    const seeded = await spawnEmbeddedMongo({ dataDir });
    const client = new MongoClient(seeded.uri);
    try {
      for (let c = 0; c < RECOVERY_COLLECTIONS; c++) {
        const collection = client.db('spawn').collection<Document>(`part${c}`);
        await collection.createIndex({ n: 1 });
        for (let start = 0; start < RECOVERY_DOCUMENTS; start += 10_000) {
          await collection.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ n: start + i, text: `document ${start + i} of part ${c}` })));
        }
      }
    } finally {
      await client.close();
      await seeded.close();
    }
    const lines: string[] = [];
    const started = performance.now();
    const store = await spawnEmbeddedMongo({ dataDir, startTimeoutMs: RECOVERY_START_TIMEOUT_MS, recoveryProgressMs: 100, log: (line) => lines.push(line) });
    try {
      const waited = performance.now() - started;
      // The recovery outlasted the start timeout (its notes say how long it had run), so only they kept the spawn waiting.
      const soFar = Math.max(...lines.map((line) => Number(/^embedded-mongo: recovering, (\d+) s so far/.exec(line)?.[1] ?? 0)));
      expect(soFar * 1000, lines.join('\n')).toBeGreaterThanOrEqual(RECOVERY_START_TIMEOUT_MS);
      expect(waited).toBeGreaterThan(RECOVERY_START_TIMEOUT_MS);
      expect(
        lines.some((line) => /^embedded-mongo: recovering, \d+ s so far: read \d+ of \d+ MB of the snapshot and journal$/.test(line)),
        lines.join('\n'),
      ).toBe(true);
      expect(
        lines.some((line) => /^embedded-mongo: recovering, \d+ s so far: building indexes: spawn\.part\d n_1 done$/.test(line)),
        lines.join('\n'),
      ).toBe(true);
      const reader = new MongoClient(store.uri);
      try {
        expect(await reader.db('spawn').collection('part0').countDocuments()).toBe(RECOVERY_DOCUMENTS);
      } finally {
        await reader.close();
      }
    } finally {
      await store.close();
    }
  });

  it('serves the driver through a Unix domain socket too, and removes the socket file when it closes', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const socketPath = join(freshDir(), 'store.sock');
    const store = await spawnEmbeddedMongo({ inMemory: true, socketPath });
    try {
      expect(store.socketUri).toBe(`mongodb://${encodeURIComponent(socketPath)}/?directConnection=true`);
      expect(lstatSync(socketPath).isSocket()).toBe(true);
      await withClient(store.socketUri as string, (notes) => notes.insertOne({ _id: 's' as never, text: 'through the socket' }));
      // One store behind both: what went in through the socket comes out over TCP.
      expect(await withClient(store.uri, (notes) => notes.findOne({ _id: 's' as never }))).toEqual({ _id: 's', text: 'through the socket' });
    } finally {
      await store.close();
    }
    expect(existsSync(socketPath)).toBe(false);
  });

  it('replaces the socket file a killed store left, and refuses a socket path holding anything else', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dir = freshDir();
    const socketPath = join(dir, 'store.sock');
    const killed = await spawnEmbeddedMongo({ inMemory: true, socketPath });
    process.kill(killed.pid, 'SIGKILL');
    await killed.exited;
    expect(lstatSync(socketPath).isSocket()).toBe(true);
    const next = await spawnEmbeddedMongo({ inMemory: true, socketPath });
    try {
      await withClient(next.socketUri as string, async (notes) => expect(await notes.countDocuments()).toBe(0));
    } finally {
      await next.close();
    }

    const notAsocket = join(dir, 'notes.txt');
    writeFileSync(notAsocket, 'keep me');
    await expect(spawnEmbeddedMongo({ inMemory: true, socketPath: notAsocket })).rejects.toThrow(
      `exited with code 1 before printing its address:\nembedded-mongo: cannot listen on ${notAsocket}: something other than a socket is there`,
    );
    expect(readFileSync(notAsocket, 'utf8')).toBe('keep me');
  });

  it('refuses a second store on the same data directory with an error naming the holder', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dataDir = freshDir();
    const first = await spawnEmbeddedMongo({ dataDir });
    const notes: string[] = [];
    try {
      const second = spawnEmbeddedMongo({ dataDir, log: (line) => notes.push(line) });
      await expect(second).rejects.toThrow(
        `exited with code 1 before printing its address:\nembedded-mongo: data directory ${dataDir} is in use by process ${first.pid}`,
      );
      expect(notes).toEqual([`embedded-mongo: data directory ${dataDir} is in use by process ${first.pid}; stop it or use another --data-dir`]);
      // The refused start changed nothing: the first store still holds the directory and serves.
      expect(readFileSync(join(dataDir, 'LOCK'), 'utf8')).toBe(String(first.pid));
      await withClient(first.uri, async (collection) => expect(await collection.countDocuments()).toBe(0));
    } finally {
      await first.close();
    }
  });

  it('reports a store that exits by itself through `exited`', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const store = await spawnEmbeddedMongo({ inMemory: true });
    process.kill(store.pid, 'SIGKILL');
    expect(await store.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await store.close()).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('ends with its parent when the parent is killed with SIGKILL, and the data directory opens again', { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const dataDir = freshDir();
    const { parent, storePid } = await startParent(dataDir);
    expect(isRunning(storePid)).toBe(true);
    const parentExit = new Promise((resolve) => parent.once('exit', (_code, signal) => resolve(signal)));
    parent.kill('SIGKILL');
    expect(await parentExit).toBe('SIGKILL');
    await untilGone(storePid);
    // It closed cleanly (it released its lock), so a new store opens the directory.
    expect(existsSync(join(dataDir, 'LOCK'))).toBe(false);
    let store: SpawnedEmbeddedMongo | undefined;
    try {
      store = await spawnEmbeddedMongo({ dataDir });
      await withClient(store.uri, async (notes) => expect(await notes.countDocuments()).toBe(0));
    } finally {
      await store?.close();
    }
  });
});
