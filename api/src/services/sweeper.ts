import { changedContactKeys, fireDueTimers, type ContactKeys, type FunnelRecord } from '@funnel/engine';
import type { OutboxEntry, RecordDoc } from '../models/record';
import type { TenantWrite } from '../models/tenant-bulk-writer';
import { leftOnRecord, outboxEntries, REPAIR_PAGE_RECORDS, type PendingOutbox } from './outbox-drainer';
import { recordUpdate } from './record-update';
import { toFunnelRecord } from './record-store';
import type { Services } from './services';
import type { SweepScope } from './tenant-clock';

/** Records fired by one bulk write: the engine computes the next chunk while the store applies this one. */
const WRITE_CHUNK_RECORDS = 250;

/** How often to scan for outboxes a crashed process left behind (off the sweep's path: the scan is long). */
const REPAIR_INTERVAL_MS = 60_000;

/** A record this sweep wrote: when it was due, and the outbox its write left (if the write applied). */
interface Touched {
  dueAt: number;
  pending: PendingOutbox;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** The conditional write for one fired record: applies only if nobody changed it since it was read. */
function fireWrite(input: {
  records: string;
  tenantId: string;
  before: FunnelRecord;
  after: FunnelRecord;
  entries: OutboxEntry[];
  outbox: OutboxEntry[];
  contact: ContactKeys | undefined;
}): TenantWrite {
  const { records, tenantId, before } = input;
  return { type: 'update', collection: records, tenantId, filter: { _id: before.id, version: before.version }, update: recordUpdate(input) };
}

/**
 * Fires due timers (warnings, recycle timers, nurture touches) across all tenants, in batches.
 * Every write is conditional on the version read, so any number of processes may sweep at once and a
 * timer fires exactly once: the loser of a race simply finds the record changed. The scan is the one
 * deliberate cross-tenant query, so it goes through the driver collection, not the scoped model.
 * @example const sweeper = new Sweeper(services); await sweeper.sweepOnce() // → { scanned, fired }
 */
export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private repairTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<unknown> | null = null;
  /** The repair scan in progress, if any (stop() waits for it). */
  private repairing: Promise<unknown> | null = null;
  /** Every drain this sweeper started (they run behind the sweep). */
  private draining: Promise<void> = Promise.resolve();
  /** The drains started before the last batch: a batch waits for these before it writes, so at most one batch's drains are behind. */
  private olderDrains: Promise<void> = Promise.resolve();
  /** Called as each chunk's events reach the log, with the records whose timers it fired, when they were due, and the time. */
  onFired: ((fired: { id: string; dueAt: number }[], completedAt: number) => void) | null = null;

  constructor(private readonly services: Services) {}

  /**
   * One batch: due records, oldest first, fired with conditional writes in chunks: while the store
   * applies one chunk, the engine computes the next. Outboxes are drained in the background, overlapping
   * the next batch; a batch writes only once the drains of the one before the last are done, so at most
   * one batch's drains are behind. `settled()` waits for all of them.
   */
  async sweepOnce(input: { tenantId?: string } = {}): Promise<{ scanned: number; fired: number }> {
    let scanned = 0;
    let fired = 0;
    for (const scope of await this.services.clock.sweepScopes(input.tenantId)) {
      const batch = await this.sweepBatch(scope);
      scanned += batch.scanned;
      fired += batch.fired;
    }
    return { scanned, fired };
  }

  /** One batch of the records of a scope (all tenants, or one on its test clock) due at its time. */
  private async sweepBatch(scope: SweepScope): Promise<{ scanned: number; fired: number }> {
    const { models, config } = this.services;
    const now = scope.now;
    const docs = (await models.Record.collection
      .find({ ...scope.filter, nextDueAt: { $lte: now } }, { projection: { contact: 0 } })
      .sort({ nextDueAt: 1 })
      .limit(config.sweepBatchSize)
      .toArray()) as unknown as RecordDoc[];
    // Two processes reading the same batch collide less when each works through it in its own order.
    shuffle(docs);
    await this.olderDrains;
    const previousDrains = this.draining;
    this.olderDrains = previousDrains;
    // Settled at once (a write failing while the next chunk is computed is never an unhandled rejection).
    const chunks: Promise<PromiseSettledResult<{ fired: number; drained: Promise<void> }>>[] = [];
    try {
      for (let start = 0; start < docs.length; start += WRITE_CHUNK_RECORDS) {
        const chunk = await this.prepare(docs.slice(start, start + WRITE_CHUNK_RECORDS), now);
        if (chunk.writes.length > 0) {
          chunks.push(
            this.fire({ ...chunk, previousDrains }).then(
              (value) => ({ status: 'fulfilled', value }),
              (reason: unknown) => ({ status: 'rejected', reason }),
            ),
          );
        }
        // Lets the chunk's write go out before the next chunk is computed.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      // Whatever was written, even if a later chunk failed, is drained and waited for by `settled()`;
      // `this.draining` is read now, not at the start, so a concurrent sweep's drains are kept too.
      const drains = chunks.map(async (chunk) => {
        const result = await chunk;
        if (result.status === 'fulfilled') await result.value.drained;
      });
      this.draining = Promise.all([this.draining, ...drains]).then(() => undefined);
    }
    const results = await Promise.all(chunks);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return { scanned: docs.length, fired: results.reduce((sum, r) => sum + (r.status === 'fulfilled' ? r.value.fired : 0), 0) };
  }

  /** The engine's decision for each due record of a chunk, as conditional writes and the outboxes they leave. */
  private async prepare(docs: RecordDoc[], now: number): Promise<{ writes: TenantWrite[]; touched: Touched[] }> {
    const records = this.services.models.Record.collection.collectionName;
    const writes: TenantWrite[] = [];
    const touched: Touched[] = [];
    for (const doc of docs) {
      const record = toFunnelRecord(doc);
      let change: ReturnType<typeof fireDueTimers>;
      let contact: ContactKeys | undefined;
      try {
        const workflow = await this.services.workflows.version({ tenantId: doc.tenantId, key: record.workflowKey, version: record.workflowVersion });
        change = fireDueTimers({ workflow, record, now });
        contact = changedContactKeys(workflow.definition, record, change.record);
      } catch (error) {
        // One broken record must not stop the sweep for everyone else.
        this.services.log(`sweep skipped record ${record.id} of tenant ${doc.tenantId}: ${(error as Error).message}`);
        continue;
      }
      if (change.record === record || change.record.version === record.version) continue;
      const outbox = doc.outbox ?? [];
      const entries = outboxEntries(change.record, change.events);
      writes.push(fireWrite({ records, tenantId: doc.tenantId, before: record, after: change.record, entries, outbox, contact }));
      touched.push({
        dueAt: record.nextDueAt ?? now,
        pending: {
          tenantId: doc.tenantId,
          recordId: record.id,
          workflowKey: record.workflowKey,
          version: change.record.version,
          entries: [...outbox, ...entries],
        },
      });
    }
    return { writes, touched };
  }

  /** Writes one chunk; its drain starts once the previous batch's drains are done and is returned unawaited. */
  private async fire(input: { writes: TenantWrite[]; touched: Touched[]; previousDrains: Promise<void> }): Promise<{ fired: number; drained: Promise<void> }> {
    const outcomes = await this.services.writer.write(input.writes);
    // A write that did not match lost a race: another writer changed the record first and drains its own outbox.
    const applied = input.touched.filter((_, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) return outcome.n === 1;
      // One record the store refused must not stop the sweep; it stays due and is tried again (if its
      // command was lost as a whole it may have applied: its outbox then waits for the repair scan).
      this.services.log(`sweep could not fire record ${input.touched[i]?.pending.recordId}: ${outcome?.message}`);
      return false;
    });
    const drained = input.previousDrains
      .then(() => this.drain(applied))
      // A failed drain leaves the outboxes on their records for the repair scan; the sweep goes on.
      .catch((error: Error) => this.services.log(`outbox drain after a sweep failed: ${error.message}`));
    return { fired: applied.length, drained };
  }

  /** Resolves once the last batch's events are in the event log (or left on their records for repair). */
  async settled(): Promise<void> {
    await this.draining;
    await this.services.drainer.flush();
  }

  /** Sweeps until nothing is due and every event is in the log (the test clock's runDueTimers of one tenant, and tests). */
  async sweepAll(input: { tenantId?: string } = {}): Promise<{ fired: number }> {
    let fired = 0;
    for (;;) {
      const batch = await this.sweepOnce(input);
      fired += batch.fired;
      if (batch.scanned === 0 || (batch.scanned < this.services.config.sweepBatchSize && batch.fired === 0)) break;
    }
    await this.settled();
    return { fired };
  }

  /** Starts the loop (every `sweepIntervalMs`; back-to-back while whole batches come due). */
  start(): void {
    const interval = this.services.config.sweepIntervalMs;
    if (interval <= 0 || this.timer) return;
    this.stopped = false;
    const tick = async () => {
      let next = interval;
      try {
        this.running = this.sweepOnce();
        const batch = (await this.running) as { scanned: number };
        if (batch.scanned >= this.services.config.sweepBatchSize) next = 0;
      } catch (error) {
        this.services.log(`sweep failed: ${(error as Error).message}`);
      }
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(tick, next);
    };
    this.timer = setTimeout(tick, interval);
    this.repairTimer = setInterval(() => {
      if (this.repairing) return;
      this.repairing = this.repairAll()
        .catch((error: Error) => this.services.log(`outbox repair failed: ${error.message}`))
        .finally(() => {
          this.repairing = null;
        });
    }, REPAIR_INTERVAL_MS);
    this.repairTimer.unref();
  }

  /** Stops the loop and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.repairTimer) clearInterval(this.repairTimer);
    this.timer = null;
    this.repairTimer = null;
    await this.running?.catch(() => undefined);
    await this.repairing;
    await this.settled();
  }

  /** Drains what this sweep wrote (the writes that applied) and reports the fired records. */
  private async drain(touched: Touched[]): Promise<void> {
    await this.services.drainer.drainBatch(touched.map((t) => t.pending));
    this.onFired?.(
      touched.map((t) => ({ id: t.pending.recordId, dueAt: t.dueAt })),
      Date.now(),
    );
  }

  /** Drains the outboxes left on records, page by page, by any process that crashed or failed to drain. */
  private repairAll(): Promise<number> {
    return this.services.drainer.drainLeftovers(async (afterId) => {
      const filter = { 'outbox.0': { $exists: true }, ...(afterId === null ? {} : { _id: { $gt: afterId } }) };
      const docs = (await this.services.models.Record.collection
        .find(filter as never, { projection: { tenantId: 1, workflowKey: 1, outbox: 1, version: 1 } })
        .sort({ _id: 1 })
        .limit(REPAIR_PAGE_RECORDS)
        .toArray()) as unknown as Pick<RecordDoc, '_id' | 'tenantId' | 'workflowKey' | 'outbox' | 'version'>[];
      return docs.map(leftOnRecord);
    });
  }
}
