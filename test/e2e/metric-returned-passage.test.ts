import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibration, funnelMetrics, summaryMismatches, type FunnelEvent } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import { RECORD_RESULT, startHarness, type Harness, type TenantKeys } from './harness';

// A record sales returned to marketing is left out of performance for that passage only: once accepted again and won,
// its win, its cycle and its later stages count, through the api, from the day summaries as from the log.

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const FIELDS = { phone: '+1 555 0100', product: 'Seats', seats: 5, companyName: 'Acme', companyVerified: true, amount: 12_000 };
const FUNNEL = `query($p: PeriodInput!) { funnel(workflowKey: "standard_trunk", period: $p) { __typename ... on FunnelReport {
  stages { stage entered conversionToNext cumulativeConversion timeInStage { count median p90 } }
  winRate { won lost rate } cycleLength { count median p90 } timeToFirstTouch { count median p90 untouched } } } }`;
const CALIBRATION = `query { calibration(workflowKey: "standard_trunk") { __typename ... on CalibrationReport { rows { stage configured passed closed won observed } } } }`;

const utc = (day: number, hour = 10) => Date.UTC(2026, 0, day, hour);
const JANUARY = { from: new Date(utc(1, 0)).toISOString(), to: new Date(Date.UTC(2026, 1, 1)).toISOString() };

describe('a record returned to marketing', () => {
  let h: Harness;
  let t: TenantKeys;

  beforeAll(async () => {
    h = await startHarness({ metricsBuildIntervalMs: 0, metricsDaySettleMs: 0 });
    t = await h.tenant('Returned');
    h.clock.set(utc(5));
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { ...FIELDS, name: 'Returned, then won' } } });
    let record = made.data?.createRecord;
    expect(record?.__typename, JSON.stringify(made)).toBe('Record');
    // Qualified and accepted by Sam, returned (a wrong number), accepted again by Sue and won.
    const steps: [key: string, by: string, day: number, extra?: Record<string, unknown>][] = [
      ['qualify', t.manager, 6],
      ['accept', t.sales, 7],
      ['return_mql', t.sales, 8, { reason: 'wrong_number' }],
      ['accept', t.sales2, 12],
      ['create_opportunity', t.sales2, 13],
      ['start_trial', t.sales2, 14],
      ['negotiate', t.sales2, 15],
      ['win', t.sales2, 20],
    ];
    for (const [transition, by, day, extra] of steps) {
      h.clock.set(utc(day));
      const moved = await h.gql(by, TRANSITION, { i: { id: record.id, transition, expectedVersion: record.version, ...(extra ?? {}) } });
      record = moved.data?.transitionRecord;
      expect(record?.__typename, JSON.stringify(moved)).toBe('Record');
    }
    h.clock.set(Date.UTC(2026, 1, 3));
    await h.server.services.drainer.flush();
    while (await h.server.services.metricSummaries.buildDue(t.tenantId));
  });
  afterAll(() => h?.close());

  const stored = async () => {
    const { models, records } = h.server.services;
    const docs = await models.Record.find({ tenantId: t.tenantId }).lean();
    const events = (await models.Event.find({ tenantId: t.tenantId }).sort({ at: 1, _id: 1 }).lean()) as unknown as FunnelEvent[];
    return { records: docs.map((doc) => records.fromDoc(doc as never)), events };
  };

  it('counts its win, its cycle and its second SQL entry, and leaves out the passage it was returned from', async () => {
    const answer = await h.gql(t.manager, FUNNEL, { p: JANUARY });
    const funnel = answer.data?.funnel;
    expect(funnel?.__typename, JSON.stringify(answer)).toBe('FunnelReport');
    expect(funnel.winRate).toEqual({ won: 1, lost: 0, rate: 1 });
    expect(funnel.cycleLength.count).toBe(1);
    const entered = Object.fromEntries((funnel.stages as { stage: string; entered: number }[]).map((s) => [s.stage, s.entered]));
    expect(entered).toMatchObject({ lead: 1, mql: 1, sql: 1, opportunity: 1, won: 1 });
    // Time in SQL: only the second passage (a day), not the returned one.
    expect(funnel.stages.find((s: { stage: string }) => s.stage === 'sql').timeInStage.count).toBe(1);
    const { records, events } = await stored();
    const definition = getTemplate('standard_trunk').definition;
    const { __typename: _typename, ...report } = funnel;
    expect(
      summaryMismatches(report, funnelMetrics({ workflow: { definition }, records, events, period: { from: utc(1, 0), to: Date.UTC(2026, 1, 1) } })),
    ).toEqual([]);
  });

  it('counts its won amount in sales velocity', async () => {
    const query = `query($p: PeriodInput!) { funnel(workflowKey: "standard_trunk", period: $p) { ... on FunnelReport { velocity { averageWonAmount winRate } } } }`;
    const answer = await h.gql(t.manager, query, { p: JANUARY });
    expect(answer.data?.funnel.velocity, JSON.stringify(answer)).toEqual({ averageWonAmount: FIELDS.amount, winRate: 1 });
  });

  it('counts it in calibration for the stages it passed outside the returned passage', async () => {
    const answer = await h.gql(t.manager, CALIBRATION, {});
    const rows = answer.data?.calibration.rows as { stage: string; passed: number; won: number }[];
    expect(rows.find((r) => r.stage === 'sql')).toMatchObject({ passed: 1, closed: 1, won: 1 });
    const { records, events } = await stored();
    expect(rows).toEqual(calibration({ workflow: { definition: getTemplate('standard_trunk').definition }, records, events }));
  });
});
