import { crc32 } from 'node:zlib';
import { BSON } from 'bson';
import { FRAME_HEADER_BYTES } from './framed-records.js';
import type { LogOperation } from './log-operation.js';

/** Free room kept for the next record: bson serializes into a buffer of 17 MB, so no record is larger. */
const RECORD_ROOM_BYTES = 17 * 1024 * 1024 + FRAME_HEADER_BYTES;
/** A buffer grown past this by an unusually large turn is given back after its flush. */
const KEPT_BYTES = 4 * RECORD_ROOM_BYTES;

/**
 * The journal records of one turn of the event loop, framed (framed-records.ts) into one buffer that is kept and
 * reused from turn to turn. A buffer per record lived through the turn's work, was promoted to V8's old generation
 * and stayed counted as external memory until the next full collection, and V8 starts a full marking of the heap
 * for every 64 MB of such memory: at millions of documents, seconds of marking every few batches of writes.
 * @example const journal = new JournalBuffer(); journal.append(op); writeAll(fd, journal.contents()); journal.clear();
 */
export class JournalBuffer {
  // Allocated at the first record (a store in memory never has one); allocUnsafe: pages never written are never resident.
  private buffer = Buffer.alloc(0);
  private used = 0;

  /** Bytes framed since the last clear. */
  get length(): number {
    return this.used;
  }

  /** Frames `op` after the records already held. */
  append(op: LogOperation): void {
    if (this.buffer.length - this.used < RECORD_ROOM_BYTES) {
      const larger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + RECORD_ROOM_BYTES));
      this.buffer.copy(larger, 0, 0, this.used);
      this.buffer = larger;
    }
    const start = this.used + FRAME_HEADER_BYTES;
    const end = BSON.serializeWithBufferAndIndex(op, this.buffer, { index: start }) + 1;
    this.buffer.writeUInt32LE(end - start, this.used);
    this.buffer.writeUInt32LE(crc32(this.buffer.subarray(start, end)), this.used + 4);
    this.used = end;
  }

  /** The framed records since the last clear; valid until the next append or clear. */
  contents(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  clear(): void {
    this.used = 0;
    if (this.buffer.length > KEPT_BYTES) this.buffer = Buffer.alloc(0);
  }
}
