import { Long, type Document } from 'bson';
import type { ChangeStreamCursor } from './change-stream-cursor.js';
import { MongoCommandError } from './errors.js';
import { DEFAULT_FIRST_BATCH_SIZE, takeBatch } from './reply-batch.js';

/** An open cursor is dropped after this long without a getMore (MongoDB's default). */
const CURSOR_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/** How long a change stream's getMore waits for a change when the command names no `maxTimeMS` (MongoDB's awaitData default). */
const DEFAULT_AWAIT_DATA_MS = 1000;
/** The longest a getMore waits, whatever its `maxTimeMS` (Node's timers fire at once past 2^31 - 1 ms). */
const MAX_AWAIT_DATA_MS = 2 ** 31 - 1;
/** Most changes in one change stream batch when the getMore names no batch size. */
const MAX_CHANGES_PER_BATCH = 1000;

type OpenCursor =
  | { kind: 'documents'; ns: string; docs: Document[]; position: number; lastUsed: number }
  | { kind: 'changeStream'; ns: string; stream: ChangeStreamCursor; lastUsed: number };

function randomCursorId(): Long {
  // Positive, non-zero int64 (zero means "exhausted").
  const high = Math.floor(Math.random() * 0x7fffffff) + 1;
  const low = Math.floor(Math.random() * 0xffffffff);
  return Long.fromBits(low, high);
}

/**
 * Open cursors by int64 id: the first batch goes out with the command reply, the rest with getMore.
 * @example return cursors.firstBatch({ ns: 'app.leads', docs, batchSize: 101 })
 */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();

  /** The `cursor` reply of find/aggregate/list commands, keeping a cursor open if more remain. */
  firstBatch(input: { ns: string; docs: Document[]; batchSize?: number; singleBatch?: boolean }): Document {
    this.reapIdle();
    const batch = takeBatch({ docs: input.docs, start: 0, batchSize: input.batchSize ?? DEFAULT_FIRST_BATCH_SIZE });
    let id = Long.ZERO;
    if (batch.length < input.docs.length && !input.singleBatch) {
      id = randomCursorId();
      this.cursors.set(id.toString(), { kind: 'documents', ns: input.ns, docs: input.docs, position: batch.length, lastUsed: Date.now() });
    }
    return { cursor: { firstBatch: batch, id, ns: input.ns }, ok: 1 };
  }

  /**
   * The `cursor` reply of an aggregate opening a change stream: its first batch, and the stream kept
   * open (a non-zero id) until killCursors, however many batches come empty.
   */
  openChangeStream(input: { ns: string; stream: ChangeStreamCursor; batchSize?: number }): Document {
    this.reapIdle();
    const id = randomCursorId();
    const { docs, postBatchResumeToken } = input.stream.takeBatch(input.batchSize ?? DEFAULT_FIRST_BATCH_SIZE);
    this.cursors.set(id.toString(), { kind: 'changeStream', ns: input.ns, stream: input.stream, lastUsed: Date.now() });
    return { cursor: { firstBatch: docs, postBatchResumeToken, id, ns: input.ns }, ok: 1 };
  }

  /** How many cursors are open (serverStatus reports it). */
  get openCount(): number {
    return this.cursors.size;
  }

  /** The getMore reply; a change stream's waits up to `maxTimeMS` for a change when there is none. */
  nextBatch(input: { id: Long; ns: string; batchSize?: number; maxTimeMS?: number }): Document | Promise<Document> {
    const key = input.id.toString();
    const cursor = this.cursors.get(key);
    if (!cursor || cursor.ns !== input.ns) throw new MongoCommandError('CursorNotFound', `cursor id ${key} not found`);
    switch (cursor.kind) {
      case 'documents':
        return this.nextDocuments({ ...input, cursor });
      case 'changeStream':
        return this.nextChanges({ ...input, cursor });
      default: {
        const unknown: never = cursor;
        throw new Error(`unknown cursor ${JSON.stringify(unknown)}`);
      }
    }
  }

  private nextDocuments(input: { id: Long; ns: string; batchSize?: number; cursor: OpenCursor & { kind: 'documents' } }): Document {
    const { cursor } = input;
    const key = input.id.toString();
    const batch = takeBatch({ docs: cursor.docs, start: cursor.position, batchSize: input.batchSize ?? Number.MAX_SAFE_INTEGER });
    cursor.position += batch.length;
    cursor.lastUsed = Date.now();
    let id = input.id;
    if (cursor.position >= cursor.docs.length) {
      this.cursors.delete(key);
      id = Long.ZERO;
    }
    return { cursor: { nextBatch: batch, id, ns: input.ns }, ok: 1 };
  }

  private async nextChanges(input: {
    id: Long;
    ns: string;
    batchSize?: number;
    maxTimeMS?: number;
    cursor: OpenCursor & { kind: 'changeStream' };
  }): Promise<Document> {
    const { cursor } = input;
    cursor.lastUsed = Date.now();
    const { docs, postBatchResumeToken } = await cursor.stream.awaitBatch({
      batchSize: input.batchSize ?? MAX_CHANGES_PER_BATCH,
      maxTimeMS: Math.min(input.maxTimeMS ?? DEFAULT_AWAIT_DATA_MS, MAX_AWAIT_DATA_MS),
    });
    cursor.lastUsed = Date.now();
    const open = this.cursors.get(input.id.toString()) === cursor;
    return { cursor: { nextBatch: docs, postBatchResumeToken, id: open ? input.id : Long.ZERO, ns: input.ns }, ok: 1 };
  }

  /** Closes cursors; returns which were killed and which were not found. */
  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const key = id.toString();
      const cursor = this.cursors.get(key);
      if (cursor?.kind === 'changeStream') cursor.stream.close();
      (this.cursors.delete(key) ? killed : notFound).push(id);
    }
    return { killed, notFound };
  }

  /** Closes every cursor (the server is stopping): change streams waiting for a change answer at once. */
  closeAll(): void {
    this.kill([...this.cursors.keys()].map((key) => Long.fromString(key)));
  }

  private reapIdle(): void {
    const cutoff = Date.now() - CURSOR_IDLE_TIMEOUT_MS;
    for (const [key, cursor] of this.cursors) if (cursor.lastUsed < cutoff) this.kill([Long.fromString(key)]);
  }
}
