import pLimit, { type LimitFunction } from 'p-limit';
import { BusyError } from '../errors';
import type { HeavyOperation } from './heavy-operation';

/** One tenant's operations of one kind: the queue that runs them, and how many it holds (running or waiting). */
interface Slot {
  limit: LimitFunction;
  admitted: number;
}

/**
 * Bounds the heavy operations each tenant runs in this process: `tenantConcurrency[kind]` run at once, up to
 * `tenantQueue[kind]` more wait their turn (a dashboard's three reports run one after another), and one more
 * is refused at once with a `BusyError` that says when to retry, before any work. So one tenant's ten
 * dashboards keep at most a report's worth of work ahead of another tenant's requests in the store. The
 * bound is per process (docs/decisions.md 22).
 * @example await services.tenantConcurrency.run({ tenantId, operation: 'metrics' }, () => funnelReport())
 */
export class TenantConcurrency {
  /** By tenant and kind; a slot goes once nothing is admitted to it, so this holds only tenants at work. */
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly limits: {
      tenantConcurrency: Record<HeavyOperation, number>;
      tenantQueue: Record<HeavyOperation, number>;
      busyRetryAfterMs: number;
    },
  ) {}

  /** Runs `work` when the tenant's turn for this kind comes, or refuses it at once when too many are admitted. */
  async run<T>(input: { tenantId: string; operation: HeavyOperation }, work: () => T | Promise<T>): Promise<T> {
    const key = `${input.tenantId}/${input.operation}`;
    const concurrency = this.limits.tenantConcurrency[input.operation];
    const slot = this.slots.get(key) ?? { limit: pLimit(concurrency), admitted: 0 };
    if (slot.admitted >= concurrency + this.limits.tenantQueue[input.operation]) {
      throw new BusyError({ operation: input.operation, admitted: slot.admitted, retryAfterMs: this.limits.busyRetryAfterMs });
    }
    this.slots.set(key, slot);
    slot.admitted++;
    try {
      return await slot.limit(work);
    } finally {
      slot.admitted--;
      if (slot.admitted === 0) this.slots.delete(key);
    }
  }
}
