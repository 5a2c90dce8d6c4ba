import { isDeepStrictEqual } from 'node:util';
import {
  calibration,
  funnelMetrics,
  selectSlices,
  summaryMismatches,
  type FunnelEvent,
  type FunnelRecord,
  type MetricsPeriod,
  type SlicedSummary,
} from '@funnel/engine';
import { dayRange, liveSummary, type Models } from '@funnel/api';
import { getTemplate } from '@funnel/schemas';

const DEFINITION = getTemplate('standard_trunk').definition;

/** Every field of the funnel report, to set beside the reference's figures. */
const FUNNEL_QUERY = `query($p: PeriodInput!) { funnel(workflowKey: "standard_trunk", period: $p) { ... on FunnelReport {
  stages { stage entered conversionToNext cumulativeConversion timeInStage { count median p90 } }
  cycleLength { count median p90 } winRate { won lost rate } timeToFirstTouch { count median p90 untouched } } } }`;
const CALIBRATION_QUERY = `query($p: PeriodInput) { calibration(workflowKey: "standard_trunk", period: $p) { ... on CalibrationReport {
  rows { stage configured passed closed won observed } } } }`;

/** A tenant's standard-trunk records and events as the reference functions read them, straight from the store. */
async function storedHistory(models: Models, tenantId: string): Promise<{ records: FunnelRecord[]; events: FunnelEvent[] }> {
  const [records, events] = await Promise.all([
    models.Record.find({ tenantId, workflowKey: 'standard_trunk' }).lean(),
    models.Event.find({ tenantId, workflowKey: 'standard_trunk' }).lean(),
  ]);
  events.sort((a, b) => a.at - b.at || (a._id < b._id ? -1 : 1));
  return { records: records.map((r) => ({ ...r, id: r._id }) as unknown as FunnelRecord), events: events as unknown as FunnelEvent[] };
}

/** The funnel report as GraphQL gives it, in the reference's shape (only time to first touch has `untouched`). */
function asFunnel(report: Record<string, any>): unknown {
  const summary = ({ count, median, p90 }: Record<string, unknown>) => ({ count, median, p90 });
  return {
    stages: report.stages.map((s: Record<string, any>) => ({ ...s, timeInStage: summary(s.timeInStage) })),
    cycleLength: summary(report.cycleLength),
    winRate: report.winRate,
    timeToFirstTouch: report.timeToFirstTouch,
  };
}

/**
 * Where the funnel and calibration the api answers differ from the reference functions over the tenant's whole
 * log and records (beyond the histograms' 1 % for medians and p90s); empty when they agree.
 * @example expect(await reportMismatches({ gql: (q, v) => h.gql(t.manager, q, v), models, tenantId, period })).toEqual([])
 */
export async function reportMismatches(input: {
  gql: (query: string, variables: Record<string, unknown>) => Promise<{ data?: Record<string, any> }>;
  models: Models;
  tenantId: string;
  period: MetricsPeriod;
}): Promise<string[]> {
  const { records, events } = await storedHistory(input.models, input.tenantId);
  const workflow = { definition: DEFINITION };
  const p = { from: new Date(input.period.from).toISOString(), to: new Date(input.period.to).toISOString() };
  const [funnel, withPeriod, allTime] = await Promise.all([
    input.gql(FUNNEL_QUERY, { p }),
    input.gql(CALIBRATION_QUERY, { p }),
    input.gql(CALIBRATION_QUERY, { p: null }),
  ]);
  return [
    ...summaryMismatches(asFunnel(funnel.data?.funnel), funnelMetrics({ workflow, records, events, period: input.period })).map((m) => `funnel${m}`),
    ...summaryMismatches(withPeriod.data?.calibration.rows, calibration({ workflow, records, events, period: input.period })).map((m) => `calibration${m}`),
    ...summaryMismatches(allTime.data?.calibration.rows, calibration({ workflow, records, events })).map((m) => `calibration (all time)${m}`),
  ];
}

/**
 * The stored day summaries of a tenant's standard trunk that are up to date (built at their last mark) and differ
 * from a summary of what they cover built now from the event log, whole or in any of their slices: empty when every stored day equals its
 * recomputation. Also says how many days are stored and how many are marked.
 * @example const { differ, stored, marked } = await storedDaysAgainstLog(models, tenantId)
 */
export async function storedDaysAgainstLog(models: Models, tenantId: string): Promise<{ differ: number[]; stored: number; marked: number }> {
  const docs = await models.MetricDay.find({ tenantId, workflowKey: 'standard_trunk' }).lean();
  const differ: number[] = [];
  let marked = 0;
  for (const doc of docs) {
    if (doc.dirty || doc.builtGen !== doc.gen) {
      marked += 1;
      continue;
    }
    if (doc.through === undefined) continue;
    const range = { from: dayRange(doc.day).from, to: doc.through };
    const target = { models, tenantId, workflowKey: 'standard_trunk', definition: DEFINITION, range };
    const now = await liveSummary(target);
    // Each slice (pipeline and owner) the day keeps, as a filter to that slice reads it.
    const slices = JSON.parse(doc.slices ?? '{}') as SlicedSummary;
    let slicesEqual = true;
    for (const key of Object.keys(slices)) {
      const keep = (slice: string) => slice === key;
      if (!isDeepStrictEqual(await liveSummary({ ...target, keep }), selectSlices(slices, keep))) slicesEqual = false;
    }
    if (!slicesEqual || !isDeepStrictEqual(now, JSON.parse(doc.summary ?? 'null'))) differ.push(doc.day);
  }
  return { differ, stored: docs.length, marked };
}
