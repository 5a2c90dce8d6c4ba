import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TenantKeys } from './harness';

/** Small limits, so a test holds them all with a few requests. */
const METRICS_AT_ONCE = 2;
const METRICS_WAITING = 1;
const VALIDATIONS_AT_ONCE = 1;
const RETRY_AFTER_MS = 750;

let h: Harness;
let a: TenantKeys;
let b: TenantKeys;

beforeAll(async () => {
  h = await startHarness({
    tenantConcurrency: { metrics: METRICS_AT_ONCE, validation: VALIDATIONS_AT_ONCE },
    tenantQueue: { metrics: METRICS_WAITING, validation: 0 },
    busyRetryAfterMs: RETRY_AFTER_MS,
  });
  a = await h.tenant('Fair A');
  b = await h.tenant('Fair B');
});
afterAll(() => h?.close());

const PIPELINE = `query($key: String!) { pipeline(workflowKey: $key) {
  __typename
  ... on PipelineReport { total { count } }
  ... on Busy { code message operation retryAfterMs }
  ... on NotFound { what }
} }`;
const VALIDATE = 'query($d: JSON!) { validateWorkflow(definition: $d) { ok } }';

/**
 * Holds every call of `method` made for `tenantId` (the first argument's) until released; `entered` counts the
 * calls held so far. The operations around it are then running, for as long as a test needs.
 */
function holdTenantCalls<T extends object, K extends keyof T>(target: T, method: K, tenantId: string) {
  const original = target[method] as (...args: unknown[]) => Promise<unknown>;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = { entered: 0, release, restore: () => (target[method] = original as T[K]) };
  target[method] = (async (...args: unknown[]) => {
    const first = args[0] as { tenantId?: string } | undefined;
    if (first?.tenantId === tenantId) {
      held.entered++;
      await released;
    }
    return original.apply(target, args);
  }) as T[K];
  return held;
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 10_000) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('heavy operations per tenant', () => {
  it('runs a tenant’s metrics queries up to its limit, queues a few more and refuses the rest with a typed Busy that says when to retry; another tenant’s are not refused', async () => {
    const held = holdTenantCalls(h.server.services.workflows, 'latest', a.tenantId);
    try {
      const first = Array.from({ length: METRICS_AT_ONCE + METRICS_WAITING }, () => h.gql(a.manager, PIPELINE, { key: 'standard_trunk' }));
      await until(() => held.entered === METRICS_AT_ONCE);
      // The limit is taken and the queue full: every further query of tenant A is refused at once, before any work…
      const refused = await Promise.all(Array.from({ length: 3 }, () => h.gql(a.manager, PIPELINE, { key: 'standard_trunk' })));
      for (const r of refused) {
        expect(r.data?.pipeline).toMatchObject({ __typename: 'Busy', code: 'BUSY', operation: 'metrics', retryAfterMs: RETRY_AFTER_MS });
        expect(r.data?.pipeline.message).toMatch(/retry in 0\.8 s/);
      }
      // (the queued one has not started)
      expect(held.entered).toBe(METRICS_AT_ONCE);
      // …while tenant B, at the same moment, gets its report.
      const other = await h.gql(b.manager, PIPELINE, { key: 'standard_trunk' });
      expect(other.data?.pipeline.__typename).toBe('PipelineReport');
      held.release();
      for (const r of await Promise.all(first)) expect(r.data?.pipeline.__typename).toBe('PipelineReport');
      expect(held.entered).toBe(METRICS_AT_ONCE + METRICS_WAITING);
    } finally {
      held.restore();
    }
    // The slots are free again, whether the work succeeded or was refused by the resolver.
    const missing = await Promise.all(Array.from({ length: METRICS_AT_ONCE + METRICS_WAITING }, () => h.gql(a.manager, PIPELINE, { key: 'no_such_workflow' })));
    for (const r of missing) expect(r.data?.pipeline.__typename).toBe('NotFound');
    const again = await Promise.all(Array.from({ length: METRICS_AT_ONCE + METRICS_WAITING }, () => h.gql(a.manager, PIPELINE, { key: 'standard_trunk' })));
    for (const r of again) expect(r.data?.pipeline.__typename).toBe('PipelineReport');
  });

  it('answers validateWorkflow beyond the limit with the error code BUSY and retryAfterMs (it has no result union)', async () => {
    const definitions = h.server.services.definitions;
    const diagnose = definitions.diagnose.bind(definitions);
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered = 0;
    definitions.diagnose = async (input) => {
      if ((input.definition as { key?: string }).key === 'held') {
        entered++;
        await released;
      }
      return diagnose(input);
    };
    try {
      const first = h.gql(a.admin, VALIDATE, { d: { key: 'held' } });
      await until(() => entered === VALIDATIONS_AT_ONCE);
      const refused = await h.gql(a.admin, VALIDATE, { d: { key: 'other' } });
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]?.extensions).toEqual({ code: 'BUSY', operation: 'validation', retryAfterMs: RETRY_AFTER_MS });
      const other = await h.gql(b.admin, VALIDATE, { d: { key: 'other' } });
      expect(other.data?.validateWorkflow.ok).toBe(false);
      release();
      expect((await first).data?.validateWorkflow.ok).toBe(false);
    } finally {
      definitions.diagnose = diagnose;
    }
  });
});
