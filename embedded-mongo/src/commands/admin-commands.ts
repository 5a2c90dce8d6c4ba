import type { Document } from 'bson';
import { Query } from 'mingo/query';
import type { CommandContext } from '../command-context.js';
import { ID_INDEX_SPEC } from '../collection.js';
import { MongoCommandError } from '../errors.js';
import { preparedQueryOptions } from '../query-options.js';
import { MAX_DOCUMENT_BYTES } from '../document-size-limit.js';

/**
 * The wire versions this server speaks: 17 is MongoDB 6.0 (the driver needs at least 9). It stays 17
 * although the store also answers MongoDB 8.0's `bulkWrite` command: one 8.0 command does not make it
 * an 8.0 server, and a higher wire version would tell drivers to rely on everything else 7.0 and 8.0
 * added. The driver's `MongoClient.bulkWrite` does not check the wire version, so it works as it is.
 */
const WIRE_VERSION = { min: 0, max: 17 } as const;
/** Reported server version, matching `WIRE_VERSION.max`. */
const SERVER_VERSION = '6.0.0';
/** Largest message a client may send (MongoDB's limit). */
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;
/** Most writes one command may carry (MongoDB's `maxWriteBatchSize`). */
export const MAX_WRITE_BATCH_SIZE = 100_000;
const LOGICAL_SESSION_TIMEOUT_MINUTES = 30;

/** `hello` / `isMaster`: a standalone, writable server that supports sessions. */
export function helloCommand(command: Document, context: CommandContext): Document {
  const legacy = !('hello' in command);
  return {
    helloOk: true,
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    maxBsonObjectSize: MAX_DOCUMENT_BYTES,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: LOGICAL_SESSION_TIMEOUT_MINUTES,
    connectionId: context.connectionId,
    minWireVersion: WIRE_VERSION.min,
    maxWireVersion: WIRE_VERSION.max,
    readOnly: false,
    ok: 1,
  };
}

/** `buildInfo`. */
export function buildInfoCommand(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: 'embedded-mongo',
    versionArray: SERVER_VERSION.split('.').map(Number).concat(0),
    bits: 64,
    maxBsonObjectSize: MAX_DOCUMENT_BYTES,
    storageEngines: ['embedded'],
    ok: 1,
  };
}

/**
 * `serverStatus`, as far as this store keeps figures: the open cursor count (`metrics.cursor.open.total`),
 * so a client can see that closed cursors and change streams are gone.
 * @example await db.admin().command({ serverStatus: 1 }) // { metrics: { cursor: { open: { total: 0 } } }, ok: 1 }
 */
export function serverStatusCommand(_command: Document, context: CommandContext): Document {
  return {
    version: SERVER_VERSION,
    process: 'embedded-mongo',
    uptime: Math.floor(process.uptime()),
    metrics: { cursor: { open: { total: context.cursors.openCount } } },
    ok: 1,
  };
}

/** Commands that need nothing but `ok: 1` (sessions live in the client; there is nothing to end). */
export function acknowledgeCommand(): Document {
  return { ok: 1 };
}

/** `listDatabases`. */
export function listDatabasesCommand(command: Document, context: CommandContext): Document {
  const databases = context.engine.databaseNames().map((name) => ({ name, sizeOnDisk: 0, empty: context.engine.collections(name).length === 0 }));
  if (command.nameOnly === true) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
}

/** `create`: makes an empty collection (no error if it exists, as MongoDB 7 does for equal options). */
export async function createCommand(command: Document, context: CommandContext): Promise<Document> {
  context.engine.ensureCollection(context.db, String(command.create));
  await context.engine.durable();
  return { ok: 1 };
}

/** `drop`: NamespaceNotFound is reported as success, as MongoDB 7 does. */
export async function dropCommand(command: Document, context: CommandContext): Promise<Document> {
  const name = String(command.drop);
  const collection = context.engine.collection(context.db, name);
  const nIndexesWas = collection ? collection.indexes.size + 1 : 0;
  context.engine.dropCollection(context.db, name);
  await context.engine.durable();
  return { nIndexesWas, ns: `${context.db}.${name}`, ok: 1 };
}

/** `dropDatabase`. */
export async function dropDatabaseCommand(_command: Document, context: CommandContext): Promise<Document> {
  context.engine.dropDatabase(context.db);
  await context.engine.durable();
  return { dropped: context.db, ok: 1 };
}

/** `listCollections`, with `filter` and `nameOnly`. */
export function listCollectionsCommand(command: Document, context: CommandContext): Document {
  const all = context.engine.collections(context.db).map((collection) => ({
    name: collection.name,
    type: 'collection',
    options: {},
    info: { readOnly: false },
    idIndex: ID_INDEX_SPEC,
  }));
  const filter = (command.filter ?? {}) as Document;
  const matching = all.filter((entry) => new Query(filter, preparedQueryOptions).test(entry));
  const docs = command.nameOnly === true ? matching.map(({ name, type }) => ({ name, type })) : matching;
  return context.cursors.firstBatch({ ns: `${context.db}.$cmd.listCollections`, docs, batchSize: Number.MAX_SAFE_INTEGER });
}

/**
 * MongoDB's error for a command on a collection that does not exist.
 * @example throw namespaceNotFound(context, 'leads')
 */
export function namespaceNotFound(context: CommandContext, name: string): MongoCommandError {
  return new MongoCommandError('NamespaceNotFound', `ns does not exist: ${context.db}.${name}`);
}
