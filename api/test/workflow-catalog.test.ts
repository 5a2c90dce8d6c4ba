import { getTemplate } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../src/clock';
import type { Models } from '../src/models/models';
import { WorkflowCatalog } from '../src/services/workflow-catalog';
import { embeddedStoreModels } from './embedded-store-models';

const store = embeddedStoreModels();

/** Publishes `version` of a workflow straight into the store, as publishWorkflow leaves it. */
async function published(models: Models, tenantId: string, key: string, version: number): Promise<void> {
  const definition = { ...getTemplate('minimal_trunk').definition, key };
  await models.WorkflowVersion.updateOne(
    { tenantId, _id: `${tenantId}:${key}:${version}` },
    { $setOnInsert: { workflowKey: key, version, definition, publishedAt: new Date(), publishedBy: 'test' } },
    { upsert: true },
  );
  await models.Workflow.updateOne({ tenantId, key }, { $set: { latestVersion: version }, $setOnInsert: { name: key, draft: null } }, { upsert: true });
}

/** The catalog (keeping the latest version as `keep` says), and how many reads of workflows it has sent. */
function countingCatalog(models: Models, keep?: ConstructorParameters<typeof WorkflowCatalog>[1]): { catalog: WorkflowCatalog; reads: () => number } {
  let reads = 0;
  const Workflow = new Proxy(models.Workflow, {
    get(target, property, receiver) {
      if (property === 'find' || property === 'findOne') reads += 1;
      return Reflect.get(target, property, receiver);
    },
  });
  return { catalog: new WorkflowCatalog({ ...models, Workflow }, keep), reads: () => reads };
}

describe('the latest published version of a workflow', () => {
  it('is read once per tenant for the creates that arrive together, each answered with its own workflow', async () => {
    await published(store.models, 't-a', 'deals', 1);
    await published(store.models, 't-a', 'deals', 2);
    await published(store.models, 't-a', 'leads', 1);
    await published(store.models, 't-b', 'deals', 3);
    const { catalog, reads } = countingCatalog(store.models);
    const asked = [
      ...Array.from({ length: 10 }, () => ({ tenantId: 't-a', key: 'deals' })),
      { tenantId: 't-a', key: 'leads' },
      { tenantId: 't-b', key: 'deals' },
    ];
    const versions = await Promise.all(asked.map(async (input) => (await catalog.latest(input)).version));
    expect(versions).toEqual([...Array.from({ length: 10 }, () => 2), 1, 3]);
    expect(reads()).toBe(2);
  });

  it('sees a version published since the last read, and says a workflow never published is not found', async () => {
    await published(store.models, 't-c', 'deals', 1);
    const { catalog } = countingCatalog(store.models);
    expect((await catalog.latest({ tenantId: 't-c', key: 'deals' })).version).toBe(1);
    await published(store.models, 't-c', 'deals', 2);
    expect((await catalog.latest({ tenantId: 't-c', key: 'deals' })).version).toBe(2);
    await expect(catalog.latest({ tenantId: 't-c', key: 'nothing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Another tenant's workflow of the same key is not this tenant's.
    await expect(catalog.latest({ tenantId: 't-d', key: 'deals' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("fails only the loads of a tenant whose read fails, never another tenant's asked in the same turn", async () => {
    await published(store.models, 't-e', 'deals', 1);
    await published(store.models, 't-f', 'deals', 4);
    const Workflow = new Proxy(store.models.Workflow, {
      get(target, property, receiver) {
        if (property !== 'find') return Reflect.get(target, property, receiver);
        return (filter: { tenantId: string }, ...rest: unknown[]) => {
          if (filter.tenantId === 't-e') throw new Error('the store refused t-e');
          return (target.find as (...args: unknown[]) => unknown).call(target, filter, ...rest);
        };
      },
    });
    const catalog = new WorkflowCatalog({ ...store.models, Workflow });
    const [failing, other] = await Promise.allSettled([catalog.latest({ tenantId: 't-e', key: 'deals' }), catalog.latest({ tenantId: 't-f', key: 'deals' })]);
    expect(failing).toMatchObject({ status: 'rejected', reason: { message: 'the store refused t-e' } });
    expect(other.status === 'fulfilled' && other.value.version).toBe(4);
  });
});

describe('the version a record is created on', () => {
  it("is the latest as read within the window: another process's publish is created on once the window has passed, this process's at once", async () => {
    await published(store.models, 't-g', 'deals', 1);
    const clock = new TestClock(Date.parse('2026-03-02T09:00:00Z'));
    const { catalog, reads } = countingCatalog(store.models, { keepLatestMs: 1000, clock });
    const created = async () => (await catalog.forCreate({ tenantId: 't-g', key: 'deals' })).version;
    expect(await created()).toBe(1);
    // Another process publishes version 2: creates within the window are on 1, as a create racing the publish is.
    await published(store.models, 't-g', 'deals', 2);
    clock.advance(999);
    expect(await created()).toBe(1);
    expect(reads()).toBe(1);
    clock.advance(1);
    expect(await created()).toBe(2);
    expect(reads()).toBe(2);
    // This process publishes version 3: its next create is on it, with no read.
    await published(store.models, 't-g', 'deals', 3);
    catalog.published({ tenantId: 't-g', key: 'deals', version: 3 });
    expect(await created()).toBe(3);
    expect(reads()).toBe(2);
  });

  it("ends the window when the clock steps back, and a slower read never takes this process's publish back", async () => {
    await published(store.models, 't-i', 'deals', 1);
    const clock = new TestClock(Date.parse('2026-03-02T09:00:00Z'));
    const { catalog, reads } = countingCatalog(store.models, { keepLatestMs: 1000, clock });
    const created = async () => (await catalog.forCreate({ tenantId: 't-i', key: 'deals' })).version;
    expect(await created()).toBe(1);
    await published(store.models, 't-i', 'deals', 2);
    // The clock stepped back an hour (an NTP correction): the version kept is read again, not kept for an hour more.
    clock.set(Date.parse('2026-03-02T08:00:00Z'));
    expect(await created()).toBe(2);
    expect(reads()).toBe(2);
    // A read that started before this process published version 3 and answers after it must not put 2 back.
    clock.advance(5000);
    const slow = catalog.forCreate({ tenantId: 't-i', key: 'deals' });
    catalog.published({ tenantId: 't-i', key: 'deals', version: 3 });
    expect((await slow).version).toBe(2);
    await published(store.models, 't-i', 'deals', 3);
    expect(await created()).toBe(3);
  });

  it('is read for every turn with a window of 0, and a workflow never published is not found until its first publish, at once', async () => {
    await published(store.models, 't-h', 'deals', 1);
    const { catalog, reads } = countingCatalog(store.models, { keepLatestMs: 0, clock: new TestClock() });
    expect((await catalog.forCreate({ tenantId: 't-h', key: 'deals' })).version).toBe(1);
    await published(store.models, 't-h', 'deals', 2);
    expect((await catalog.forCreate({ tenantId: 't-h', key: 'deals' })).version).toBe(2);
    expect(reads()).toBe(2);
    const windowed = countingCatalog(store.models, { keepLatestMs: 60_000, clock: new TestClock() }).catalog;
    await expect(windowed.forCreate({ tenantId: 't-h', key: 'leads' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await published(store.models, 't-h', 'leads', 1);
    expect((await windowed.forCreate({ tenantId: 't-h', key: 'leads' })).version).toBe(1);
  });
});
