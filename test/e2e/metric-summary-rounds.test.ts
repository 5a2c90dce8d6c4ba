import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsJobId, openModels, type Models } from '@funnel/api';
import { getTemplate } from '@funnel/schemas';
import { DAY_MS, RECORD_RESULT, START, startHarness, type Harness, type TenantKeys } from './harness';
import { reportMismatches, storedDaysAgainstLog } from './metric-summary-check';

// The rounds that build the metric summaries, with tenants side by side: a workflow that fails does not stop the
// others, a long backfill takes its share of each round and no more, and the few records closed before closing
// times were kept count as they are now.

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const FIELDS = { phone: '+1 555 0100', product: 'Seats', seats: 5, companyName: 'Acme', companyVerified: true, amount: 12_000 };
/** Days a workflow's job builds in one round (FUNNEL_METRICS_DAYS_PER_ROUND). */
const DAYS_PER_ROUND = 4;

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
  const lines: string[] = [];
  const job = (t: Tenant) => models.Job.findOne({ tenantId: t.keys.tenantId, _id: metricsJobId(t.keys.tenantId, 'standard_trunk') }).lean();
  const today = (t: Tenant) =>
    models.MetricDay.findOne({ tenantId: t.keys.tenantId, workflowKey: 'standard_trunk', day: Math.floor(h.clock.now() / DAY_MS) }).lean();

  beforeAll(async () => {
    h = await startHarness({ metricsBuildIntervalMs: 0, metricsDaySettleMs: 0, metricsDaysPerRound: DAYS_PER_ROUND, log: (line) => lines.push(line) });
    ({ models, close: closeModels } = await openModels(h.mongo.uri));
  });
  afterAll(async () => {
    await closeModels?.();
    await h?.close();
  });

  it("logs a workflow whose summaries fail with its tenant and workflow, and builds the other tenants' in the same round", async () => {
    const { create, tenant } = actions(h);
    const broken = await tenant('Broken');
    const healthy = await tenant('Healthy');
    await create(healthy, 'ada');
    // The broken tenant's workflow names a latest version the store does not hold: loading it fails.
    await models.Workflow.updateOne({ tenantId: broken.keys.tenantId, key: 'standard_trunk' }, { $set: { latestVersion: 99 } });
    await h.server.services.drainer.flush();

    try {
      await h.server.services.metricSummaries.buildDue();
      expect(lines.join('\n')).toContain(`tenant ${broken.keys.tenantId}, workflow standard_trunk`);
      expect(await today(healthy)).toMatchObject({ dirty: false });
    } finally {
      // Put back, so that the rounds of the tests below build it as any other.
      await models.Workflow.updateOne({ tenantId: broken.keys.tenantId, key: 'standard_trunk' }, { $set: { latestVersion: 1 } });
    }
  });

  it("builds another tenant's today in the first round while one tenant's backfill takes its share of each round", async () => {
    const { create, tenant } = actions(h);
    h.clock.set(START);
    const long = await tenant('Long history');
    await create(long, 'first');
    h.clock.set(START + 20 * DAY_MS);
    const fresh = await tenant('Fresh');
    await create(fresh, 'today');
    await h.server.services.drainer.flush();

    expect(await h.server.services.metricSummaries.buildDue()).toBe(true);
    expect(await today(fresh)).toMatchObject({ dirty: false });
    expect(await job(long)).toMatchObject({ status: 'running', total: 20, processed: DAYS_PER_ROUND });

    // The next rounds each build their share, and the one that ends the backfill says nothing is left.
    const more: boolean[] = [];
    do more.push(await h.server.services.metricSummaries.buildDue());
    while (more.at(-1));
    expect(more).toEqual([true, true, true, false]);
    expect(await job(long)).toMatchObject({ status: 'done', total: 20, processed: 20 });

    // Days that close later are new work: the job runs again, with its share per round, until it is done again.
    h.clock.set(START + 26 * DAY_MS);
    await h.server.services.metricSummaries.buildDue();
    expect(await job(long)).toMatchObject({ status: 'running', total: 26, processed: 20 + DAYS_PER_ROUND });
    expect(await h.server.services.metricSummaries.buildDue()).toBe(false);
    expect(await job(long)).toMatchObject({ status: 'done', total: 26, processed: 26 });
    expect((await job(long))?.runner).toBeUndefined();
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
    while (await h.server.services.metricSummaries.buildDue(legacy.keys.tenantId));
    expect((await job(legacy))?.undatedRecords).toEqual([id]);
    const period = { from: START + 29 * DAY_MS, to: START + 33 * DAY_MS };
    const mismatches = () =>
      reportMismatches({ gql: (query, variables) => h.gql(legacy.keys.manager, query, variables), models, tenantId: legacy.keys.tenantId, period });
    expect(await mismatches()).toEqual([]);

    await move(legacy, id, 'reopen');
    await h.server.services.drainer.flush();
    expect(await mismatches()).toEqual([]);
    while (await h.server.services.metricSummaries.buildDue(legacy.keys.tenantId));
    expect(await mismatches()).toEqual([]);
    expect(await storedDaysAgainstLog(models, legacy.keys.tenantId)).toMatchObject({ differ: [], marked: 0 });
  });

  it('builds every stored day again, once, when a new version closes deals in other stages', async () => {
    const { tenant } = actions(h);
    const t = await tenant('Churn');
    const { create } = actions(h);
    h.clock.set(START + 40 * DAY_MS);
    await create(t, 'lead');
    h.clock.set(START + 45 * DAY_MS);
    await h.server.services.drainer.flush();
    while (await h.server.services.metricSummaries.buildDue(t.keys.tenantId));
    const days = () => models.MetricDay.find({ tenantId: t.keys.tenantId, workflowKey: 'standard_trunk' }).lean();
    const before = await days();
    expect(before.length).toBeGreaterThanOrEqual(5);

    // A customer who leaves after a win is now a loss: the closing stages change.
    const definition = structuredClone(getTemplate('standard_trunk').definition);
    for (const stage of definition.stages) if (stage.key === 'won') stage.terminal = false;
    const lost = definition.stages.find((stage) => stage.key === 'lost');
    definition.stages.push({ ...(lost as (typeof definition.stages)[number]), key: 'churned', name: { en: 'Churned' } });
    definition.transitions.push({ key: 'churn', name: { en: 'Churn' }, from: ['won'], to: 'churned', roles: ['manager'] });
    await h.publish({ admin: t.keys.admin, key: 'standard_trunk', definition });
    while (await h.server.services.metricSummaries.buildDue(t.keys.tenantId));
    const after = await days();
    expect(after.map((d) => d.day).sort()).toEqual(before.map((d) => d.day).sort());
    for (const day of after) expect(day, String(day.day)).toMatchObject({ dirty: false, gen: 1, builtGen: 1, outcomesKey: expect.stringContaining('churned') });
    // Marked once: another round builds nothing again.
    await h.server.services.metricSummaries.buildDue(t.keys.tenantId);
    expect((await days()).map((d) => d.gen)).toEqual(after.map((d) => d.gen));
  });
});
