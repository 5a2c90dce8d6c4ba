import { randomBytes } from 'node:crypto';
import { MongoClient, type Collection, type Db } from 'mongodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { startEmbeddedMongo } from '../../src/index.js';

/** A server the contract suite runs against. */
type ContractTarget = {
  name: 'embedded' | 'mongodb';
  /** Why this target is skipped, if it is. */
  skipReason?: string;
  start(): Promise<{ uri: string; stop(): Promise<void> }>;
};

const TARGETS: ContractTarget[] = [
  {
    name: 'embedded',
    start: async () => {
      const mongo = await startEmbeddedMongo({ inMemory: true });
      return { uri: mongo.uri, stop: () => mongo.close() };
    },
  },
  {
    name: 'mongodb',
    ...(process.env.MONGODB_URI ? {} : { skipReason: 'MONGODB_URI is not set, so there is no real MongoDB to compare with' }),
    start: async () => ({ uri: process.env.MONGODB_URI as string, stop: async () => {} }),
  },
];

/** What a contract test gets: a connected client, a fresh database name on the target, and the uri. */
export type ContractContext = {
  target: ContractTarget['name'];
  uri: string;
  dbName: string;
  client: MongoClient;
  db(): Db;
  /** A collection of the test database typed loosely, as the suite stores ids of every BSON type. */
  collection(name: string): Collection<LooseDocument>;
};

/** Any document: the suite stores `_id`s of every BSON type, which the driver's default typing forbids. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseDocument = any;

/**
 * Declares a block of contract tests once; it runs against the embedded store and, when
 * MONGODB_URI is set, against that MongoDB too (otherwise skipped with the reason printed).
 */
export function describeContract(title: string, body: (context: ContractContext) => void): void {
  for (const target of TARGETS) {
    if (target.skipReason) {
      console.log(`[contract] "${title}" against ${target.name} is skipped: ${target.skipReason}`);
      describe.skip(`${title} [${target.name}]`, () => body({} as ContractContext));
      continue;
    }
    describe(`${title} [${target.name}]`, () => {
      let stop: () => Promise<void> = async () => {};
      const context: ContractContext = {
        target: target.name,
        uri: '',
        dbName: `contract_${randomBytes(4).toString('hex')}`,
        client: undefined as unknown as MongoClient,
        db: () => context.client.db(context.dbName),
        collection: (name) => context.client.db(context.dbName).collection<LooseDocument>(name),
      };
      beforeAll(async () => {
        const started = await target.start();
        stop = started.stop;
        context.uri = started.uri;
        context.client = new MongoClient(started.uri, { monitorCommands: true });
        await context.client.connect();
      });
      afterAll(async () => {
        await context.client?.db(context.dbName).dropDatabase();
        await context.client?.close();
        await stop();
      });
      body(context);
    });
  }
}

/** Records the replies of commands by name while `run` executes. */
export async function recordReplies<T>(
  client: MongoClient,
  run: () => Promise<T>,
): Promise<{ result: T; replies: Array<{ name: string; reply: Record<string, unknown> }> }> {
  const replies: Array<{ name: string; reply: Record<string, unknown> }> = [];
  const listener = (event: { commandName: string; reply: unknown }) => replies.push({ name: event.commandName, reply: event.reply as Record<string, unknown> });
  client.on('commandSucceeded', listener);
  try {
    const result = await run();
    return { result, replies };
  } finally {
    client.off('commandSucceeded', listener);
  }
}
