import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepositoryRoot } from './find-repository-root.js';
import { StorageEngine } from './storage-engine.js';
import { publishStoreAddress } from './store-address.js';
import { startWireServer } from './wire-server.js';
import type { RefusedCommandCode } from './command-context.js';

/** Options of `startEmbeddedMongo`. */
export type EmbeddedMongoOptions = {
  /** Where data lives; default `$FUNNEL_DATA_DIR/embedded-mongo` or `<repo>/data/embedded-mongo`. */
  dataDir?: string;
  /** Keep everything in memory (tests); nothing is written. */
  inMemory?: boolean;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /**
   * Also listen on this Unix domain socket (`socketUri` then connects through it): a client on the same
   * machine skips the TCP stack, which costs the api ~10 % of its CPU per request on loopback TCP.
   * A socket file a dead store left there is replaced; anything else there is refused.
   */
  socketPath?: string;
  /** Journal size after which it is folded into a snapshot. */
  compactAfterBytes?: number;
  /** Where recovery notes go; default console.warn. */
  log?: (message: string) => void;
  /** How often a long recovery says how far it has come (through `log`); 5 s by default. */
  recoveryProgressMs?: number;
  /**
   * Commands to answer as unknown (`CommandNotFound`), so tests can run against a store that behaves
   * like an older MongoDB, e.g. `['bulkWrite']` for one before 8.0.
   */
  withoutCommands?: readonly string[];
  /**
   * Commands to refuse as `CommandNotSupported`, as MongoDB 8.0 refuses `bulkWrite` while its feature
   * compatibility version is still 7.0 (during an upgrade), e.g. `['bulkWrite']`.
   */
  unsupportedCommands?: readonly string[];
};

/** A running embedded store. */
export type EmbeddedMongo = {
  /** Connection string for `mongoose.connect` or `new MongoClient`. */
  uri: string;
  /** Connection string through the Unix domain socket, when one was asked for. */
  socketUri?: string;
  port: number;
  /** Documents loaded from the data directory at start, how long that took and the CPU it used. */
  recovery: { documents: number; ms: number; cpuMs: number };
  /** Folds the journal into a snapshot now. */
  compact(): Promise<void>;
  /** Stops listening and closes the data files. */
  close(): Promise<void>;
};

const DEFAULT_HOST = '127.0.0.1';

/**
 * The data folder used when none is given: `$FUNNEL_DATA_DIR/embedded-mongo`, else `<repo>/data/embedded-mongo`.
 * @example defaultDataDir() // '/srv/funnel/data/embedded-mongo'
 */
export function defaultDataDir(): string {
  const base = process.env.FUNNEL_DATA_DIR ?? join(findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url))) ?? process.cwd(), 'data');
  return join(base, 'embedded-mongo');
}

/**
 * Starts the MongoDB-wire-compatible store on 127.0.0.1 (a free port unless one is given).
 * @example const mongo = await startEmbeddedMongo({ inMemory: true }); await mongoose.connect(mongo.uri);
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const dataDir = options.inMemory ? undefined : (options.dataDir ?? defaultDataDir());
  const engine = StorageEngine.open(
    dataDir === undefined
      ? { kind: 'memory' }
      : {
          kind: 'directory',
          dataDir,
          ...(options.compactAfterBytes !== undefined ? { compactAfterBytes: options.compactAfterBytes } : {}),
          ...(options.recoveryProgressMs !== undefined ? { recoveryProgressMs: options.recoveryProgressMs } : {}),
          log: options.log ?? ((message) => console.warn(message)),
        },
  );
  const host = options.host ?? DEFAULT_HOST;
  let server: Awaited<ReturnType<typeof startWireServer>>;
  try {
    server = await startWireServer({ engine, host, port: options.port ?? 0, socketPath: options.socketPath, refusedCommands: refusedCommands(options) });
  } catch (error) {
    await engine.close();
    throw error;
  }
  const listening = server;
  const uriHost = host.includes(':') ? `[${host}]` : host;
  const uri = `mongodb://${uriHost}:${listening.port}/?directConnection=true`;
  // Where a tool finds the store that serves this data directory (`funnel backup`: store-address.ts).
  const forgetAddress = dataDir === undefined ? undefined : publishStoreAddress(dataDir, uri);
  return {
    uri,
    ...(options.socketPath !== undefined ? { socketUri: socketUri(options.socketPath) } : {}),
    port: listening.port,
    recovery: engine.recovery,
    compact: () => engine.compact(),
    close: async () => {
      forgetAddress?.();
      await listening.close();
      await engine.close();
    },
  };
}

/**
 * The connection string of a store listening on a Unix domain socket (the driver takes an
 * URL-encoded path ending in `.sock` as the host).
 * @example socketUri('/tmp/funnel-store.sock') // 'mongodb://%2Ftmp%2Ffunnel-store.sock/?directConnection=true'
 */
export function socketUri(socketPath: string): string {
  return `mongodb://${encodeURIComponent(socketPath)}/?directConnection=true`;
}

/** The commands the options refuse, each with the error it is refused with (undefined: none). */
function refusedCommands(options: EmbeddedMongoOptions): ReadonlyMap<string, RefusedCommandCode> | undefined {
  const refused = new Map<string, RefusedCommandCode>();
  for (const name of options.withoutCommands ?? []) refused.set(name, 'CommandNotFound');
  for (const name of options.unsupportedCommands ?? []) refused.set(name, 'CommandNotSupported');
  return refused.size > 0 ? refused : undefined;
}
