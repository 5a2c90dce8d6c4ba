// (The leading underscore keeps `pnpm bench` from running this as a benchmark.)
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnEmbeddedMongo, type SpawnedEmbeddedMongo } from '@funnel/embedded-mongo';

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * A `node --import tsx` child of one of this folder's (or the api's bench's) helpers, `path` relative to this folder.
 * @example const receiver = helper('./_webhook-receiver-process.ts', [], true)
 */
export function helper(path: string, args: string[], ipc: boolean): ChildProcess {
  const file = fileURLToPath(new URL(path, import.meta.url));
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? ['ipc' as const] : [])] });
}

/**
 * Runs a helper that prints one JSON line of its result on stdout (and `warmed` first, for the api's load client).
 * @example const result = await runHelper<LoadResult>('../../api/bench/_load-client.ts', plan, () => (warmedAt = Date.now()))
 */
export function runHelper<T>(path: string, plan: object, onWarmed: () => void = () => undefined): Promise<T> {
  const child = helper(path, [JSON.stringify(plan)], false);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('warmed\n')) {
      onWarmed();
      out = out.slice('warmed\n'.length);
    }
  });
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${path} exited with ${code}`)))),
  );
}

/**
 * CPU time (user + system) a process has used so far, in µs, from /proc (Linux); NaN elsewhere.
 * @example const before = cpuUsOf(store.pid)
 */
export function cpuUsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * The embedded store in its own process over a Unix socket, as `npm start` runs it, in memory; BENCH_STORE_PROFILE_DIR=<dir>
 * writes its CPU profile there.
 * @example const mongo = await benchStore('routing'); await createFunnelServer({ uri: mongo.socketUri ?? mongo.uri, … })
 */
export function benchStore(name: string): Promise<SpawnedEmbeddedMongo> {
  const profileDir = process.env.BENCH_STORE_PROFILE_DIR;
  return spawnEmbeddedMongo({
    inMemory: true,
    socketPath: join(tmpdir(), `funnel-bench-${name}-${process.pid}.sock`),
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    log: (line) => console.error(line),
  });
}
