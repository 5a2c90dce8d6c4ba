import DataLoader from 'dataloader';
import type { TenantBulkWriter, TenantWrite, WriteOutcome } from '../models/tenant-bulk-writer';
import { nextTurn } from './next-turn';

/**
 * The writes of one turn of the event loop, whoever asks (the record store's inserts and updates, the outbox
 * drainer's event inserts, outbox clears and metric-day marks, routing's capacity takes), sent as one `bulkWrite`
 * that reports each write's own outcome: under load a command per caller cost more than the writes themselves.
 * Unordered: writes of one turn are independent. A record's version-checked write and a clear of its logged outbox
 * entries are exact in either order; a capacity take is a conditional update of a person's places that no other
 * write of a turn touches; a mark only sets a day dirty. A write that must follow another (a record's insert after
 * its place is taken, a mark after its events are in the log) is loaded only once that one answered, so never in
 * the same command. Every write here is a single-document write, so the driver retries the command across a
 * replica set election (a batch holding a multi-document update is not retried).
 * @example const [outcome] = await turn.write([{ type: 'insert', collection: 'records', tenantId, document }])
 */
export class TurnWrites {
  private readonly writes: DataLoader<TenantWrite, WriteOutcome, TenantWrite>;

  constructor(writer: TenantBulkWriter) {
    // No batch limit of its own: a drain of hundreds of events goes as one command, as before, and the driver splits
    // what passes MongoDB's own limits (100,000 writes, 48 MB).
    this.writes = new DataLoader((writes) => writer.write(writes), { cache: false, batchScheduleFn: nextTurn });
  }

  /** One write, sent with the others of this turn; its outcome. */
  load(write: TenantWrite): Promise<WriteOutcome> {
    return this.writes.load(write);
  }

  /** Writes sent with the others of this turn; one outcome each, in order (as TenantBulkWriter.write, a lost command rejects). */
  async write(writes: readonly TenantWrite[]): Promise<WriteOutcome[]> {
    const outcomes = await this.writes.loadMany(writes);
    const lost = outcomes.find((outcome): outcome is Error => outcome instanceof Error);
    if (lost) throw lost;
    return outcomes as WriteOutcome[];
  }
}
