import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyTransition, compile, createRecord, type FunnelRecord } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import { DAY_MS, START, startHarness, type Harness, type TenantKeys } from './harness';

const RECORDS = 600;
const BATCH = 100;

let h: Harness;
let t: TenantKeys;

beforeAll(async () => {
  h = await startHarness({ sweepBatchSize: BATCH });
  t = await h.tenant('Sweeps');
});
afterAll(() => h?.close());

it('runDueTimers returns only once every fired record’s events are in the log (drains run behind the sweep)', async () => {
  const compiled = compile(getTemplate('standard_trunk').definition, { version: 1 });
  if (!compiled.ok) throw new Error('template does not compile');
  const workflow = compiled.workflow;
  const actor = { id: 'seed', roles: ['admin', 'manager', 'marketing', 'sales'] as ('admin' | 'manager' | 'marketing' | 'sales')[] };
  let record = (
    createRecord({ workflow, id: 'tpl', fields: { name: 'S', phone: '+1 555 0100', email: 's@x.example' }, actor, now: START }) as { record: FunnelRecord }
  ).record;
  for (const transition of ['qualify', 'accept'])
    record = (applyTransition({ workflow, record, transition, actor, now: START }) as { record: FunnelRecord }).record;
  const { id: _tpl, ...state } = record;
  const { models } = h.server.services;
  await models.Record.collection.insertMany(
    Array.from({ length: RECORDS }, (_, i) => ({ ...state, _id: `due${i}`, tenantId: t.tenantId, hasExtension: false, outbox: [], contact: {} })) as never[],
  );
  // A store under load drains slowly: each drain waits 200 ms before it runs (and then really runs).
  const drainer = h.server.services.drainer;
  const drainBatch = drainer.drainBatch.bind(drainer);
  drainer.drainBatch = async (batch) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return drainBatch(batch);
  };
  h.clock.set(START + 8 * DAY_MS);
  const run = await h.gql(t.admin, 'mutation { runDueTimers { fired } }');
  expect(run.data?.runDueTimers.fired).toBe(RECORDS);
  // Right after the answer: no outbox left behind, and each record's recycle is in the event log.
  const leftOnRecords = await models.Record.collection.countDocuments({
    tenantId: t.tenantId,
    _id: { $regex: /^due/ },
    'outbox.0': { $exists: true },
  } as never);
  expect(leftOnRecords).toBe(0);
  const recycled = await models.Event.collection.countDocuments({
    tenantId: t.tenantId,
    type: 'transitioned',
    to: 'pool',
    recordId: { $regex: /^due/ },
  } as never);
  expect(recycled).toBe(RECORDS);
});
