import type { Document } from 'bson';
import type { ChangePosition } from './resume-token.js';

/** Changes kept per collection for change streams; a stream further behind fails with ChangeStreamHistoryLost. */
const MAX_CHANGES_PER_COLLECTION = 10_000;
/** The log may overshoot its bound by this many changes before the oldest are dropped at once. */
const TRIM_SLACK = 1_000;

/** What a write did to one document, as a change stream reports it. Documents are the stored (immutable) ones. */
export type StoredChange =
  | { operationType: 'insert'; doc: Document }
  | { operationType: 'update'; doc: Document; updatedFields: Document; removedFields: string[] }
  | { operationType: 'replace'; doc: Document }
  | { operationType: 'delete'; id: unknown };

/** One logged change with its place in the log. */
export type ChangeEntry = ChangePosition & { wallTime: Date; change: StoredChange };

/** Hands out log places: sequence numbers and cluster times that only grow, shared by every collection. */
export type ChangeStamper = { stamp(): ChangePosition; current(): ChangePosition };

/**
 * The newest changes of one collection, in the order they were applied, for its change streams. It
 * keeps at most about `MAX_CHANGES_PER_COLLECTION`; streams hold a position in it, not copies.
 * @example log.append({ operationType: 'insert', doc }); log.entriesAfter(position.seq)
 */
export class ChangeLog {
  private entries: ChangeEntry[] = [];
  private readonly listeners = new Set<() => void>();
  /** The oldest position a stream can continue from: changes after it are all still here. */
  private oldestSeq: number;

  constructor(private readonly stamper: ChangeStamper) {
    this.oldestSeq = stamper.current().seq;
  }

  /** Records a change that has been applied and wakes the streams waiting for one. */
  append(change: StoredChange): void {
    this.entries.push({ ...this.stamper.stamp(), wallTime: new Date(), change });
    if (this.entries.length > MAX_CHANGES_PER_COLLECTION + TRIM_SLACK) {
      const dropped = this.entries.length - MAX_CHANGES_PER_COLLECTION;
      this.oldestSeq = (this.entries[dropped - 1] as ChangeEntry).seq;
      this.entries = this.entries.slice(dropped);
    }
    for (const listener of [...this.listeners]) listener();
  }

  /** Whether every change after `seq` is still in the log. */
  covers(seq: number): boolean {
    return seq >= this.oldestSeq;
  }

  /** Index of the first entry after `seq`, for `entryAt`. */
  indexAfter(seq: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.entries[middle] as ChangeEntry).seq <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The entry at an index from `indexAfter` (undefined past the newest). */
  entryAt(index: number): ChangeEntry | undefined {
    return this.entries[index];
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
