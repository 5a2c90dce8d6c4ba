import { changedContactKeys, decide } from '@funnel/engine';
import type { RecordDoc } from '../models/record';
import { CapacityRecount } from './capacity-recount';
import { HAS_OUTBOX_ENTRIES, leftOnRecord, REPAIR_PAGE_RECORDS } from './outbox-drainer';
import type { Services } from './services';
import { storedScore } from './stored-score';
import type { SweepScope } from './tenant-clock';

/** Records decided before their writes go out: the engine computes the next chunk while the store applies this one. */
const DECIDE_CHUNK_RECORDS = 250;

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Fires due timers (warnings, recycle timers, nurture touches) across all tenants, in batches: it reads what
 * is due, asks the engine (`fire_due_timers`) and hands each decision to the record store, the one commit path
 * (docs/architecture.md). Every commit is conditional on the version read, so any number of processes may sweep
 * at once and a timer fires exactly once: the loser of a race simply finds the record changed. The scan is the
 * one deliberate cross-tenant query, so it goes through the driver collection, not the scoped model.
 * @example const sweeper = new Sweeper(services); await sweeper.sweepOnce() // → { scanned, fired }
 */
export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private repairTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<unknown> | null = null;
  /** The repair scan in progress, if any (stop() waits for it). */
  private repairing: Promise<unknown> | null = null;

  private recount: CapacityRecount | null = null;

  constructor(private readonly services: Services) {}

  /** Gives back the capacity places no record has needed since the last recount (CapacityRecount); how many. */
  recountCapacity(): Promise<number> {
    this.recount ??= new CapacityRecount(this.services.models, this.services.capacity, this.services.workflows);
    return this.recount.run();
  }

  /** One batch of every scope (all tenants on the system clock, and each tenant on a test clock). */
  async sweepOnce(input: { tenantId?: string } = {}): Promise<{ scanned: number; fired: number }> {
    let scanned = 0;
    let fired = 0;
    for (const scope of await this.services.clock.sweepScopes(input.tenantId)) {
      const batch = await this.sweepBatch(scope);
      const refreshed = await this.refreshBatch(scope);
      scanned += batch.scanned + refreshed.scanned;
      fired += batch.fired + refreshed.fired;
    }
    return { scanned, fired };
  }

  /**
   * The records of a scope due at its time, oldest first, decided and committed in chunks: a chunk's commits go
   * out (the store batches them into one write) while the engine decides the next. A batch starts once the log
   * has caught up with all but one batch of what the sweeps before it committed.
   */
  private async sweepBatch(scope: SweepScope): Promise<{ scanned: number; fired: number }> {
    const { models, config, drainer } = this.services;
    await drainer.backlogBelow(config.sweepBatchSize);
    const docs = (await models.Record.collection
      .find({ ...scope.filter, nextDueAt: { $lte: scope.now } }, { projection: { contact: 0 } })
      .sort({ nextDueAt: 1 })
      .limit(config.sweepBatchSize)
      .toArray()) as unknown as RecordDoc[];
    // Two processes reading the same batch collide less when each works through it in its own order.
    shuffle(docs);
    const commits: Promise<boolean>[] = [];
    for (let start = 0; start < docs.length; start += DECIDE_CHUNK_RECORDS) {
      for (const doc of docs.slice(start, start + DECIDE_CHUNK_RECORDS)) {
        const fired = await this.fire(doc, scope.now);
        if (fired) commits.push(fired.applied);
      }
      // Lets the chunk's writes go out before the next chunk is decided.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const outcomes = await Promise.all(commits);
    return { scanned: docs.length, fired: outcomes.filter(Boolean).length };
  }

  /**
   * Decides one due record and starts its commit, which is `applied` once it applied, false when another writer
   * changed the record first (it drains its own events) or the store refused it (logged; it stays due and is
   * tried again). Null when nothing was due after all, or the record could not be decided (logged: one broken
   * record must not stop the sweep for everyone else).
   */
  private async fire(doc: RecordDoc, now: number): Promise<{ applied: Promise<boolean> } | null> {
    const { records, workflows, log } = this.services;
    const tenantId = doc.tenantId;
    const before = records.fromDoc(doc);
    try {
      const workflow = await workflows.version({ tenantId, key: before.workflowKey, version: before.workflowVersion });
      const change = decide({ workflow, record: before, now, command: { type: 'fire_due_timers' } });
      if (change.type !== 'applied' || change.record.version === before.version) return null;
      const contact = changedContactKeys(workflow.definition, before, change.record);
      const score = storedScore({ workflow, record: change.record, now });
      const applied = records.update({ tenantId, before, change, contact, score, system: true }).catch((error: Error) => {
        log(`sweep could not fire record ${before.id} of tenant ${tenantId}: ${error.message}`);
        return false;
      });
      return { applied };
    } catch (error) {
      log(`sweep skipped record ${before.id} of tenant ${tenantId}: ${(error as Error).message}`);
      return null;
    }
  }

  /**
   * The open records of a scope whose stored score is `scoreRefreshMs` old, refreshed: the engine's `refresh` runs the
   * stage's rules at the scope's now (a score that decayed across a rule's line), and the new score is stored with
   * what they changed, or alone (no version raised) when nothing changed. `fired` counts the records a rule moved.
   */
  private async refreshBatch(scope: SweepScope): Promise<{ scanned: number; fired: number }> {
    const { models, config, records, workflows, log } = this.services;
    const docs = (await models.Record.collection
      .find({ ...scope.filter, scoredAt: { $lte: scope.now - config.scoreRefreshMs } }, { projection: { contact: 0 } })
      .sort({ scoredAt: 1 })
      .limit(config.sweepBatchSize)
      .toArray()) as unknown as RecordDoc[];
    const rewrites: Parameters<typeof records.rewriteScores>[0] = [];
    const commits: Promise<boolean>[] = [];
    for (const doc of shuffle(docs)) {
      const tenantId = doc.tenantId;
      const before = records.fromDoc(doc);
      try {
        const workflow = await workflows.version({ tenantId, key: before.workflowKey, version: before.workflowVersion });
        const change = decide({ workflow, record: before, now: scope.now, command: { type: 'refresh' } });
        if (change.type !== 'applied') continue;
        const score = storedScore({ workflow, record: change.record, now: scope.now });
        if (change.record.version === before.version) {
          if (score) rewrites.push({ tenantId, record: before, score });
          continue;
        }
        const contact = changedContactKeys(workflow.definition, before, change.record);
        commits.push(
          records.update({ tenantId, before, change, contact, score, system: true }).catch((error: Error) => {
            log(`score refresh could not commit record ${before.id} of tenant ${tenantId}: ${error.message}`);
            return false;
          }),
        );
      } catch (error) {
        log(`score refresh skipped record ${before.id} of tenant ${tenantId}: ${(error as Error).message}`);
      }
    }
    // The refreshes that changed nothing but the score, in one write; the rules' moves went out with the store's batches.
    const rewritten = records.rewriteScores(rewrites).catch((error: Error) => log(`score refresh could not store ${rewrites.length} scores: ${error.message}`));
    const [outcomes] = await Promise.all([Promise.all(commits), rewritten]);
    return { scanned: docs.length, fired: outcomes.filter(Boolean).length };
  }

  /** Resolves once the events of every commit so far are in the event log (or left on their records for repair). */
  async settled(): Promise<void> {
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

  /**
   * Starts the loop (every `sweepIntervalMs`; back-to-back while whole batches come due) and the outbox repair with
   * the capacity recount after it (every `outboxRepairIntervalMs`).
   */
  start(): void {
    const { sweepIntervalMs: interval, outboxRepairIntervalMs } = this.services.config;
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
    if (outboxRepairIntervalMs <= 0) return;
    this.repairTimer = setInterval(() => {
      if (this.repairing) return;
      this.repairing = this.repairAll()
        .catch((error: Error) => this.services.log(`outbox repair failed: ${error.message}`))
        .then(() => this.recountCapacity())
        .catch((error: Error) => this.services.log(`capacity recount failed: ${error.message}`))
        .finally(() => {
          this.repairing = null;
        });
    }, outboxRepairIntervalMs);
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

  /** Drains the outboxes left on records, page by page, by any process that crashed or failed to drain. */
  repairAll(): Promise<number> {
    return this.services.drainer.drainLeftovers(async (afterId) => {
      const filter = { ...HAS_OUTBOX_ENTRIES, ...(afterId === null ? {} : { _id: { $gt: afterId } }) };
      const docs = (await this.services.models.Record.collection
        .find(filter as never, { projection: { tenantId: 1, workflowKey: 1, outbox: 1, version: 1 } })
        .sort({ _id: 1 })
        .limit(REPAIR_PAGE_RECORDS)
        .toArray()) as unknown as Pick<RecordDoc, '_id' | 'tenantId' | 'workflowKey' | 'outbox' | 'version'>[];
      return docs.map(leftOnRecord);
    });
  }
}
