import { describe, expect, it } from 'vitest';
import { HAS_OUTBOX_ENTRIES } from '../src/services/outbox-drainer';
import { embeddedStoreModels } from './embedded-store-models';

const store = embeddedStoreModels();

describe('the outbox repair scan', () => {
  it('reads the records with outbox entries along an index, not every record', async () => {
    const { models } = store;
    await models.Record.createIndexes();
    const records = Array.from({ length: 2_000 }, (_, i) => ({
      _id: `r${String(i).padStart(5, '0')}`,
      tenantId: 'scan',
      outbox: i % 500 === 7 ? [{ _id: `r${String(i).padStart(5, '0')}:0000000002:0000`, event: {} }] : [],
    }));
    await models.Record.collection.insertMany(records as never[]);
    // Cross-tenant, as the sweeper's repair reads it (through the driver's collection, on purpose).
    const explained = (await models.Record.collection
      .find({ ...HAS_OUTBOX_ENTRIES, _id: { $gt: 'r00000' } } as never)
      .sort({ _id: 1 })
      .limit(1_000)
      .explain('executionStats')) as unknown as { executionStats: { totalDocsExamined: number; nReturned: number } };
    expect(explained.executionStats.nReturned).toBe(4);
    expect(explained.executionStats.totalDocsExamined).toBeLessThanOrEqual(4);
    const withTenant = await models.Record.find({ tenantId: 'scan', ...HAS_OUTBOX_ENTRIES }, { _id: 1 })
      .sort({ _id: 1 })
      .lean();
    expect(withTenant.map((r) => r._id)).toEqual(['r00007', 'r00507', 'r01007', 'r01507']);
  });
});
