import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineMetrics, type MetricsFilter, type MetricsPeriod } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import { managerMap } from '../../api/src/metrics/manager-map';
import { pipelineAggregation } from '../../api/src/metrics/pipeline-aggregation';
import { pipelineFromRollup } from '../../api/src/metrics/pipeline-from-rollup';
import { advancePipelineRollup, pipelineRollupId } from '../../api/src/metrics/pipeline-rollup';
import type { FunnelServer } from '../../api/src/yoga';
import { gqlOn, RECORD_RESULT, secondApi, startHarness, type Harness, type TenantKeys } from './harness';

// The pipeline from its rollup (docs/metrics.md "Pipeline from a rollup", docs/decisions.md 40), through the api on the
// embedded store: records written before the commit path stamped pipeline changes, their first stamped changes before
// and after the baseline's scan, and a mix of creations, transitions, hand-overs, amount and source edits, probability
// overrides, wins on several days, losses and recycles. The report from the rollup (with the last changes read live,
// and after the rounds folded them in) equals the `$group` over the records and the engine's reference, for every
// filter and for periods of whole days and of partial ones.

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const ASSIGN = `mutation($i: AssignRecordInput!) { assignRecord(input: $i) { ${RECORD_RESULT} } }`;
const UPDATE = `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${RECORD_RESULT} } }`;
const PROBABILITY = `mutation($i: SetProbabilityInput!) { setProbability(input: $i) { ${RECORD_RESULT} } }`;
const TOTALS = 'count amount weightedAmount';
const PIPELINE = `query($p: PeriodInput, $f: MetricsFilterInput) { pipeline(workflowKey: "standard_trunk", period: $p, filter: $f) {
  __typename ... on PipelineReport { total { ${TOTALS} } byStage { stage ${TOTALS} } byForecastCategory { forecastCategory ${TOTALS} }
  byOwner { ownerId ${TOTALS} } byManager { managerId ${TOTALS} } } } }`;
const FIELDS = { phone: '+1 555 0100', product: 'Seats', seats: 5, companyName: 'Acme', companyVerified: true, amount: 12_000 };
const TO_OPPORTUNITY = ['qualify', 'accept', 'create_opportunity'];
const TO_NEGOTIATION = [...TO_OPPORTUNITY, 'start_trial', 'negotiate'];
const HOUR = 3_600_000;
const utc = (day: number, hour = 10) => Date.UTC(2026, 0, day, hour);
const DECIMALS = 9;

type Row = { version: number; id: string };

function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toFixed(DECIMALS));
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

describe('the pipeline from its rollup', () => {
  let h: Harness;
  let t: TenantKeys;
  const records = new Map<string, Row>();
  let made = 0;
  /** The api process the mutations go to: another one wrote the records of before the stamps. */
  let writer: FunnelServer;

  const ok = (answer: { data?: Record<string, any> | null }, field: string): Row => {
    const value = answer.data?.[field];
    expect(value?.__typename, JSON.stringify(answer)).toBe('Record');
    return value as Row;
  };

  /** A lead made at `at` with `fields`, moved along `path` an hour a step; its name is returned. */
  const lead = async (input: { at: number; path?: string[]; fields?: Record<string, unknown> }) => {
    made += 1;
    const name = `lead${made}`;
    h.clock.set(input.at);
    let row = ok(
      await gqlOn(writer, t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { ...FIELDS, ...input.fields, name } } }),
      'createRecord',
    );
    records.set(name, row);
    for (const [i, transition] of (input.path ?? []).entries()) {
      h.clock.set(input.at + (i + 1) * HOUR);
      row = await step(name, TRANSITION, 'transitionRecord', { transition, ...(transition === 'lose' ? { reason: 'price' } : {}) });
    }
    return name;
  };

  /** One mutation of a lead at its current version. */
  const step = async (name: string, mutation: string, field: string, input: Record<string, unknown>) => {
    const current = records.get(name) as Row;
    const row = ok(await gqlOn(writer, t.manager, mutation, { i: { id: current.id, expectedVersion: current.version, ...input } }), field);
    records.set(name, row);
    return row;
  };

  /** The report the api answers, the `$group`'s, and the engine's over the records as stored, as the api shapes them. */
  const reports = async (input: { filter?: Record<string, unknown>; period?: MetricsPeriod }) => {
    const { models, records: store } = h.server.services;
    const p = input.period ? { from: new Date(input.period.from).toISOString(), to: new Date(input.period.to).toISOString() } : null;
    const answer = (await h.gql(t.manager, PIPELINE, { p, f: input.filter ?? null })).data?.pipeline;
    expect(answer?.__typename, JSON.stringify(answer)).toBe('PipelineReport');
    const managers = await managerMap(models, t.tenantId);
    const filter = storeFilter(input.filter);
    const target = {
      models,
      tenantId: t.tenantId,
      workflowKey: 'standard_trunk',
      workflow: { definition: getTemplate('standard_trunk').definition },
      managers,
    };
    const scoped = { ...target, ...(input.period ? { period: input.period } : {}), ...(filter ? { filter } : {}) };
    const docs = await models.Record.find({ tenantId: t.tenantId }).lean();
    return {
      answer: shaped(answer),
      rollup: await pipelineFromRollup(scoped),
      group: await pipelineAggregation(scoped),
      reference: pipelineMetrics({ ...scoped, records: docs.map((doc) => store.fromDoc(doc as never)) }),
    };
  };

  /** The api's filter as the store takes it: a team is its manager and the people below them today. */
  const storeFilter = (filter: Record<string, unknown> | undefined): MetricsFilter | undefined => {
    if (!filter) return undefined;
    const owners = filter.team ? [t.managerId, t.salesId, t.sales2Id] : (filter.owners as string[] | undefined);
    return { ...(owners ? { owners } : {}), ...(filter.source ? { source: filter.source as string } : {}) };
  };

  /** The GraphQL answer in the engine's shape (owner and manager ids under the engine's names). */
  const shaped = (answer: Record<string, any>) => ({
    total: answer.total,
    byStage: answer.byStage,
    byForecastCategory: answer.byForecastCategory,
    byOwner: answer.byOwner.map(({ ownerId, ...totals }: Record<string, unknown>) => ({ owner: ownerId, ...totals })),
    byManager: answer.byManager.map(({ managerId, ...totals }: Record<string, unknown>) => ({ manager: managerId, ...totals })),
  });

  const FILTERS = () => [undefined, { owners: [t.salesId] }, { team: t.managerId }, { source: 'web' }, { owners: [t.sales2Id], source: 'event' }];
  const PERIODS: (MetricsPeriod | undefined)[] = [
    undefined,
    { from: utc(1, 0), to: utc(20, 0) },
    { from: utc(6, 13), to: utc(16, 4) },
    { from: utc(9, 1), to: utc(9, 23) },
    // Over three months (days past January are February's and March's), its first and last days partial.
    { from: utc(6, 13), to: utc(75, 4) },
  ];

  /** Every filter and period: the api's answer from the rollup equals the `$group` and the reference. */
  const expectAllEqual = async () => {
    for (const filter of FILTERS()) {
      for (const period of PERIODS) {
        const { answer, rollup, group, reference } = await reports({ ...(filter ? { filter } : {}), ...(period ? { period } : {}) });
        const why = JSON.stringify({ filter, period });
        expect(rollup, why).not.toBeNull();
        expect(rounded(rollup), why).toEqual(rounded(group));
        expect(rounded(answer), why).toEqual(rounded(group));
        expect(rounded(group), why).toEqual(rounded(reference));
      }
    }
  };

  beforeAll(async () => {
    h = await startHarness({ metricsBuildIntervalMs: 0, metricsDaySettleMs: 0 });
    t = await h.tenant('Pipeline rollup');
    const { models } = h.server.services;
    // Records as written before the commit path stamped pipeline changes (by a process since stopped): no base on
    // them, no stamp in their log.
    writer = await secondApi(h);
    await lead({ at: utc(2), path: TO_OPPORTUNITY, fields: { source: 'web' } });
    await lead({ at: utc(2, 12), path: [...TO_NEGOTIATION, 'win'] });
    await lead({ at: utc(3), path: [...TO_OPPORTUNITY, 'lose'] });
    await lead({ at: utc(3, 12), path: ['qualify', 'accept'] });
    await lead({ at: utc(4), path: TO_NEGOTIATION, fields: { source: 'event', amount: 2_500.5 } });
    await writer.services.drainer.flush();
    await writer.close();
    writer = h.server;
    await models.Record.updateMany({ tenantId: t.tenantId }, { $unset: { pipelineBase: '' } });
    await models.Event.updateMany({ tenantId: t.tenantId }, { $unset: { pipelineChange: '' } });
  });
  afterAll(() => h?.close());

  it('answers from the records until the baseline is done, then from the rollup, equal through a mix of changes', async () => {
    const { models } = h.server.services;
    // Their first stamped changes before the rollup exists, and new records.
    await step('lead1', ASSIGN, 'assignRecord', { owner: t.salesId });
    await step('lead4', TRANSITION, 'transitionRecord', { transition: 'create_opportunity' });
    await lead({ at: utc(5), path: TO_OPPORTUNITY, fields: { source: 'event' } });
    await h.server.services.drainer.flush();
    const before = await reports({});
    expect(before.rollup).toBeNull();
    expect(rounded(before.answer)).toEqual(rounded(before.group));

    h.clock.set(utc(6));
    while (await h.server.services.metricSummaries.buildDue(t.tenantId));
    const rollup = await models.PipelineRollup.findOne({
      tenantId: t.tenantId,
      _id: pipelineRollupId({ tenantId: t.tenantId, workflowKey: 'standard_trunk' }),
    }).lean();
    expect(rollup?.cursor).not.toBeNull();
    await expectAllEqual();

    // The mix, read live after the rollup's cursor.
    await step('lead5', ASSIGN, 'assignRecord', { owner: t.sales2Id });
    await step('lead1', UPDATE, 'updateRecord', { fields: { amount: 40_000, source: 'event' } });
    await step('lead6', PROBABILITY, 'setProbability', { probability: 55, reason: 'signed letter of intent' });
    h.clock.set(utc(9, 8));
    await step('lead5', TRANSITION, 'transitionRecord', { transition: 'win' });
    await lead({ at: utc(7), path: [...TO_NEGOTIATION, 'win'], fields: { source: 'web', amount: 7_000 } });
    await lead({ at: utc(12), path: [...TO_NEGOTIATION, 'win'], fields: { amount: 3_000 } });
    await lead({ at: utc(15, 22), path: [...TO_NEGOTIATION, 'win'], fields: { source: 'event' } });
    await lead({ at: utc(13), path: ['qualify', 'accept', 'recycle'] });
    await lead({ at: utc(40), path: [...TO_NEGOTIATION, 'win'], fields: { source: 'web', amount: 5_500 } });
    await lead({ at: utc(63, 20), path: [...TO_NEGOTIATION, 'win'], fields: { amount: 900 } });
    await step('lead4', TRANSITION, 'transitionRecord', { transition: 'lose', reason: 'price' });
    await step('lead6', ASSIGN, 'assignRecord', { owner: t.salesId });
    await step('lead6', UPDATE, 'updateRecord', { fields: { amount: 0.1 } });
    await expectAllEqual();

    // Folded into the rollup by the rounds, nothing counted twice.
    await advancePipelineRollup({ models, tenantId: t.tenantId, workflowKey: 'standard_trunk', settleMs: 0 });
    const folded = await models.PipelineRollup.findOne({ tenantId: t.tenantId }).lean();
    expect(folded?.events).toBeGreaterThan(rollup?.events ?? 0);
    await expectAllEqual();
    // The won rows by closing day are in one document a month, none in the rollup's.
    expect(folded?.wonDays).toBeUndefined();
    const months = await models.PipelineWonMonth.find({ tenantId: t.tenantId }, { month: 1 }).lean();
    expect(months.map((month) => month.month).sort()).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it("keeps the pipeline stamp in the log, out of a history's event detail", async () => {
    const { id } = records.get('lead1') as Row;
    const stamped = await h.server.services.models.Event.find({ tenantId: t.tenantId, recordId: id, pipelineChange: { $exists: true } }).lean();
    expect(stamped.length).toBeGreaterThan(0);
    const history = await h.gql(t.manager, 'query($id: ID!) { record(id: $id) { ... on Record { history(first: 50) { edges { node { detail } } } } } }', {
      id,
    });
    const details = history.data?.record.history.edges.map((edge: { node: { detail: Record<string, unknown> } }) => edge.node.detail);
    expect(details.length, JSON.stringify(history)).toBeGreaterThan(stamped.length);
    expect(details.filter((detail: Record<string, unknown>) => 'pipelineChange' in detail)).toEqual([]);
  });
});
