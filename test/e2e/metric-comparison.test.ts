import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesVelocity, velocityParts, type FunnelEvent } from '@funnel/engine';
import { RECORD_RESULT, startHarness, type Harness, type TenantKeys } from './harness';

// A funnel or calibration over a period answers for the period before it too (`previous`), equal to asking for that
// period directly: the calendar month (or quarter, or year) before for whole months, else the same span just before.

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const FIELDS = { phone: '+1 555 0100', product: 'Seats', seats: 5, companyName: 'Acme', companyVerified: true, amount: 12_000 };
const FUNNEL_FIELDS = `period { from to } stages { stage entered conversionToNext cumulativeConversion timeInStage { count median p90 } }
  winRate { won lost rate } cycleLength { count median p90 } timeToFirstTouch { count median p90 untouched }`;
const FUNNEL = `query($p: PeriodInput!) { funnel(workflowKey: "standard_trunk", period: $p) { __typename ... on FunnelReport { ${FUNNEL_FIELDS} previous { ${FUNNEL_FIELDS} } } } }`;
const CALIBRATION_FIELDS = 'period { from to } rows { stage configured passed closed won observed }';
const CALIBRATION = `query($p: PeriodInput) { calibration(workflowKey: "standard_trunk", period: $p) { __typename ... on CalibrationReport { ${CALIBRATION_FIELDS} previous { ${CALIBRATION_FIELDS} } } } }`;

const utc = (month: number, day: number, hour = 10) => Date.UTC(2026, month - 1, day, hour);
const iso = (at: number) => new Date(at).toISOString();
const period = (from: number, to: number) => ({ from: iso(from), to: iso(to) });

describe('a report against the period before', () => {
  let h: Harness;
  let t: TenantKeys;

  /** A lead made at `at` and taken along `path`, each step an hour later. */
  const lead = async (at: number, path: string[]) => {
    h.clock.set(at);
    const made = await h.gql(t.marketing, CREATE, { i: { workflowKey: 'standard_trunk', fields: { ...FIELDS, name: `Lead ${at}` } } });
    let record = made.data?.createRecord;
    expect(record?.__typename, JSON.stringify(made)).toBe('Record');
    for (const [step, transition] of path.entries()) {
      h.clock.set(at + (step + 1) * 3_600_000);
      const reason = transition === 'lose' ? { reason: 'price' } : {};
      const moved = await h.gql(t.manager, TRANSITION, { i: { id: record.id, transition, expectedVersion: record.version, ...reason } });
      record = moved.data?.transitionRecord;
      expect(record?.__typename, JSON.stringify(moved)).toBe('Record');
    }
  };

  const funnel = async (from: number, to: number) => (await h.gql(t.manager, FUNNEL, { p: period(from, to) })).data?.funnel;
  const calibration = async (p: ReturnType<typeof period> | null) => (await h.gql(t.manager, CALIBRATION, { p })).data?.calibration;
  const withoutPrevious = ({ previous: _previous, __typename: _typename, ...report }: Record<string, unknown>) => report;

  beforeAll(async () => {
    h = await startHarness({ metricsBuildIntervalMs: 0, metricsDaySettleMs: 0 });
    t = await h.tenant('Comparison');
    const won = ['qualify', 'accept', 'create_opportunity', 'start_trial', 'negotiate', 'win'];
    const lost = ['qualify', 'accept', 'create_opportunity', 'start_trial', 'negotiate', 'lose'];
    // December, January and February: different volumes, so a month compared with the wrong one shows.
    await lead(Date.UTC(2025, 11, 28, 10), ['qualify']);
    await lead(utc(1, 12), won);
    await lead(utc(1, 19), lost);
    await lead(utc(1, 26), ['qualify', 'accept']);
    await lead(utc(2, 9), won);
    await lead(utc(2, 16), ['qualify']);
    await lead(utc(2, 18), ['qualify', 'accept', 'create_opportunity']);
    h.clock.set(utc(3, 5));
    await h.server.services.drainer.flush();
    while (await h.server.services.metricSummaries.buildDue(t.tenantId));
  });
  afterAll(() => h?.close());

  it('compares February with January, and a quarter with the quarter before', async () => {
    const february = await funnel(utc(2, 1, 0), utc(3, 1, 0));
    expect(february.__typename, JSON.stringify(february)).toBe('FunnelReport');
    expect(february.previous.period).toEqual(period(utc(1, 1, 0), utc(2, 1, 0)));
    expect(february.previous).toEqual(withoutPrevious(await funnel(utc(1, 1, 0), utc(2, 1, 0))));
    expect(february.previous.winRate).toEqual({ won: 1, lost: 1, rate: 0.5 });
    expect(february.winRate).toEqual({ won: 1, lost: 0, rate: 1 });
    const quarter = await funnel(utc(1, 1, 0), utc(4, 1, 0));
    expect(quarter.previous.period).toEqual(period(Date.UTC(2025, 9, 1), utc(1, 1, 0)));
    expect(quarter.previous).toEqual(withoutPrevious(await funnel(Date.UTC(2025, 9, 1), utc(1, 1, 0))));
  });

  it('compares any other span with the same span just before it', async () => {
    const span = await funnel(utc(1, 20, 0), utc(2, 19, 0));
    expect(span.previous.period).toEqual(period(Date.UTC(2025, 11, 21), utc(1, 20, 0)));
    expect(span.previous).toEqual(withoutPrevious(await funnel(Date.UTC(2025, 11, 21), utc(1, 20, 0))));
    expect(span.previous.stages.find((s: { stage: string }) => s.stage === 'lead').entered).toBe(3);
  });

  it('puts sales velocity beside the funnel: open opportunities × win rate × average won amount ÷ cycle length, as the reference computes it', async () => {
    const query = `query($p: PeriodInput!) { funnel(workflowKey: "standard_trunk", period: $p) { ... on FunnelReport {
      winRate { rate } cycleLength { median } velocity { openOpportunities openAmount winRate averageWonAmount cycleLength perDay } } } }`;
    const february = (await h.gql(t.manager, query, { p: period(utc(2, 1, 0), utc(3, 1, 0)) })).data?.funnel;
    const docs = await h.server.services.models.Record.find({ tenantId: t.tenantId }).lean();
    const records = docs.map((doc) => h.server.services.records.fromDoc(doc as never));
    const events = (await h.server.services.models.Event.find({ tenantId: t.tenantId }).lean()) as unknown as FunnelEvent[];
    const parts = velocityParts({
      records,
      events,
      opportunityStages: new Set(['opportunity', 'product_trial', 'contract_negotiation']),
      period: { from: utc(2, 1, 0), to: utc(3, 1, 0) },
    });
    expect(parts).toEqual({ openOpportunities: { count: 1, amount: 12_000 }, won: { count: 1, amount: 12_000 } });
    expect(february.velocity).toEqual(salesVelocity({ parts, winRate: february.winRate.rate, cycleLength: february.cycleLength.median }));
    expect(february.velocity.perDay).toBeCloseTo((1 * 1 * 12_000) / (february.cycleLength.median / 86_400_000), 6);
  });

  it('compares a calibration over a month with the month before, and has nothing before all time', async () => {
    const february = await calibration(period(utc(2, 1, 0), utc(3, 1, 0)));
    expect(february.previous).toEqual(withoutPrevious(await calibration(period(utc(1, 1, 0), utc(2, 1, 0)))));
    expect((await calibration(null)).previous).toBeNull();
  });
});
