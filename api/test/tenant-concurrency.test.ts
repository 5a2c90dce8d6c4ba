import { describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_CONCURRENCY, DEFAULT_TENANT_QUEUE, tenantLimitsFromEnv } from '../src/config';
import { BusyError } from '../src/errors';
import { TenantConcurrency } from '../src/services/tenant-concurrency';

const limits = {
  tenantConcurrency: { ...DEFAULT_TENANT_CONCURRENCY, metrics: 1 },
  tenantQueue: { ...DEFAULT_TENANT_QUEUE, metrics: 1 },
  busyRetryAfterMs: 500,
};

/** Work that runs until `finish()`; `started` says whether its turn came. */
function pending() {
  let finish = () => {};
  const work = {
    started: false,
    finish: () => finish(),
    run: () =>
      new Promise<void>((resolve) => {
        work.started = true;
        finish = resolve;
      }),
  };
  return work;
}

describe('TenantConcurrency', () => {
  it('runs a tenant’s operations up to the limit, queues the next, refuses one more with Busy, and counts each tenant apart', async () => {
    const limiter = new TenantConcurrency(limits);
    const [first, second] = [pending(), pending()];
    const running = limiter.run({ tenantId: 'a', operation: 'metrics' }, first.run);
    const waiting = limiter.run({ tenantId: 'a', operation: 'metrics' }, second.run);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect([first.started, second.started]).toEqual([true, false]);
    await expect(limiter.run({ tenantId: 'a', operation: 'metrics' }, () => 'refused')).rejects.toMatchObject({
      code: 'BUSY',
      operation: 'metrics',
      retryAfterMs: 500,
    });
    await expect(limiter.run({ tenantId: 'a', operation: 'migration' }, () => 'another kind')).resolves.toBe('another kind');
    await expect(limiter.run({ tenantId: 'b', operation: 'metrics' }, () => 'another tenant')).resolves.toBe('another tenant');
    first.finish();
    await running;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(second.started).toBe(true);
    second.finish();
    await waiting;
    // A failure gives its turn back too.
    await expect(limiter.run({ tenantId: 'a', operation: 'metrics' }, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(Promise.all([1, 2].map(() => limiter.run({ tenantId: 'a', operation: 'metrics' }, () => 'ok')))).resolves.toEqual(['ok', 'ok']);
  });

  it('says in its message how many run or wait and when to retry', () => {
    expect(new BusyError({ operation: 'validation', admitted: 6, retryAfterMs: 1000 }).message).toBe(
      'This tenant has 6 workflow validations running or waiting for their turn, the most it may; retry in 1 s',
    );
  });
});

describe('tenantLimitsFromEnv', () => {
  it('takes the kinds named and keeps the defaults of the others', () => {
    const read = tenantLimitsFromEnv({
      FUNNEL_TENANT_CONCURRENCY: 'metrics=3, import=1',
      FUNNEL_TENANT_QUEUE: 'validation=0',
      FUNNEL_BUSY_RETRY_AFTER_MS: '250',
    });
    expect(read).toEqual({
      tenantConcurrency: { ...DEFAULT_TENANT_CONCURRENCY, metrics: 3, import: 1 },
      tenantQueue: { ...DEFAULT_TENANT_QUEUE, validation: 0 },
      busyRetryAfterMs: 250,
    });
    expect(tenantLimitsFromEnv({})).toEqual({ tenantConcurrency: DEFAULT_TENANT_CONCURRENCY, tenantQueue: DEFAULT_TENANT_QUEUE, busyRetryAfterMs: 1000 });
  });

  it('refuses an unknown kind, a limit of 0 running, and a retry that is not milliseconds', () => {
    expect(() => tenantLimitsFromEnv({ FUNNEL_TENANT_CONCURRENCY: 'reports=2' })).toThrow(/FUNNEL_TENANT_CONCURRENCY: "reports=2"/);
    expect(() => tenantLimitsFromEnv({ FUNNEL_TENANT_CONCURRENCY: 'metrics=0' })).toThrow(/at least 1/);
    expect(() => tenantLimitsFromEnv({ FUNNEL_BUSY_RETRY_AFTER_MS: 'soon' })).toThrow(/FUNNEL_BUSY_RETRY_AFTER_MS/);
  });
});
