import { LRUCache } from 'lru-cache';
import { leadSource, type FunnelEvent } from '@funnel/engine';
import type { ApiConfig } from '../config';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import { DUPLICATE_KEY } from '../models/duplicate-key';
import { throwIfFailed, type TenantBulkWriter, type TenantWrite, type WriteOutcome } from '../models/tenant-bulk-writer';
import { groupBy } from './group-by';
import { recordKey } from './record-key';
import type { OutboxEntry, RecordDoc } from '../models/record';

/** Events from one record write waiting to be copied into the event log. */
export interface PendingOutbox {
  tenantId: string;
  recordId: string;
  workflowKey: string;
  /** The record version at which the stored outbox is exactly `entries` (its clear may wait, and a later
   * drain of the record supersedes it), or null when unknown (a repair: cleared at once). */
  version: number | null;
  entries: OutboxEntry[];
}

/**
 * Writes a batch of events owes (their inbox entries) that go to the store in the drain's one bulk write with the
 * events' insert, and what to do with their outcomes.
 */
export interface OwedWrites {
  writes: TenantWrite[];
  /** Called with the outcomes of `writes`, in order, once the events are in the log; throws to leave the outboxes for the repair scan. */
  settle(outcomes: WriteOutcome[]): void;
}

/** Largest number of records drained in one round trip pair. */
const DRAIN_BATCH_RECORDS = 200;
/**
 * The records whose outbox holds entries, as a range of the multikey index on `outbox._id` (entry ids are never
 * empty): `'outbox.0': { $exists: true }` would read every record, on MongoDB and the embedded store alike, and the
 * repair scan runs every minute (100,000 records: 2 ms against 130–180 ms on the embedded store).
 * @example models.Record.find({ tenantId, ...HAS_OUTBOX_ENTRIES })
 */
export const HAS_OUTBOX_ENTRIES = { 'outbox._id': { $gt: '' } };

/** Records with outboxes one page of a repair scan reads. */
export const REPAIR_PAGE_RECORDS = 1000;
/** How many event ids this process remembers as already in the log (the newest). */
const LOGGED_IDS_MAX = 10_000;

/** How many event ids a log line about refused events names. */
const LOGGED_REFUSALS_MAX = 5;

const VERSION_DIGITS = 10;
const SEQ_DIGITS = 4;

/**
 * Event log ids are `${recordId}:${version}:${index}`, zero-padded so that id order is log order:
 * copying one outbox twice inserts nothing twice. Each event is stamped with the owner the change left the record
 * with, or with `ownerBefore` when it left nobody (`LoggedOwner`: the metrics' "owner at the time", docs/metrics.md
 * "Filters": a recycle to the pool ends its owner's passage), and a creation with the lead source the record was
 * created with.
 * @example outboxEntries({ id: 'r1', version: 3, owner: 'u1' }, [event])[0] // → { _id: 'r1:0000000003:0000', event: { …, owner: 'u1' } }
 */
export function outboxEntries(
  record: { id: string; version: number; owner: string | null; fields?: Record<string, unknown> },
  events: FunnelEvent[],
  ownerBefore: string | null = null,
): OutboxEntry[] {
  const version = String(record.version).padStart(VERSION_DIGITS, '0');
  const owner = record.owner ?? ownerBefore;
  return events.map((event, i) => {
    // Assigned, not spread: the commit's hot path (the events are the change's own, written nowhere else).
    event.owner = owner;
    if (event.type === 'record_created') event.source = leadSource(record) ?? null;
    return { _id: `${record.id}:${version}:${String(i).padStart(SEQ_DIGITS, '0')}`, event };
  });
}

/**
 * The outbox a stored record carries, to be drained as it stands (exactly these entries at its version).
 * @example leftOnRecord({ _id: 'r1', tenantId: 't1', workflowKey: 'deals', version: 3, outbox }) // → { recordId: 'r1', version: 3, entries: outbox, … }
 */
export function leftOnRecord(doc: Pick<RecordDoc, '_id' | 'tenantId' | 'workflowKey' | 'version' | 'outbox'>): PendingOutbox {
  return { tenantId: doc.tenantId, recordId: doc._id, workflowKey: doc.workflowKey, version: doc.version, entries: doc.outbox };
}

/**
 * The event log document of one outbox entry, `_id` first (as MongoDB stores it), stamped `loggedAt` when given (the
 * drain's time; a history shows unlogged entries without one). Built by assignment: spreading events of many shapes
 * into one literal costs V8 several times more (and three arguments here spare an object per event).
 * @example loggedEvent(leftOnRecord(doc), doc.outbox[0], Date.now()) // → { _id: 'r1:0000000003:0000', tenantId, workflowKey, version: 3, seq: 0, type, …, loggedAt }
 */
export function loggedEvent(pending: PendingOutbox, entry: OutboxEntry, loggedAt?: number): EventDoc {
  const [, version, seq] = entry._id.split(':');
  const doc = { _id: entry._id } as EventDoc;
  Object.assign(doc, entry.event);
  if (entry.notify) doc.notify = entry.notify;
  if (entry.pipelineChange) doc.pipelineChange = entry.pipelineChange;
  doc._id = entry._id;
  doc.tenantId = pending.tenantId;
  doc.workflowKey = pending.workflowKey;
  doc.version = Number(version);
  doc.seq = Number(seq);
  if (loggedAt !== undefined) doc.loggedAt = loggedAt;
  return doc;
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
  /**
   * Ids of events this process saw land in the log, newest last: a record written again before its last
   * drain cleared the outbox carries those entries again, and they need no second insert (the log never
   * loses an acknowledged event: nothing deletes from it).
   */
  private readonly logged = new LRUCache<string, true>({ max: LOGGED_IDS_MAX });
  private running: Promise<void> | null = null;
  /** Drained outboxes waiting to be cleared at their version, the newest per record (see `clearDelayMs`). */
  private toClear = new Map<string, { pending: PendingOutbox; drainedAt: number }>();
  private clearTimer: NodeJS.Timeout | null = null;
  private clearing: Promise<void> = Promise.resolve();
  private readonly models: Models;
  private readonly writer: Pick<TenantBulkWriter, 'write'>;
  private readonly onDrained: (tenantId: string, events: EventDoc[]) => void;
  private readonly onLogged: (events: EventDoc[]) => Promise<void>;
  private readonly owed: (events: EventDoc[]) => OwedWrites;
  private readonly log: (line: string) => void;
  /** How long a drain waits for more writes to join it (`ApiConfig.drainGatherMs`). */
  private readonly gatherMs: number;
  /**
   * How long a drained outbox stays on its record before it is cleared (`ApiConfig.outboxClearDelayMs`). A record
   * written again meanwhile needs no clear of the old entries: the new write leaves out what is logged, and its
   * own drain clears the rest.
   */
  private readonly clearDelayMs: number;
  /** The event feed's settle window (`ApiConfig.eventFeedSettleMs`): an insert slower than half of it is logged. */
  private readonly feedSettleMs: number;

  constructor(input: {
    models: Models;
    /** Where its writes go: the api's turn writes (TurnWrites), so they join the record writes of the same turn. */
    writer: Pick<TenantBulkWriter, 'write'>;
    onDrained: (tenantId: string, events: EventDoc[]) => void;
    /**
     * Awaited once a batch's events are in the log (inserted now, or found there from an earlier drain), before the
     * batch is remembered or its outboxes cleared: the metric summaries mark the days the events touch
     * (`markTouchedDays`). If it fails, the outboxes stay for the repair scan, which logs and calls it again.
     */
    onLogged?: (events: EventDoc[]) => Promise<void>;
    /**
     * What the events owe that is stored in their own insert's bulk write (the inbox entries): settled once they are
     * in the log, before `onLogged`. Such a write may land for an event the log refuses this time; the event's outbox
     * stays for the repair scan, whose drain stores it again (the same id: nothing twice).
     */
    owed?: (events: EventDoc[]) => OwedWrites;
    log: (line: string) => void;
    timing: Pick<ApiConfig, 'drainGatherMs' | 'outboxClearDelayMs' | 'eventFeedSettleMs'>;
  }) {
    this.gatherMs = input.timing.drainGatherMs;
    this.feedSettleMs = input.timing.eventFeedSettleMs;
    this.clearDelayMs = input.timing.outboxClearDelayMs;
    this.models = input.models;
    this.writer = input.writer;
    this.onDrained = input.onDrained;
    this.onLogged = input.onLogged ?? (async () => undefined);
    this.owed = input.owed ?? (() => ({ writes: [], settle: () => undefined }));
    this.log = input.log;
  }

  /** Queues one write's events; they are drained on the next turn of the event loop, batched with others. */
  enqueue(pending: PendingOutbox): void {
    if (pending.entries.length === 0) return;
    this.queue.push(pending);
    this.schedule();
  }

  /**
   * Resolves once fewer than `records` records' outboxes wait here to be copied into the log: a producer of
   * many commits (the sweeper) waits on it so that what it wrote never runs far ahead of the log.
   */
  async backlogBelow(records: number): Promise<void> {
    while (this.queue.length >= records && this.running) await this.running;
  }

  /** Whether this process saw the event with this id land in the log (recently; false when unsure). */
  isLogged(eventId: string): boolean {
    return this.logged.has(eventId);
  }

  /**
   * Resolves once what this process committed so far is in the event log (or left on its record for the repair
   * scan): a reader of the log waits on it to see its own writes. It writes nothing itself.
   */
  async caughtUp(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Resolves once everything queued in this process so far is in the event log and off its record (or
   * left for repair).
   */
  async flush(): Promise<void> {
    await this.flushDrains();
    await this.clearDeferred({ all: true });
  }

  /**
   * Resolves once everything queued in this process so far is in the event log (its clears may wait), draining
   * what waits at once: `flush` and the repair scan's drains start from it. (A report waits with `caughtUp`.)
   */
  async flushDrains(): Promise<void> {
    while (this.running || this.queue.length > 0) {
      this.schedule();
      await this.running;
    }
  }

  /**
   * Drains outboxes left on a tenant's records (by a crash, or by another process still draining), so
   * that the log is whole for the reader; clears waiting in this process do not hold it up.
   */
  repair(tenantId: string, recordIds?: string[]): Promise<number> {
    return this.drainLeftovers(async (afterId) => {
      const ids = { ...(recordIds ? { $in: recordIds } : {}), ...(afterId === null ? {} : { $gt: afterId }) };
      const filter = { tenantId, ...HAS_OUTBOX_ENTRIES, ...(recordIds || afterId !== null ? { _id: ids } : {}) };
      const docs = await this.models.Record.find(filter, { workflowKey: 1, outbox: 1, version: 1 }).sort({ _id: 1 }).limit(REPAIR_PAGE_RECORDS).lean();
      return docs.map((doc) => leftOnRecord({ ...doc, tenantId }));
    });
  }

  /**
   * Drains the outboxes `page(afterId)` finds, page after page in `_id` order until one comes back empty
   * (so records whose outboxes only wait for their late clear cannot crowd out a crash's leftovers).
   * @example await drainer.drainLeftovers((afterId) => findOutboxesAfter(afterId, REPAIR_PAGE_RECORDS))
   */
  async drainLeftovers(page: (afterId: string | null) => Promise<PendingOutbox[]>): Promise<number> {
    await this.flushDrains();
    let afterId: string | null = null;
    let total = 0;
    for (;;) {
      const pending = await page(afterId);
      const last = pending[pending.length - 1];
      if (!last) return total;
      for (let i = 0; i < pending.length; i += DRAIN_BATCH_RECORDS) await this.drainBatch(pending.slice(i, i + DRAIN_BATCH_RECORDS));
      total += pending.length;
      afterId = last.recordId;
    }
  }

  private schedule(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  private async loop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.gatherMs));
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

  /**
   * Inserts the events (those this process has not seen logged; duplicates ignored), publishes the ones it
   * inserted, and takes exactly those entries off their records. An event the log refuses (a validator,
   * a unique index of the operator's) holds back only its own record's outbox, for the repair scan to try
   * again; the rest of the batch is logged and cleared.
   */
  async drainBatch(batch: PendingOutbox[]): Promise<void> {
    const docs: EventDoc[] = [];
    // One stamp for the batch, just before its insert: the event feed's order (docs/decisions.md 33).
    const loggedAt = Date.now();
    for (const p of batch) for (const entry of p.entries) if (!this.logged.has(entry._id)) docs.push(loggedEvent(p, entry, loggedAt));
    if (batch.every((p) => p.entries.length === 0)) return;
    const events = this.models.Event.collection.collectionName;
    const owed = this.owed(docs);
    // One bulk write: the events, and the inbox entries they owe.
    const outcomes = await this.writer.write([
      ...docs.map((document): TenantWrite => ({ type: 'insert', collection: events, tenantId: document.tenantId, document })),
      ...owed.writes,
    ]);
    const inserts = outcomes.slice(0, docs.length);
    this.noteSlowInsert(loggedAt, docs.length);
    const refused = await this.refusedEvents(docs, inserts);
    const drained = refused.size === 0 ? batch : batch.filter((p) => !p.entries.some((entry) => refused.has(entry._id)));
    const inserted = docs.filter((_, i) => inserts[i]?.ok);
    for (const [tenantId, ofTenant] of groupBy(inserted, (doc) => doc.tenantId)) this.onDrained(tenantId, ofTenant);
    owed.settle(outcomes.slice(docs.length));
    // The metric summaries' and the webhooks' hook: the events are in the log; mark the stored days they touch.
    await this.onLogged(refused.size === 0 ? docs : docs.filter((doc) => !refused.has(doc._id)));
    this.remember(docs.filter((doc) => !refused.has(doc._id)).map((doc) => doc._id));
    this.defer(drained.filter((p) => p.version !== null));
    await this.clear(drained.filter((p) => p.version === null));
  }

  /**
   * The ids of the events the log refused, each logged with its reason. A duplicate key is an event some
   * drain already copied only if an event with its id is there: it may be another unique index refusing it.
   */
  private async refusedEvents(docs: EventDoc[], outcomes: WriteOutcome[]): Promise<Set<string>> {
    const refused = new Map<string, string>();
    const duplicates = new Map<string, { tenantId: string; message: string }>();
    docs.forEach((doc, i) => {
      const outcome = outcomes[i];
      if (!outcome || outcome.ok) return;
      if (outcome.code === DUPLICATE_KEY) duplicates.set(doc._id, { tenantId: doc.tenantId, message: outcome.message });
      else refused.set(doc._id, outcome.message);
    });
    for (const [tenantId, ofTenant] of groupBy([...duplicates], ([, duplicate]) => duplicate.tenantId)) {
      const present = await this.models.Event.find({ tenantId, _id: { $in: ofTenant.map(([eventId]) => eventId) } }, { _id: 1 }).lean();
      for (const doc of present) duplicates.delete(String(doc._id));
    }
    for (const [eventId, { message }] of duplicates) refused.set(eventId, message);
    // One line per reason (a command refused whole refuses every event it carried).
    for (const [reason, ofReason] of groupBy(refused, ([, why]) => why)) {
      const ids = ofReason.map(([eventId]) => eventId);
      const shown =
        ids.length > LOGGED_REFUSALS_MAX ? `${ids.slice(0, LOGGED_REFUSALS_MAX).join(', ')} and ${ids.length - LOGGED_REFUSALS_MAX} more` : ids.join(', ');
      this.log(
        `the event log refused ${ids.length === 1 ? 'event' : `${ids.length} events`} ${shown}; their records keep them in their outboxes for the repair scan: ${reason}`,
      );
    }
    return new Set(refused.keys());
  }

  /**
   * Logs an insert that took over half the event feed's settle window since its stamp: one slower than the whole window
   * may have landed behind a feed reader's cursor, and that reader never sees its events.
   */
  private noteSlowInsert(loggedAt: number, events: number): void {
    const tookMs = Date.now() - loggedAt;
    if (this.feedSettleMs === 0 || tookMs * 2 <= this.feedSettleMs) return;
    this.log(
      `copying ${events === 1 ? 'an event' : `${events} events`} into the log took ${tookMs} ms, over half the event feed's settle window (${this.feedSettleMs} ms): ` +
        'an insert slower than the window may land behind a reader of events(after); raise FUNNEL_EVENT_FEED_SETTLE_MS if this recurs',
    );
  }

  private remember(eventIds: string[]): void {
    for (const id of eventIds) this.logged.set(id, true);
  }

  /**
   * Keeps drained outboxes known at their version to be cleared in `clearDelayMs`, unless a later write of
   * the record (which took over its stored outbox) is drained first.
   */
  private defer(batch: PendingOutbox[]): void {
    const drainedAt = Date.now();
    for (const pending of batch) {
      const key = recordKey(pending.tenantId, pending.recordId);
      const held = this.toClear.get(key);
      if (!held || (held.pending.version as number) < (pending.version as number)) {
        // Newest last: the timer finds the ones due at the front.
        this.toClear.delete(key);
        this.toClear.set(key, { pending, drainedAt });
      }
    }
    this.armClearTimer();
  }

  private armClearTimer(): void {
    const oldest = this.toClear.values().next().value;
    if (!oldest || this.clearTimer) return;
    this.clearTimer = setTimeout(
      () => {
        this.clearTimer = null;
        void this.clearDeferred({ all: false });
      },
      Math.max(0, oldest.drainedAt + this.clearDelayMs - Date.now()),
    );
    this.clearTimer.unref();
  }

  /** Clears the deferred outboxes drained `clearDelayMs` ago or more (`all`: every one). */
  private clearDeferred(input: { all: boolean }): Promise<void> {
    const dueBefore = input.all ? Number.POSITIVE_INFINITY : Date.now() - this.clearDelayMs;
    const batch: PendingOutbox[] = [];
    for (const [key, { pending, drainedAt }] of this.toClear) {
      if (drainedAt > dueBefore) break;
      batch.push(pending);
      this.toClear.delete(key);
    }
    if (this.clearTimer && this.toClear.size === 0) {
      clearTimeout(this.clearTimer);
      this.clearTimer = null;
    }
    this.armClearTimer();
    const run = async () => {
      for (let i = 0; i < batch.length; i += DRAIN_BATCH_RECORDS) {
        // The outboxes stay on their records if this fails; the next write or the repair scan takes them.
        await this.clear(batch.slice(i, i + DRAIN_BATCH_RECORDS)).catch((error: Error) => this.log(`clearing drained outboxes failed: ${error.message}`));
      }
    };
    // Whatever one round does, the next still runs.
    this.clearing = this.clearing.then(run, run);
    return this.clearing;
  }

  /**
   * Takes drained entries off their records: a `$pull` by entry id on each record, so a record written again
   * meanwhile keeps the entries its new write added (exact whatever its version). One single-document update a
   * record, not one over a tenant's records: the turn's command they ride in stays one the driver retries across
   * a replica set election (services/turn-writes.ts).
   */
  private async clear(batch: PendingOutbox[]): Promise<void> {
    const records = this.models.Record.collection.collectionName;
    const writes = batch.map(
      (pending): TenantWrite => ({
        type: 'update',
        collection: records,
        tenantId: pending.tenantId,
        filter: { _id: pending.recordId },
        update: { $pull: { outbox: { _id: { $in: pending.entries.map((e) => e._id) } } } },
      }),
    );
    throwIfFailed(await this.writer.write(writes), 'clearing drained outboxes');
  }
}
