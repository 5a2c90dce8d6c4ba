import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Document } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo } from '../src/index.js';
import { findRepositoryRoot } from '../src/find-repository-root.js';

const KILLS = 22;
/** The writer is killed this long after it says it is ready, chosen at random per run. */
const KILL_AFTER_MS = { min: 20, max: 400 };
const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const REPOSITORY_ROOT = findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url))) as string;

type WriterRun = { acked: string[]; lastIncrement: number };

/** Runs the writer on `dataDir` and SIGKILLs it `killAfterMs` after it is ready. */
function runAndKill(input: { dataDir: string; runId: string; killAfterMs: number }): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, input.dataDir, input.runId], { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: WriterRun = { acked: [], lastIncrement: 0 };
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), input.killAfterMs);
        else if (line.startsWith('ack ')) run.acked.push(line.slice(4));
        else if (line.startsWith('inc ')) run.lastIncrement = Number(line.slice(4));
      }
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(run);
      else reject(new Error(`writer ended by itself (${signal ?? _code}) before it was killed:\n${stderr}`));
    });
  });
}

describe('crash safety: every acknowledged write survives kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-mongo-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged write exactly once over ${KILLS} kills at random moments`, { timeout: 120_000 }, async () => {
    const acknowledged = new Set<string>();
    let counterFloor = 0;
    let maxAckedInOneRun = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const killAfterMs = KILL_AFTER_MS.min + Math.floor(Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
      const run = await runAndKill({ dataDir, runId: `run${kill}`, killAfterMs });
      for (const id of run.acked) acknowledged.add(id);
      maxAckedInOneRun = Math.max(maxAckedInOneRun, run.acked.length);
      counterFloor = Math.max(counterFloor, run.lastIncrement);

      const mongo = await startEmbeddedMongo({ dataDir, log: () => {} });
      const client = new MongoClient(mongo.uri);
      try {
        const ids = (
          await client
            .db('crash')
            .collection<Document>('acked')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => String(d._id));
        const present = new Set(ids);
        const missing = [...acknowledged].filter((id) => !present.has(id));
        expect(missing, `after kill ${kill + 1} (at ${killAfterMs} ms)`).toEqual([]);
        expect(present.size, 'no document is returned twice').toBe(ids.length);
        const counter = await client
          .db('crash')
          .collection<Document>('counters')
          .findOne({ _id: 'counter' } as Document);
        const value = Number(counter?.value ?? 0);
        // Every acknowledged increment is kept; at most the one in flight when killed is extra.
        expect(value).toBeGreaterThanOrEqual(counterFloor);
        expect(value).toBeLessThanOrEqual(counterFloor + 1);
        counterFloor = value;
      } finally {
        await client.close();
        await mongo.close();
      }
    }
    expect(acknowledged.size).toBeGreaterThan(KILLS);
    expect(maxAckedInOneRun).toBeGreaterThan(0);
    // The journal was folded into snapshots along the way, so kills also landed around compactions.
    expect(readdirSync(dataDir).some((file) => file.startsWith('snapshot-'))).toBe(true);
    console.log(`[crash] ${KILLS} kills, ${acknowledged.size} acknowledged inserts, counter at ${counterFloor}, files: ${readdirSync(dataDir).join(' ')}`);
  });
});
