import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { socketUri } from './start-embedded-mongo.js';

/**
 * How long the store may go without a word before it has printed its address: a recovery says how far it has come
 * every few seconds (`recoveryProgressMs`), so a store loading a large data directory is waited for as long as it
 * takes, and one that hangs is given up.
 */
const DEFAULT_START_TIMEOUT_MS = 120_000;
/** How long close() waits after SIGTERM before it sends SIGKILL. */
const DEFAULT_STOP_GRACE_MS = 15_000;

const STORE_CLI = fileURLToPath(new URL('./main.ts', import.meta.url));
// The CLI is TypeScript: load it through tsx, found from this package (not the caller's cwd).
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export type SpawnEmbeddedMongoOptions = {
  /** Folder for the data files; omit with `inMemory` for a throwaway store. */
  dataDir?: string;
  inMemory?: boolean;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Also listen on this Unix domain socket; `socketUri` then connects through it (see startEmbeddedMongo). */
  socketPath?: string;
  /** Receives each line the store writes to stderr (recovery notes, warnings). */
  log?: (line: string) => void;
  /** How long the store may be silent (no stderr line) before it prints its address; 2 minutes by default. */
  startTimeoutMs?: number;
  /** How often a long recovery says how far it has come (a stderr line); the store's default (5 s) if unset. */
  recoveryProgressMs?: number;
  stopGraceMs?: number;
  /** Flags for the store's Node process, e.g. `['--cpu-prof', '--cpu-prof-dir=prof']` to profile it. */
  nodeArgs?: string[];
};

/** How the store process ended: its exit code, or the signal that ended it. */
export type StoreExit = { code: number | null; signal: NodeJS.Signals | null };

export type SpawnedEmbeddedMongo = {
  /** Connection string for mongoose or the driver. */
  uri: string;
  /** Connection string through the Unix domain socket, when one was asked for. */
  socketUri?: string;
  port: number;
  pid: number;
  /** Settles when the store process has ended, whoever ended it. */
  exited: Promise<StoreExit>;
  /** Sends SIGTERM (SIGKILL after the grace period) and resolves once the process has exited. */
  close(): Promise<StoreExit>;
};

/**
 * V8 flags the store runs with (before `nodeArgs`, which may override them). A young generation of 64 MB semi-spaces
 * instead of 16: a batch of writes allocates tens of megabytes of short-lived objects and buffers, and with small
 * semi-spaces its incoming message and journal buffers survived two scavenges, moved to the old generation and counted
 * as external memory until a full collection; V8 started a full marking of the whole heap for every 64 MB of them,
 * seconds of marking every few batches once the heap held a few gigabytes (docs/decisions.md 42).
 */
const STORE_NODE_FLAGS = ['--max-semi-space-size=64'];

function cliArguments(options: SpawnEmbeddedMongoOptions): string[] {
  return [
    '--port',
    String(options.port ?? 0),
    ...(options.host ? ['--host', options.host] : []),
    ...(options.socketPath ? ['--socket', resolve(options.socketPath)] : []),
    ...(options.dataDir ? ['--data-dir', resolve(options.dataDir)] : []),
    ...(options.inMemory ? ['--in-memory'] : []),
    ...(options.recoveryProgressMs !== undefined ? ['--recovery-progress-ms', String(options.recoveryProgressMs)] : []),
    '--exit-with-parent',
  ];
}

function describeExit(exit: StoreExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/**
 * Starts the embedded store as a child process (its own event loop and core) and waits for its
 * address. The child ends when this process ends, even by kill -9: it watches its stdin pipe.
 * @example const store = await spawnEmbeddedMongo({ dataDir: defaultDataDir(), log: console.error }); … await store.close();
 */
export function spawnEmbeddedMongo(options: SpawnEmbeddedMongoOptions = {}): Promise<SpawnedEmbeddedMongo> {
  const log = options.log ?? (() => {});
  // detached: a Ctrl-C in the terminal reaches only the parent, which closes the store after its own
  // last writes instead of racing it. stdin is the parent-watch pipe; nothing is ever written to it.
  const child = spawn(process.execPath, [...STORE_NODE_FLAGS, ...(options.nodeArgs ?? []), '--import', TSX_LOADER, STORE_CLI, ...cliArguments(options)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  // Kept until the store has started, for the error if it does not.
  let stderrLines: string[] | null = [];
  /** Until the store has started: each stderr line (a recovery's progress) gives it startTimeoutMs more. */
  let heard = () => {};
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrLines?.push(line);
    log(line);
    heard();
  });
  const exited = new Promise<StoreExit>((settle) => child.once('exit', (code, signal) => settle({ code, signal })));

  const close = async (): Promise<StoreExit> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const escalate = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
      const exit = await exited;
      clearTimeout(escalate);
      return exit;
    }
    return exited;
  };

  return new Promise((resolveStart, rejectStart) => {
    const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    let started = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const fail = (reason: string) => {
      clearTimeout(timer);
      if (started || settled) return;
      settled = true;
      const lines = stderrLines ?? [];
      const output = lines.length > 0 ? `:\n${lines.join('\n')}` : ' (it wrote nothing to stderr)';
      rejectStart(new Error(`embedded-mongo: the store process ${reason}${output}`));
    };
    const wait = () => {
      clearTimeout(timer);
      if (started || settled) return;
      timer = setTimeout(() => {
        fail(`said nothing for ${startTimeoutMs} ms and did not print its address`);
        void close();
      }, startTimeoutMs);
    };
    heard = wait;
    wait();
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    // Wait for stderr to be read to its end so the error carries the store's own explanation.
    child.once('close', (code, signal) => fail(`${describeExit({ code, signal })} before printing its address`));
    createInterface({ input: child.stdout }).once('line', (uri) => {
      clearTimeout(timer);
      started = true;
      stderrLines = null;
      const socket = options.socketPath ? { socketUri: socketUri(resolve(options.socketPath)) } : {};
      resolveStart({ uri, ...socket, port: Number(new URL(uri).port), pid: child.pid as number, exited, close });
    });
  });
}
