import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsJobId, openModels, type Models } from '@funnel/api';
import { getTemplate } from '@funnel/schemas';
import { DAY_MS, RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';
import { reportMismatches, storedDaysAgainstLog } from './metric-summary-check';

// The rounds that build the metric summaries: the few records closed before closing times were kept count as they
// are now.

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const FIELDS = { phone: '+1 555 0100', product: 'Seats', seats: 5, companyName: 'Acme', companyVerified: true, amount: 12_000 };

interface Tenant {
  keys: TenantKeys;
  versions: Map<string, number>;
}

function actions(h: Harness) {
  const create = async (t: Tenant, name: string) => {
    const made = await h.gql(t.keys.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { ...FIELDS, name, email: `${name}@x.example` } } });
    const id = made.data?.createRecord.id as string;
    expect(id, JSON.stringify(made)).toBeTruthy();
    t.versions.set(id, 1);
    return id;
  };
  const move = async (t: Tenant, id: string, transition: string) => {
    const res = await h.gql(t.keys.manager, TRANSITION, { i: { id, transition, expectedVersion: t.versions.get(id) } });
    expect(res.data?.transitionRecord.__typename, JSON.stringify(res)).toBe('Record');
    t.versions.set(id, res.data?.transitionRecord.version);
  };
  const tenant = async (name: string): Promise<Tenant> => ({ keys: await h.tenant(name), versions: new Map() });
  return { create, move, tenant };
}

describe('metric summary rounds', () => {
  let h: Harness;
  let models: Models;
  let closeModels: () => Promise<void>;
  const job = (t: Tenant) => models.Job.findOne({ tenantId: t.keys.tenantId, _id: metricsJobId(t.keys.tenantId, 'standard_trunk') }).lean();

  beforeAll(async () => {
    h = await startHarness({ metricsBuildIntervalMs: 0, metricsDaySettleMs: 0 });
    ({ models, close: closeModels } = await openModels(h.mongo.uri));
  });
  afterAll(async () => {
    await closeModels?.();
    await h?.close();
  });

  it('counts a record closed before closing times were kept as it is now, after it is reopened', async () => {
    const { create, move, tenant } = actions(h);
    h.clock.set(START + 30 * DAY_MS);
    const legacy = await tenant('Legacy');
    const definition = structuredClone(getTemplate('standard_trunk').definition);
    for (const stage of definition.stages) if (stage.key === 'won') stage.terminal = false;
    definition.transitions.push({ key: 'reopen', name: { en: 'Reopen' }, from: ['won'], to: 'opportunity', roles: ['manager'] });
    await h.publish({ admin: legacy.keys.admin, key: 'standard_trunk', definition });
    const id = await create(legacy, 'deal');
    for (const step of ['qualify', 'accept', 'create_opportunity', 'start_trial', 'negotiate', 'win']) await move(legacy, id, step);
    // As it was stored before closing times were kept: won, with no closedAt.
    await models.Record.updateOne({ tenantId: legacy.keys.tenantId, _id: id }, { $unset: { closedAt: '' } });
    h.clock.set(START + 32 * DAY_MS);
    await h.server.services.drainer.flush();
    await h.server.services.metricSummaries.buildDue(legacy.keys.tenantId);
    expect((await job(legacy))?.undatedRecords).toEqual([id]);
    const period = { from: START + 29 * DAY_MS, to: START + 33 * DAY_MS };
    const mismatches = () =>
      reportMismatches({ gql: (query, variables) => h.gql(legacy.keys.manager, query, variables), models, tenantId: legacy.keys.tenantId, period });
    expect(await mismatches()).toEqual([]);

    await move(legacy, id, 'reopen');
    await h.server.services.drainer.flush();
    expect(await mismatches()).toEqual([]);
    await h.server.services.metricSummaries.buildDue(legacy.keys.tenantId);
    expect(await mismatches()).toEqual([]);
    expect(await storedDaysAgainstLog(models, legacy.keys.tenantId)).toMatchObject({ differ: [], marked: 0 });
  });
});
