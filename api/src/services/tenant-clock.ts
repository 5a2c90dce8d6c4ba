import DataLoader from 'dataloader';
import type { Clock } from '../clock';
import type { Models } from '../models/models';
import { answerByGroup } from './answer-by-group';
import { nextTurn } from './next-turn';

/** Where one sweep looks for due records and at what time. */
export interface SweepScope {
  filter: Record<string, unknown>;
  now: number;
}

/**
 * Each tenant's time. On the system clock every tenant shares it. On the test clock (FUNNEL_TEST_CLOCK=1) a
 * tenant's admin sets and moves their own tenant's time, held in the store so every api process agrees; a
 * tenant whose time was never set runs on the server's own test clock.
 * @example const now = await clock.now(tenantId)
 */
export class TenantClock {
  /**
   * The test clock's reads of one turn of the event loop: one per tenant for everything that asked its time meanwhile
   * (the rows an import creates together read their time at once, and so go on together).
   */
  private readonly reads = new DataLoader<string, number | null>(
    (tenantIds) =>
      answerByGroup(
        tenantIds,
        (tenantId) => tenantId,
        async (tenantId) => {
          const doc = await this.input.models.TestClock.findOne({ tenantId, _id: tenantId }, { now: 1 }).lean();
          return () => doc?.now ?? null;
        },
      ),
    { cache: false, batchScheduleFn: nextTurn },
  );

  constructor(
    private readonly input: {
      models: Models;
      /** The server's clock: the time of every tenant on the system clock, the default on the test clock. */
      base: Clock;
      testClock: boolean;
    },
  ) {}

  /** Whether tenants' times can be set (the test clock). */
  get settable(): boolean {
    return this.input.testClock;
  }

  /** The tenant's time now. */
  async now(tenantId: string): Promise<number> {
    if (!this.input.testClock) return this.input.base.now();
    return (await this.reads.load(tenantId)) ?? this.input.base.now();
  }

  /** Sets the tenant's time (test clock only). */
  async set(tenantId: string, at: number): Promise<number> {
    await this.input.models.TestClock.updateOne({ tenantId, _id: tenantId }, { $set: { now: at } }, { upsert: true });
    return at;
  }

  /** Moves the tenant's time forward (test clock only); concurrent moves add up. */
  async advance(tenantId: string, ms: number): Promise<number> {
    const { TestClock } = this.input.models;
    for (;;) {
      const moved = await TestClock.findOneAndUpdate({ tenantId, _id: tenantId }, { $inc: { now: ms } }, { returnDocument: 'after', lean: true });
      if (moved) return moved.now;
      // No time of its own yet: it starts from the server's, unless another move got there first.
      const started = await TestClock.updateOne({ tenantId, _id: tenantId }, { $setOnInsert: { now: this.input.base.now() + ms } }, { upsert: true });
      if (started.upsertedCount === 1) return this.input.base.now() + ms;
    }
  }

  /**
   * Where a sweep looks and at what time: one tenant at its time, or every tenant. On the system clock that is
   * one scan of the whole store; on the test clock, one per tenant with a time of its own and one for the rest.
   */
  async sweepScopes(tenantId?: string): Promise<SweepScope[]> {
    if (tenantId !== undefined) return [{ filter: { tenantId }, now: await this.now(tenantId) }];
    const base = this.input.base.now();
    if (!this.input.testClock) return [{ filter: {}, now: base }];
    const own = await this.input.models.TestClock.collection.find<{ _id: string; now: number }>({}, { projection: { now: 1 } }).toArray();
    return [...own.map((c) => ({ filter: { tenantId: c._id }, now: c.now })), { filter: { tenantId: { $nin: own.map((c) => c._id) } }, now: base }];
  }
}
