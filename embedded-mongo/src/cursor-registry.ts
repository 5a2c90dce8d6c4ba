import { Long, type Document } from 'bson';
import { MongoCommandError } from './errors.js';
import { DEFAULT_FIRST_BATCH_SIZE, takeBatch } from './reply-batch.js';

/** An open cursor is dropped after this long without a getMore (MongoDB's default). */
export const CURSOR_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

type OpenCursor = { ns: string; docs: Document[]; position: number; lastUsed: number };

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
      this.cursors.set(id.toString(), { ns: input.ns, docs: input.docs, position: batch.length, lastUsed: Date.now() });
    }
    return { cursor: { firstBatch: batch, id, ns: input.ns }, ok: 1 };
  }

  /** The getMore reply. */
  nextBatch(input: { id: Long; ns: string; batchSize?: number }): Document {
    const key = input.id.toString();
    const cursor = this.cursors.get(key);
    if (!cursor || cursor.ns !== input.ns) throw new MongoCommandError('CursorNotFound', `cursor id ${key} not found`);
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

  /** Closes cursors; returns which were killed and which were not found. */
  kill(ids: Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.cursors.delete(id.toString()) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  private reapIdle(): void {
    const cutoff = Date.now() - CURSOR_IDLE_TIMEOUT_MS;
    for (const [key, cursor] of this.cursors) if (cursor.lastUsed < cutoff) this.cursors.delete(key);
  }
}
