import mongoose, { type mongo } from 'mongoose';
import { scoped } from './tenant-collection';

type Doc = Record<string, unknown>;

/**
 * One write of a tenant's document, in a collection (by name) of the writer's database: an insert, or an
 * update of the first document its filter matches.
 */
export type TenantWrite =
  | { type: 'insert'; collection: string; tenantId: string; document: Doc }
  | { type: 'update'; collection: string; tenantId: string; filter: Doc; update: Doc };

/**
 * What became of one write: the documents it matched (an insert: 1), or why it failed. When the command
 * carrying it failed as a whole (a lost connection), every write of that command gets its error, and such
 * a write may have applied: a caller may not read a failure as "did not apply".
 */
export type WriteOutcome = { ok: true; n: number } | { ok: false; code: number; message: string };

/** MongoDB's code for a duplicate key. */
export const DUPLICATE_KEY = 11000;
/** MongoDB's code for a command the server does not know (`bulkWrite` before MongoDB 8.0). */
const COMMAND_NOT_FOUND = 59;

const INSERTED: WriteOutcome = { ok: true, n: 1 };

/**
 * Most bytes of ops one command carries: the command is one BSON document, which MongoDB refuses above
 * its maxBsonObjectSize (16 MiB, plus 16 KiB for the command's own fields). Writes that are each legal
 * but together larger go as several commands, or one request's large write would fail all the others.
 */
const COMMAND_OPS_BYTES_MAX = 16 * 1024 * 1024;
/** What an op adds to the `ops` array besides itself: its type byte and its index as a key. */
const OP_ENTRY_OVERHEAD_BYTES = 8;

/** One `bulkWrite` op, naming its collection by index into `nsInfo`. */
type Op = { insert: number; document: Doc } | { update: number; filter: Doc; updateMods: Doc; multi: false };

/** One entry of the `bulkWrite` reply's cursor. */
type OpReply = { ok: number; idx: number; n?: number; code?: number; errmsg?: string };

/**
 * Sends many writes, of any tenants and collections, as ONE `bulkWrite` command (MongoDB 8.0's
 * client-level bulk write, which the embedded store answers too) and tells each write's own outcome:
 * a collection's bulk write only counts how many updates matched, not which. Every write is scoped to its
 * tenant. On a server without `bulkWrite` the writes go one by one, with the same outcomes.
 * Raw command, not `MongoClient.bulkWrite`: the driver's bulk helpers cost more than the round trip here.
 * @example const [outcome] = await writer.write([{ type: 'update', collection, tenantId, filter: { _id, version: 3 }, update }])
 */
export class TenantBulkWriter {
  /** False once the server answered that it has no `bulkWrite` command. */
  private supported = true;
  private readonly admin: mongo.Db;
  private readonly db: mongo.Db;

  /** Writes to the database `dbName` of `client`. */
  constructor(client: mongo.MongoClient, dbName: string) {
    this.admin = client.db('admin');
    this.db = client.db(dbName);
  }

  /** Runs the writes, unordered (one failing stops none of the others), and returns one outcome per write, in order. */
  async write(unscoped: readonly TenantWrite[]): Promise<WriteOutcome[]> {
    if (unscoped.length === 0) return [];
    // Every write gets its tenant before any is sent: one without a tenant refuses the whole batch.
    const writes = unscoped.map(
      (write): TenantWrite => (write.type === 'insert' ? { ...write, document: scoped(write.tenantId, write.document) } : { ...write, filter: scoped(write.tenantId, write.filter) }),
    );
    if (this.supported) {
      try {
        return await this.viaBulkWrite(writes);
      } catch (error) {
        if ((error as { code?: number }).code !== COMMAND_NOT_FOUND) throw error;
        // Nothing ran: the server refused the command as a whole.
        this.supported = false;
      }
    }
    return Promise.all(writes.map((write) => this.writeOne(write)));
  }

  /**
   * The writes as `bulkWrite` commands of at most `COMMAND_OPS_BYTES_MAX` bytes of ops each (one command
   * unless they are large); a command that fails as a whole gives its error to its own writes only.
   */
  private async viaBulkWrite(writes: readonly TenantWrite[]): Promise<WriteOutcome[]> {
    const namespaces = new Map<string, number>();
    const nsInfo: { ns: string }[] = [];
    const ops = writes.map((write): Op => {
      const ns = `${this.db.databaseName}.${write.collection}`;
      let index = namespaces.get(ns);
      if (index === undefined) {
        index = nsInfo.push({ ns }) - 1;
        namespaces.set(ns, index);
      }
      return write.type === 'insert'
        ? { insert: index, document: write.document }
        : { update: index, filter: write.filter, updateMods: write.update, multi: false };
    });
    // An insert that succeeded matched its one document, so a batch of inserts asks only for failures
    // (no reply entry to build and read per event); updates need every write's matched count.
    const errorsOnly = writes.every((write) => write.type === 'insert');
    const outcomes: WriteOutcome[] = [];
    for (const chunk of byCommandSize(ops)) {
      try {
        outcomes.push(...(await this.command({ ops: chunk, nsInfo, errorsOnly })));
      } catch (error) {
        const e = error as { code?: number; message?: string };
        // The server has no bulkWrite: it refused the first command before running anything, so every
        // write may go again.
        if (e.code === COMMAND_NOT_FOUND && outcomes.length === 0) throw error;
        const failed: WriteOutcome = { ok: false, code: e.code ?? 0, message: e.message ?? String(error) };
        for (let i = 0; i < chunk.length; i++) outcomes.push(failed);
      }
    }
    return outcomes;
  }

  /** One `bulkWrite` command: one outcome per op, in order. */
  private async command(input: { ops: readonly Op[]; nsInfo: readonly { ns: string }[]; errorsOnly: boolean }): Promise<WriteOutcome[]> {
    const { ops, nsInfo, errorsOnly } = input;
    const reply = await this.admin.command({ bulkWrite: 1, ops, nsInfo, ordered: false, errorsOnly });
    const outcomes = new Array<WriteOutcome>(ops.length);
    let cursor = reply.cursor as { id: mongo.Long | number; firstBatch?: OpReply[]; nextBatch?: OpReply[] };
    for (;;) {
      for (const op of cursor.firstBatch ?? cursor.nextBatch ?? []) {
        outcomes[op.idx] = op.ok === 1 ? { ok: true, n: op.n ?? 0 } : { ok: false, code: op.code ?? 0, message: op.errmsg ?? 'write failed' };
      }
      if (Number(cursor.id) === 0) break;
      cursor = (await this.admin.command({ getMore: cursor.id, collection: '$cmd.bulkWrite' })).cursor;
    }
    // An unordered bulk write answers for every op (for every failed one when errorsOnly); a missing
    // answer to an update is the server's fault, not success.
    for (let i = 0; i < outcomes.length; i++) outcomes[i] ??= errorsOnly ? INSERTED : { ok: false, code: 0, message: 'the server did not report this write' };
    return outcomes;
  }

  /** One write (already scoped) through its collection, on a server without `bulkWrite`: its outcome, errors included. */
  private async writeOne(write: TenantWrite): Promise<WriteOutcome> {
    const collection = this.db.collection(write.collection);
    try {
      if (write.type === 'insert') {
        await collection.insertOne(write.document as never);
        return INSERTED;
      }
      const result = await collection.updateOne(write.filter as never, write.update);
      return { ok: true, n: result.matchedCount };
    } catch (error) {
      const e = error as { code?: number; message?: string };
      return { ok: false, code: e.code ?? 0, message: e.message ?? String(error) };
    }
  }
}

/** The ops in order, cut into runs that each fit one command (an op too large for any goes alone, and fails alone). */
function byCommandSize(ops: readonly Op[]): Op[][] {
  const chunks: Op[][] = [];
  let chunk: Op[] = [];
  let bytes = 0;
  for (const op of ops) {
    const size = mongoose.mongo.BSON.calculateObjectSize(op) + OP_ENTRY_OVERHEAD_BYTES;
    if (chunk.length > 0 && bytes + size > COMMAND_OPS_BYTES_MAX) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(op);
    bytes += size;
  }
  chunks.push(chunk);
  return chunks;
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
