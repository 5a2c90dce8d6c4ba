import mongoose, { type mongo } from 'mongoose';
import { scoped } from './tenant-collection';

type Doc = Record<string, unknown>;

/**
 * One write of a tenant's documents, in a collection (by name) of the writer's database: an insert, or an
 * update of the first document its filter matches (with `multi`, of every one).
 */
export type TenantWrite =
  | { type: 'insert'; collection: string; tenantId: string; document: Doc }
  | { type: 'update'; collection: string; tenantId: string; filter: Doc; update: Doc; multi?: boolean };

/**
 * What became of one write: the documents it matched (an insert: 1), or why it failed. When the command
 * carrying it failed as a whole, every write of that command gets its error, and such a write may have
 * applied: a caller may not read a failure as "did not apply". (A lost connection rejects the whole call.)
 */
export type WriteOutcome = { ok: true; n: number } | { ok: false; code: number; message: string };

/**
 * How a server says it cannot run `bulkWrite` at all, before running any of it: CommandNotFound (before
 * MongoDB 8.0) and CommandNotSupported (8.0 with featureCompatibilityVersion still 7.0, or a 7.x mongos).
 */
const BULK_WRITE_UNSUPPORTED = new Set([59, 115]);

const INSERTED: WriteOutcome = { ok: true, n: 1 };

/**
 * Sends many writes, of any tenants and collections, as ONE `bulkWrite` (MongoDB 8.0's client-level bulk
 * write, which the embedded store answers too) and tells each write's own outcome: a collection's bulk
 * write only counts how many updates matched, not which. Every write is scoped to its tenant before any
 * is sent. Through `MongoClient.bulkWrite`, so the driver splits what exceeds one command, retries across
 * a replica set election, applies the client's write concern and follows the reply cursor (a raw command
 * saved ~8 % of the api's CPU per mutation and did none of that). On a server without `bulkWrite` the
 * writes go one by one, with the same outcomes.
 * @example const [outcome] = await writer.write([{ type: 'update', collection, tenantId, filter: { _id, version: 3 }, update }])
 */
export class TenantBulkWriter {
  /** False once the server answered that it has no `bulkWrite` command. */
  private supported = true;
  private readonly client: mongo.MongoClient;
  private readonly db: mongo.Db;

  /** Writes to the database `dbName` of `client`. */
  constructor(client: mongo.MongoClient, dbName: string) {
    this.client = client;
    this.db = client.db(dbName);
  }

  /** Runs the writes, unordered (one failing stops none of the others), and returns one outcome per write, in order. */
  async write(unscoped: readonly TenantWrite[]): Promise<WriteOutcome[]> {
    if (unscoped.length === 0) return [];
    // Every write gets its tenant before any is sent: one without a tenant refuses the whole batch.
    const writes = unscoped.map(
      (write): TenantWrite =>
        write.type === 'insert' ? { ...write, document: scoped(write.tenantId, write.document) } : { ...write, filter: scoped(write.tenantId, write.filter) },
    );
    if (this.supported) {
      try {
        return await this.viaBulkWrite(writes);
      } catch (error) {
        if (!BULK_WRITE_UNSUPPORTED.has((error as { code?: number }).code ?? 0)) throw error;
        // Nothing ran: the server refused the command as a whole.
        this.supported = false;
      }
    }
    return Promise.all(writes.map((write) => this.writeOne(write)));
  }

  /**
   * The writes as one `MongoClient.bulkWrite` (the driver cuts it into commands that fit); each write's
   * outcome from the per-write results and errors; a command the server refused whole gives its error to
   * the writes it carried. A batch of inserts asks for failures only (no result entry per event).
   */
  private async viaBulkWrite(writes: readonly TenantWrite[]): Promise<WriteOutcome[]> {
    const prefix = `${this.db.databaseName}.`;
    const models = writes.map(
      (write): mongo.AnyClientBulkWriteModel<Doc> =>
        write.type === 'insert'
          ? { name: 'insertOne', namespace: prefix + write.collection, document: write.document }
          : { name: write.multi ? 'updateMany' : 'updateOne', namespace: prefix + write.collection, filter: write.filter, update: write.update },
    );
    const errorsOnly = writes.every((write) => write.type === 'insert');
    let result: mongo.ClientBulkWriteResult | undefined;
    let writeErrors: Map<number, { code: number; message: string }> = new Map();
    let failure: WriteOutcome | undefined;
    try {
      result = await this.client.bulkWrite(models, { ordered: false, verboseResults: !errorsOnly });
    } catch (error) {
      if (!(error instanceof mongoose.mongo.MongoClientBulkWriteError)) throw error;
      const cause = error.cause;
      // Refused before anything ran: every write may go again, one by one.
      if (cause && BULK_WRITE_UNSUPPORTED.has((cause as { code?: number }).code ?? 0) && nothingApplied(error.partialResult)) throw cause;
      result = error.partialResult;
      writeErrors = error.writeErrors as never;
      // A command refused whole (not one write of it): its writes have no result of their own.
      if (cause) failure = failedOutcome(cause);
    }
    return writes.map((write, i): WriteOutcome => {
      const error = writeErrors.get(i);
      if (error) return { ok: false, code: error.code, message: error.message };
      const updated = write.type === 'update' ? result?.updateResults?.get(i) : undefined;
      if (updated) return { ok: true, n: updated.matchedCount };
      if (write.type === 'insert' && (errorsOnly ? !failure : result?.insertResults?.has(i))) return INSERTED;
      return failure ?? { ok: false, code: 0, message: 'the server did not report this write' };
    });
  }

  /** One write (already scoped) through its collection, on a server without `bulkWrite`: its outcome, errors included. */
  private async writeOne(write: TenantWrite): Promise<WriteOutcome> {
    const collection = this.db.collection(write.collection);
    try {
      if (write.type === 'insert') {
        await collection.insertOne(write.document as never);
        return INSERTED;
      }
      const result = write.multi
        ? await collection.updateMany(write.filter as never, write.update)
        : await collection.updateOne(write.filter as never, write.update);
      return { ok: true, n: result.matchedCount };
    } catch (error) {
      return failedOutcome(error);
    }
  }
}

/**
 * Throws the first failed write's error, unless its code is one the caller expects (such as a duplicate
 * key when copying what may already be there).
 * @example throwIfFailed(await writer.write(inserts), 'copying events', [DUPLICATE_KEY])
 */
export function throwIfFailed(outcomes: readonly WriteOutcome[], what: string, expectedCodes: readonly number[] = []): void {
  for (const outcome of outcomes) {
    if (!outcome.ok && !expectedCodes.includes(outcome.code)) throw new Error(`${what} failed (code ${outcome.code}): ${outcome.message}`);
  }
}

/** The outcome of a write that an error stopped: the error's code and message. */
function failedOutcome(error: unknown): WriteOutcome {
  const e = error as { code?: number; message?: string };
  return { ok: false, code: e.code ?? 0, message: e.message ?? String(error) };
}

/** Whether a failed bulk write's partial result shows no write applied. */
function nothingApplied(partial: mongo.ClientBulkWriteResult | undefined): boolean {
  return !partial || partial.insertedCount + partial.matchedCount + partial.upsertedCount + partial.deletedCount === 0;
}
