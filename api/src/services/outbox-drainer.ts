import type { FunnelEvent } from '@funnel/engine';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import { tenantCollection } from '../models/tenant-collection';
import { groupBy } from './group-by';
import type { OutboxEntry } from '../models/record';

/** Events from one record write waiting to be copied into the event log. */
export interface PendingOutbox {
  tenantId: string;
  recordId: string;
  workflowKey: string;
  /** The record version at which the stored outbox is exactly `entries` (then it is cleared with a cheap
   * version-checked `$set`), or null when unknown (the entries are pulled by id). */
  version: number | null;
  entries: OutboxEntry[];
}

/** Largest number of records drained in one round trip pair. */
const DRAIN_BATCH_RECORDS = 200;
const DUPLICATE_KEY = 11000;

const VERSION_DIGITS = 10;
const SEQ_DIGITS = 4;

/**
 * Event log ids are `${recordId}:${version}:${index}`, zero-padded so that id order is log order:
 * copying one outbox twice inserts nothing twice.
 * @example outboxEntries({ id: 'r1', version: 3 }, [event])[0]._id // → 'r1:0000000003:0000'
 */
export function outboxEntries(record: { id: string; version: number }, events: FunnelEvent[]): OutboxEntry[] {
  const version = String(record.version).padStart(VERSION_DIGITS, '0');
  return events.map((event, i) => ({ _id: `${record.id}:${version}:${String(i).padStart(SEQ_DIGITS, '0')}`, event }));
}

/**
 * The event log document of one outbox entry, `_id` first (as MongoDB stores it). Built by assignment:
 * spreading events of many shapes into one literal costs V8 several times more.
 */
function eventDoc(pending: PendingOutbox, entry: OutboxEntry): EventDoc {
  const [, version, seq] = entry._id.split(':');
  const doc = { _id: entry._id } as EventDoc;
  Object.assign(doc, entry.event);
  doc._id = entry._id;
  doc.tenantId = pending.tenantId;
  doc.workflowKey = pending.workflowKey;
  doc.version = Number(version);
  doc.seq = Number(seq);
  return doc;
}

/** Which documents of an unordered insert failed as duplicates. */
function duplicateIndexes(error: unknown, count: number): Set<number> {
  const e = error as { writeErrors?: { index?: number; err?: { index?: number } }[] };
  if (!Array.isArray(e.writeErrors)) return new Set(Array.from({ length: count }, (_, i) => i));
  return new Set(e.writeErrors.map((w) => w.index ?? w.err?.index ?? -1));
}

function isOnlyDuplicates(error: unknown): boolean {
  const e = error as { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] };
  if (Array.isArray(e.writeErrors) && e.writeErrors.length > 0) {
    return e.writeErrors.every((w) => (w.code ?? w.err?.code) === DUPLICATE_KEY);
  }
  return e.code === DUPLICATE_KEY;
}

/**
 * Copies record outboxes into the event log, then pulls them off the record. A write lands with its
 * events in one document update (no multi-document transaction); this drainer makes the log catch up.
 * Drains are batched after each write; `flush()` waits for this process's pending drains and
 * `repair()` drains outboxes any process left behind (a crash between the two steps loses nothing).
 * @example drainer.enqueue({ tenantId, recordId, workflowKey, version, entries }); await drainer.flush()
 */
export class OutboxDrainer {
  private queue: PendingOutbox[] = [];
  private running: Promise<void> | null = null;
  private readonly records: ReturnType<typeof tenantCollection>;
  private readonly models: Models;
  private readonly onDrained: (tenantId: string, events: EventDoc[]) => void;
  private readonly log: (line: string) => void;

  constructor(input: { models: Models; onDrained: (tenantId: string, events: EventDoc[]) => void; log: (line: string) => void }) {
    this.models = input.models;
    this.onDrained = input.onDrained;
    this.log = input.log;
    this.records = tenantCollection(input.models.Record.collection);
  }

  /** Queues one write's events; they are drained on the next turn of the event loop, batched with others. */
  enqueue(pending: PendingOutbox): void {
    if (pending.entries.length === 0) return;
    this.queue.push(pending);
    this.schedule();
  }

  /** Resolves once everything queued in this process so far is in the event log (or left for repair). */
  async flush(): Promise<void> {
    while (this.running || this.queue.length > 0) {
      this.schedule();
      await this.running;
    }
  }

  /** Drains outboxes left on a tenant's records (by a crash, or by another process still draining). */
  async repair(tenantId: string, recordIds?: string[]): Promise<number> {
    await this.flush();
    const filter = { tenantId, 'outbox.0': { $exists: true }, ...(recordIds ? { _id: { $in: recordIds } } : {}) };
    const docs = await this.models.Record.find(filter, { workflowKey: 1, outbox: 1, version: 1 }).limit(DRAIN_BATCH_RECORDS * 5).lean();
    const pending = docs.map((d) => ({ tenantId, recordId: d._id, workflowKey: d.workflowKey, version: d.version, entries: d.outbox }));
    for (let i = 0; i < pending.length; i += DRAIN_BATCH_RECORDS) {
      await this.drainBatch(pending.slice(i, i + DRAIN_BATCH_RECORDS));
    }
    return pending.length;
  }

  private schedule(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  private async loop(): Promise<void> {
    // Let writes that finish in the same turn share one batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, DRAIN_BATCH_RECORDS);
      try {
        await this.drainBatch(batch);
      } catch (error) {
        // The outboxes stay on their records; repair() or the sweeper drains them later.
        this.log(`outbox drain failed for ${batch.length} records: ${(error as Error).message}`);
      }
    }
  }

  /** Inserts the events (duplicates ignored), then takes exactly those entries off their records. */
  async drainBatch(batch: PendingOutbox[]): Promise<void> {
    const docs: EventDoc[] = [];
    for (const p of batch) for (const entry of p.entries) docs.push(eventDoc(p, entry));
    if (docs.length === 0) return;
    let duplicates = new Set<number>();
    try {
      // One insert for the whole batch, through the driver: every event carries the tenant of its record.
      await this.models.Event.collection.insertMany(docs as never[], { ordered: false });
    } catch (error) {
      if (!isOnlyDuplicates(error)) throw error;
      duplicates = duplicateIndexes(error, docs.length);
    }
    await this.clear(batch);
    // Events already in the log were published by whoever inserted them.
    const inserted = docs.filter((_, i) => !duplicates.has(i));
    for (const [tenantId, events] of groupBy(inserted, (doc) => doc.tenantId)) this.onDrained(tenantId, events);
  }

  /**
   * Takes drained entries off their records: a version-checked `$set: { outbox: [] }` where the outbox is
   * known to be exactly these entries, else (or when the record moved on meanwhile) a `$pull` by id.
   */
  private async clear(batch: PendingOutbox[]): Promise<void> {
    const known = batch.filter((p) => p.version !== null);
    const result = known.length
      ? await this.records.bulkUpdate(known.map((p) => ({ tenantId: p.tenantId, filter: { _id: p.recordId, version: p.version }, update: { $set: { outbox: [] } } })))
      : null;
    const pull = result && result.matchedCount === known.length ? batch.filter((p) => p.version === null) : batch;
    if (pull.length === 0) return;
    await this.records.bulkUpdate(
      pull.map((p) => ({ tenantId: p.tenantId, filter: { _id: p.recordId }, update: { $pull: { outbox: { _id: { $in: p.entries.map((e) => e._id) } } } } })),
    );
  }
}
