import { createFunnelServer } from '@funnel/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT_KEY, START, startHarness, storeModels, type Harness, type TenantKeys } from './harness';

// Records stored before they kept their recent activities (which engagement scoring reads) get them from their
// event log, once per store, when an api process starts.

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Activities');
});
afterAll(() => h?.close());

const start = () =>
  createFunnelServer({ uri: h.mongo.uri, clock: h.clock, config: { testClock: true, sweepIntervalMs: 0, rootKey: ROOT_KEY, log: () => undefined } });

it('gives a record stored before activities were kept the ones its log holds, oldest first, and reads nothing at the next start', async () => {
  const { models, close } = await storeModels(h.mongo.uri);
  const recordId = 'old-activities';
  try {
    await models.Record.collection.insertOne({
      _id: recordId,
      tenantId: t.tenantId,
      workflowKey: 'standard_trunk',
      workflowVersion: 1,
      stage: 'lead',
      owner: t.salesId,
      fields: { name: 'Old talker' },
      version: 4,
      outbox: [],
    } as never);
    const activities = [{ type: 'email', direction: 'outbound' }, { type: 'call', outcome: 'unanswered' }, { type: 'meeting' }];
    await models.Event.collection.insertMany(
      activities.map((activity, i) => ({
        _id: `${recordId}:${String(i + 2).padStart(10, '0')}:0000`,
        tenantId: t.tenantId,
        workflowKey: 'standard_trunk',
        recordId,
        type: 'activity_logged',
        at: START - (3 - i) * 3_600_000,
        actor: t.salesId,
        version: i + 2,
        seq: 0,
        activity,
      })) as never[],
    );
    await models.MaintenanceMark.deleteOne({ _id: 'scored-activities' });
  } finally {
    await close();
  }
  const first = await start();
  try {
    expect(await first.services.activitiesBackfill.finished()).toBe(1);
  } finally {
    await first.close();
  }
  const after = await storeModels(h.mongo.uri);
  try {
    const doc = await after.models.Record.findOne({ tenantId: t.tenantId, _id: recordId }, { activities: 1, version: 1 }).lean();
    expect(doc).toMatchObject({
      version: 4,
      activities: [
        { type: 'email', outcome: 'outbound', at: START - 3 * 3_600_000 },
        { type: 'call', outcome: 'unanswered', at: START - 2 * 3_600_000 },
        { type: 'meeting', at: START - 3_600_000 },
      ],
    });
    expect(await after.models.MaintenanceMark.findOne({ _id: 'scored-activities' }).lean()).toMatchObject({ rules: 1 });
  } finally {
    await after.close();
  }
  const next = await start();
  try {
    expect(await next.services.activitiesBackfill.finished()).toBe(0);
  } finally {
    await next.close();
  }
});
