import { BusyError } from '../errors';
import type { HeavyOperation } from './heavy-operation';

/**
 * Counts the heavy operations each tenant runs at once in this process and refuses one more than its limit
 * with a `BusyError` at once, before any work: a tenant that sends ten dashboards in parallel gets the first
 * few answered and the rest told when to retry, instead of queueing work ahead of other tenants' requests.
 * Refusing rather than queueing keeps the bound a bound (a queue would hold the work and the request's
 * memory anyway). The count is per process (docs/decisions.md 20).
 * @example await services.tenantConcurrency.run({ tenantId, operation: 'metrics' }, () => funnelReport())
 */
export class TenantConcurrency {
  /** Running operations by tenant and kind; an entry goes when its count is back to 0, so this holds only what runs. */
  private readonly running = new Map<string, number>();

  constructor(
    private readonly limits: { tenantConcurrency: Record<HeavyOperation, number>; busyRetryAfterMs: number },
  ) {}

  /** Runs `work` if the tenant has a slot free for this kind of operation, holding it until `work` settles. */
  async run<T>(input: { tenantId: string; operation: HeavyOperation }, work: () => T | Promise<T>): Promise<T> {
    const slot = `${input.tenantId}/${input.operation}`;
    const running = this.running.get(slot) ?? 0;
    if (running >= this.limits.tenantConcurrency[input.operation]) {
      throw new BusyError({ operation: input.operation, running, retryAfterMs: this.limits.busyRetryAfterMs });
    }
    this.running.set(slot, running + 1);
    try {
      return await work();
    } finally {
      const left = (this.running.get(slot) ?? 1) - 1;
      if (left > 0) this.running.set(slot, left);
      else this.running.delete(slot);
    }
  }
}
