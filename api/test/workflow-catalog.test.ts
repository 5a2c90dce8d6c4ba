import { getTemplate } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
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

/** The catalog, and how many reads of workflows it has sent. */
function countingCatalog(models: Models): { catalog: WorkflowCatalog; reads: () => number } {
  let reads = 0;
  const Workflow = new Proxy(models.Workflow, {
    get(target, property, receiver) {
      if (property === 'find' || property === 'findOne') reads += 1;
      return Reflect.get(target, property, receiver);
    },
  });
  return { catalog: new WorkflowCatalog({ ...models, Workflow }), reads: () => reads };
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
