import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calibration,
  funnelMetrics,
  pipelineMetrics,
  salesVelocity,
  summaryMismatches,
  velocityParts,
  type FunnelEvent,
  type MetricsFilter,
} from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import { RECORD_RESULT, startHarness, type Harness, type TenantKeys } from './harness';

// The funnel, calibration and pipeline by owner (at the time of each event), team and pipeline, through the api: each
// equal to the engine's reference over the records and events the api stored, and a filter naming what the tenant
// does not have refused with its pointer.

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const ASSIGN = `mutation($i: AssignRecordInput!) { assignRecord(input: $i) { ${RECORD_RESULT} } }`;
const LOG = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${RECORD_RESULT} } }`;
const FIELDS = { phone: '+1 555 0100', product: 'Seats', seats: 5, companyName: 'Acme', companyVerified: true, amount: 12_000 };
const FUNNEL_FIELDS = `stages { stage entered conversionToNext cumulativeConversion timeInStage { count median p90 } }
  winRate { won lost rate } cycleLength { count median p90 } timeToFirstTouch { count median p90 untouched }`;
const FUNNEL = `query($w: String!, $p: PeriodInput!, $f: MetricsFilterInput) { funnel(workflowKey: $w, period: $p, filter: $f) {
  __typename ... on FunnelReport { ${FUNNEL_FIELDS} previous { ${FUNNEL_FIELDS} } } ... on ValidationFailed { diagnostics { code pointer message } } } }`;
const CALIBRATION = `query($p: PeriodInput, $f: MetricsFilterInput) { calibration(workflowKey: "standard_trunk", period: $p, filter: $f) {
  __typename ... on CalibrationReport { rows { stage configured passed closed won observed } } ... on ValidationFailed { diagnostics { code pointer } } } }`;
const PIPELINE = `query($f: MetricsFilterInput) { pipeline(workflowKey: "standard_trunk", filter: $f) {
  __typename ... on PipelineReport { total { count amount weightedAmount } byOwner { ownerId count amount weightedAmount } }
  ... on ValidationFailed { diagnostics { code pointer } } } }`;

const utc = (day: number, hour = 10) => Date.UTC(2026, 0, day, hour);
const JANUARY = { from: new Date(utc(1, 0)).toISOString(), to: new Date(Date.UTC(2026, 1, 1)).toISOString() };
const JANUARY_MS = { from: utc(1, 0), to: Date.UTC(2026, 1, 1) };
const OPPORTUNITY_STAGES = new Set(['opportunity', 'product_trial', 'contract_negotiation']);

describe('metrics by owner, team and pipeline', () => {
  let h: Harness;
  let t: TenantKeys;

  const ok = (answer: { data?: Record<string, { __typename?: string } & Record<string, unknown>> | null }, field: string, type: string) => {
    const value = answer.data?.[field];
    expect(value?.__typename, JSON.stringify(answer)).toBe(type);
    return value as Record<string, unknown>;
  };

  /** A record made at `at` in `workflowKey`, then moved by each step (an hour apart) with the step's key: a transition, an assignment to a user, or a call. */
  const record = async (input: {
    at: number;
    workflowKey?: string;
    pipeline?: string;
    source?: string;
    steps: { by: string; transition?: string; assign?: string; call?: boolean }[];
  }) => {
    h.clock.set(input.at);
    const workflowKey = input.workflowKey ?? 'standard_trunk';
    const fields = {
      ...(workflowKey === 'standard_trunk' ? FIELDS : { phone: FIELDS.phone, amount: FIELDS.amount }),
      ...(input.source ? { source: input.source } : {}),
    };
    const made = await h.gql(t.marketing, CREATE, {
      i: { workflowKey, fields: { ...fields, name: `Lead ${input.at}` }, ...(input.pipeline ? { pipeline: input.pipeline } : {}) },
    });
    let current = ok(made, 'createRecord', 'Record');
    for (const [i, step] of input.steps.entries()) {
      h.clock.set(input.at + (i + 1) * 3_600_000);
      const base = { id: current.id, expectedVersion: current.version };
      const reason = step.transition === 'lose' ? { reason: 'price' } : {};
      const [mutation, field, variables] = step.assign
        ? [ASSIGN, 'assignRecord', { ...base, owner: step.assign }]
        : step.call
          ? [LOG, 'logActivity', { ...base, activity: { type: 'call', direction: 'outbound', outcome: 'answered' } }]
          : [TRANSITION, 'transitionRecord', { ...base, transition: step.transition, ...reason }];
      current = ok(await h.gql(step.by, mutation, { i: variables }), field, 'Record');
    }
  };

  /** The records and events the api stored, as the engine's reference reads them. */
  const stored = async () => {
    const { models, records } = h.server.services;
    const docs = await models.Record.find({ tenantId: t.tenantId }).lean();
    const events = (await models.Event.find({ tenantId: t.tenantId }).sort({ at: 1, _id: 1 }).lean()) as unknown as (FunnelEvent & { workflowKey: string })[];
    return { records: docs.map((doc) => records.fromDoc(doc as never)), events };
  };

  const funnel = async (filter: Record<string, unknown> | null, workflowKey = 'standard_trunk') =>
    ok(await h.gql(t.manager, FUNNEL, { w: workflowKey, p: JANUARY, f: filter }), 'funnel', 'FunnelReport');

  /** The reference funnel of the stored data, narrowed by `filter`. */
  const referenceFunnel = async (filter: MetricsFilter, workflowKey = 'standard_trunk') => {
    const { records, events } = await stored();
    const definition = getTemplate(workflowKey).definition;
    return funnelMetrics({
      workflow: { definition },
      records: records.filter((r) => r.workflowKey === workflowKey),
      events: events.filter((e) => e.workflowKey === workflowKey),
      period: JANUARY_MS,
      filter,
    });
  };

  beforeAll(async () => {
    h = await startHarness({ metricsBuildIntervalMs: 0, metricsDaySettleMs: 0 });
    t = await h.tenant('Filters');
    await h.publish({ admin: t.admin, key: 'mql_srl_sql', definition: getTemplate('mql_srl_sql').definition });
    const toSam = { by: t.manager, assign: t.salesId };
    // Worked by Sam until Sue accepted it (its owner changed mid-life), then won by Sue.
    await record({
      at: utc(5),
      source: 'web',
      steps: [
        toSam,
        { by: t.sales, call: true },
        { by: t.manager, transition: 'qualify' },
        { by: t.sales2, transition: 'accept' },
        ...['create_opportunity', 'start_trial', 'negotiate', 'win'].map((transition) => ({ by: t.sales2, transition })),
      ],
    });
    // Sam's from start to loss.
    await record({
      at: utc(8),
      source: 'referral',
      steps: [toSam, { by: t.manager, transition: 'qualify' }, ...['accept', 'create_opportunity', 'lose'].map((transition) => ({ by: t.sales, transition }))],
    });
    // Sam's until a manager recycled it to the pool (the owner cleared): its time in SQL is still Sam's.
    await record({
      at: utc(10),
      steps: [toSam, { by: t.manager, transition: 'qualify' }, { by: t.sales, transition: 'accept' }, { by: t.manager, transition: 'recycle' }],
    });
    // Hunters and farmers of the MQL / SRL / SQL workflow.
    await record({ at: utc(12), workflowKey: 'mql_srl_sql', pipeline: 'new_business', steps: [] });
    await record({ at: utc(13), workflowKey: 'mql_srl_sql', pipeline: 'existing_customers', steps: [] });
    await record({ at: utc(14), workflowKey: 'mql_srl_sql', pipeline: 'existing_customers', steps: [] });
    h.clock.set(Date.UTC(2026, 1, 3));
    await h.server.services.drainer.flush();
    while (await h.server.services.metricSummaries.buildDue(t.tenantId));
  });
  afterAll(() => h?.close());

  it('counts the funnel by the owner at the time of each event: the win for the owner who closed it, the MQL for the one who had it then', async () => {
    const sam = await funnel({ owners: [t.salesId] });
    const sue = await funnel({ owners: [t.sales2Id] });
    expect(sam.winRate).toEqual({ won: 0, lost: 1, rate: 0 });
    expect(sue.winRate).toEqual({ won: 1, lost: 0, rate: 1 });
    const entered = (report: Record<string, unknown>, stage: string) =>
      (report.stages as { stage: string; entered: number }[]).find((s) => s.stage === stage)?.entered;
    expect(entered(sam, 'mql')).toBe(3);
    expect(entered(sue, 'mql')).toBe(0);
    expect(entered(sam, 'sql')).toBe(2);
    expect(entered(sue, 'sql')).toBe(1);
    // The recycle cleared the owner; the passage it ended (an hour in SQL) was Sam's, as was the lost deal's.
    const timeIn = (report: Record<string, unknown>, stage: string) =>
      (report.stages as { stage: string; timeInStage: { count: number } }[]).find((s) => s.stage === stage)?.timeInStage.count;
    expect(timeIn(sam, 'sql')).toBe(2);
    expect(timeIn(sue, 'sql')).toBe(1);
    expect(summaryMismatches(withoutPrevious(sam), await referenceFunnel({ owners: [t.salesId] }))).toEqual([]);
    expect(summaryMismatches(withoutPrevious(sue), await referenceFunnel({ owners: [t.sales2Id] }))).toEqual([]);
    // The period before keeps the filter.
    expect(withoutPrevious(sam.previous as Record<string, unknown>)).toEqual(
      withoutPrevious(ok(await h.gql(t.manager, FUNNEL, { w: 'standard_trunk', p: DECEMBER, f: { owners: [t.salesId] } }), 'funnel', 'FunnelReport')),
    );
  });

  it("counts a team as its manager and everyone below them today: Mia's team is Mia, Sam and Sue", async () => {
    const team = await funnel({ team: t.managerId });
    expect(summaryMismatches(withoutPrevious(team), await referenceFunnel({ owners: [t.managerId, t.salesId, t.sales2Id] }))).toEqual([]);
    expect(team.winRate).toEqual({ won: 1, lost: 1, rate: 0.5 });
    const nobody = await funnel({ team: t.marketingId });
    expect(nobody.winRate).toEqual({ won: 0, lost: 0, rate: null });
  });

  it('counts the funnel of one pipeline: the farmers start at SRL', async () => {
    const farmers = await funnel({ pipeline: 'existing_customers' }, 'mql_srl_sql');
    const hunters = await funnel({ pipeline: 'new_business' }, 'mql_srl_sql');
    const entered = (report: Record<string, unknown>) => (report.stages as { entered: number }[]).slice(0, 2).map((s) => s.entered);
    expect(entered(farmers)).toEqual([0, 2]);
    expect(entered(hunters)).toEqual([1, 0]);
    expect(summaryMismatches(withoutPrevious(farmers), await referenceFunnel({ pipeline: 'existing_customers' }, 'mql_srl_sql'))).toEqual([]);
  });

  it("narrows the funnel's sales velocity to the records of the owners as they are now", async () => {
    const query = `query($p: PeriodInput!, $f: MetricsFilterInput) { funnel(workflowKey: "standard_trunk", period: $p, filter: $f) { ... on FunnelReport {
      winRate { rate } cycleLength { median } velocity { openOpportunities openAmount winRate averageWonAmount cycleLength perDay } } } }`;
    const { records, events } = await stored();
    const trunk = records.filter((r) => r.workflowKey === 'standard_trunk');
    for (const owners of [[t.salesId], [t.sales2Id]]) {
      const report = (await h.gql(t.manager, query, { p: JANUARY, f: { owners } })).data?.funnel;
      const parts = velocityParts({ records: trunk, events, opportunityStages: OPPORTUNITY_STAGES, period: JANUARY_MS, filter: { owners } });
      expect(report.velocity).toEqual(salesVelocity({ parts, winRate: report.winRate.rate, cycleLength: report.cycleLength.median }));
    }
    const sue = (await h.gql(t.manager, query, { p: JANUARY, f: { owners: [t.sales2Id] } })).data?.funnel;
    expect(sue.velocity.averageWonAmount).toBe(FIELDS.amount);
  });

  it('counts calibration by owner where each record first entered each stage', async () => {
    const { records, events } = await stored();
    const definition = getTemplate('standard_trunk').definition;
    const trunk = { records: records.filter((r) => r.workflowKey === 'standard_trunk'), events: events.filter((e) => e.workflowKey === 'standard_trunk') };
    for (const owners of [[t.salesId], [t.sales2Id]]) {
      const answer = ok(await h.gql(t.manager, CALIBRATION, { p: JANUARY, f: { owners } }), 'calibration', 'CalibrationReport');
      expect(answer.rows).toEqual(calibration({ workflow: { definition }, ...trunk, period: JANUARY_MS, filter: { owners } }));
    }
    const sue = ok(await h.gql(t.manager, CALIBRATION, { p: null, f: { owners: [t.sales2Id] } }), 'calibration', 'CalibrationReport');
    expect((sue.rows as { stage: string; passed: number; won: number }[]).find((r) => r.stage === 'sql')).toMatchObject({ passed: 1, won: 1 });
  });

  it('narrows the pipeline to the records of some owners as they are now', async () => {
    const { records } = await stored();
    const definition = getTemplate('standard_trunk').definition;
    const answer = ok(await h.gql(t.manager, PIPELINE, { f: { owners: [t.sales2Id] } }), 'pipeline', 'PipelineReport');
    const trunk = records.filter((r) => r.workflowKey === 'standard_trunk');
    const reference = pipelineMetrics({ workflow: { definition }, records: trunk, filter: { owners: [t.sales2Id] } });
    expect(answer.total).toEqual(reference.total);
    expect(answer.byOwner).toEqual(reference.byOwner.map(({ owner, ...totals }) => ({ ownerId: owner, ...totals })));
    expect((answer.total as { count: number }).count).toBe(1);
  });

  it('counts time to first touch by lead source, and narrows the pipeline to it', async () => {
    const web = await funnel({ source: 'web' });
    const referral = await funnel({ source: 'referral' });
    expect(web.timeToFirstTouch).toMatchObject({ count: 1, untouched: 0 });
    expect(referral.timeToFirstTouch).toMatchObject({ count: 0, untouched: 1 });
    expect(summaryMismatches(withoutPrevious(web), await referenceFunnel({ source: 'web' }))).toEqual([]);
    const samReferral = await funnel({ source: 'referral', owners: [t.salesId] });
    expect(summaryMismatches(withoutPrevious(samReferral), await referenceFunnel({ source: 'referral', owners: [t.salesId] }))).toEqual([]);
    const pipeline = ok(await h.gql(t.manager, PIPELINE, { f: { source: 'web' } }), 'pipeline', 'PipelineReport');
    expect((pipeline.total as { count: number }).count).toBe(1);
    const calibrationBySource = ok(await h.gql(t.manager, CALIBRATION, { p: null, f: { source: 'web' } }), 'calibration', 'ValidationFailed');
    expect(calibrationBySource.diagnostics).toEqual([{ code: 'not_allowed', pointer: '/filter/source' }]);
  });

  it('refuses a filter naming a pipeline the workflow lacks or a user the tenant lacks, with the pointer', async () => {
    const pipeline = ok(await h.gql(t.manager, FUNNEL, { w: 'standard_trunk', p: JANUARY, f: { pipeline: 'hunters' } }), 'funnel', 'ValidationFailed');
    expect(pipeline.diagnostics).toEqual([expect.objectContaining({ code: 'unknown_pipeline', pointer: '/filter/pipeline' })]);
    const owner = ok(await h.gql(t.manager, CALIBRATION, { p: null, f: { owners: [t.salesId, 'u_nobody'] } }), 'calibration', 'ValidationFailed');
    expect(owner.diagnostics).toEqual([{ code: 'unknown_user', pointer: '/filter/owners/1' }]);
    const team = ok(await h.gql(t.manager, PIPELINE, { f: { team: 'u_nobody' } }), 'pipeline', 'ValidationFailed');
    expect(team.diagnostics).toEqual([{ code: 'unknown_user', pointer: '/filter/team' }]);
    const scores = `query($f: MetricsFilterInput) { scoreCalibration(workflowKey: "standard_trunk", filter: $f) {
      __typename ... on ValidationFailed { diagnostics { code pointer } } } }`;
    const source = ok(await h.gql(t.manager, scores, { f: { source: 'web', owners: ['u_nobody'] } }), 'scoreCalibration', 'ValidationFailed');
    expect(source.diagnostics).toEqual([
      { code: 'unknown_user', pointer: '/filter/owners/0' },
      { code: 'not_allowed', pointer: '/filter/source' },
    ]);
  });
});

const DECEMBER = { from: new Date(Date.UTC(2025, 11, 1)).toISOString(), to: new Date(utc(1, 0)).toISOString() };

function withoutPrevious({ previous: _previous, __typename: _typename, ...report }: Record<string, unknown>): Record<string, unknown> {
  return report;
}
