import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import {
  calibration,
  calibrationFromSummaries,
  DAY_MS,
  dayOf,
  funnelFromSummaries,
  funnelMetrics,
  mergeSegmentSummaries,
  periodStretches,
  selectSlices,
  sliceFilter,
  startEdgeCorrections,
  summarizeSegment,
  summarizeSlices,
  summaryMismatches,
  type Activity,
  type FunnelEvent,
  type FunnelRecord,
  type MetricsFilter,
  type MetricsPeriod,
  type PeriodPart,
  type SegmentRecord,
} from '../src';
import { definitionOf, fullEvent, fullRecord, metricsFilter, metricsSuites, readable } from './metrics-case';
import { seededRandom } from './seeded-random';

// The summary path (docs/metrics.md "Summaries") against the reference functions: every funnel and calibration
// case of the metric suites, the same cases over periods that start and end mid-day, and generated histories
// with re-entries, reopened deals, excluded passages and touches before creation. Counts, rates and conversions
// must be equal; median and p90 within HISTOGRAM_RELATIVE_ERROR of the nearest-rank values.

/** Equal, except percentiles, which may differ by the histograms' relative error. */
function expectSummaryEqual(actual: unknown, expected: unknown): void {
  expect(summaryMismatches(actual, expected)).toEqual([]);
}

function segmentRecords(records: readonly FunnelRecord[]): Map<string, SegmentRecord> {
  return new Map(records.map((r) => [r.id, r]));
}

/** The funnel through summaries: one per whole day (`days`), or all whole days as one stretch (`one`), as the api's live path does. */
function funnelThroughSummaries(input: {
  definition: WorkflowDefinition;
  records: readonly FunnelRecord[];
  events: readonly FunnelEvent[];
  period: MetricsPeriod;
  wholeDays: 'days' | 'one';
  filter?: MetricsFilter | undefined;
}) {
  const { definition, events, period } = input;
  const records = segmentRecords(input.records);
  const stretches = periodStretches(period);
  const keep = sliceFilter(input.filter);
  const summarize = (range: MetricsPeriod, opensPeriod = false) => selectSlices(summarizeSlices({ definition, range, events, records, opensPeriod }), keep);
  const parts: PeriodPart[] = [];
  if (stretches.startEdge) parts.push({ summary: summarize(stretches.startEdge, true), periodStartDay: stretches.startDay });
  const { days } = stretches;
  if (days && input.wholeDays === 'one') {
    parts.push({ summary: summarize({ from: days.first * DAY_MS, to: (days.last + 1) * DAY_MS }), periodStartDay: stretches.periodStartDay });
  } else if (days) {
    for (let day = days.first; day <= days.last; day++) {
      parts.push({ summary: summarize({ from: day * DAY_MS, to: (day + 1) * DAY_MS }), periodStartDay: stretches.periodStartDay });
    }
  }
  if (stretches.endEdge) parts.push({ summary: summarize(stretches.endEdge), periodStartDay: stretches.periodStartDay });
  const source = input.filter?.source;
  const corrections = stretches.startEdge
    ? startEdgeCorrections({ definition, period, edgeEnd: stretches.startEdge.to, events, records, keep, source })
    : undefined;
  return funnelFromSummaries({ definition, period, parts, keep, source, ...(corrections ? { corrections } : {}) });
}

/** Calibration through summaries: `passed` from every day the data spans, `closed` from the period's stretches. */
function calibrationThroughSummaries(input: {
  definition: WorkflowDefinition;
  records: readonly FunnelRecord[];
  events: readonly FunnelEvent[];
  period?: MetricsPeriod | undefined;
  filter?: MetricsFilter | undefined;
}) {
  const { definition, events, period } = input;
  const records = segmentRecords(input.records);
  const times = [...events.map((e) => e.at), ...input.records.flatMap((r) => [r.createdAt, r.closedAt ?? r.createdAt])];
  const first = dayOf(Math.min(...times));
  const last = dayOf(Math.max(...times));
  const keep = sliceFilter(input.filter);
  const summarize = (range: MetricsPeriod, opensPeriod = false) => selectSlices(summarizeSlices({ definition, range, events, records, opensPeriod }), keep);
  const allTime = Array.from({ length: last - first + 1 }, (_, i) => summarize({ from: (first + i) * DAY_MS, to: (first + i + 1) * DAY_MS }));
  const undated = selectSlices(summarizeSlices({ definition, range: { from: 0, to: 0 }, events, records, undated: true }), keep);
  if (!period) return calibrationFromSummaries({ definition, allTime, closedIn: [...allTime, undated] });
  const stretches = periodStretches(period);
  const closedIn = [
    ...(stretches.startEdge ? [summarize(stretches.startEdge, true)] : []),
    ...(stretches.days ? allTime.filter((_, i) => first + i >= (stretches.days?.first ?? 0) && first + i <= (stretches.days?.last ?? -1)) : []),
    ...(stretches.endEdge ? [summarize(stretches.endEdge)] : []),
  ];
  return calibrationFromSummaries({ definition, allTime, closedIn });
}

const HOUR = 3_600_000;

describe('the metric suites through summaries', () => {
  // Score calibration has no summary path yet (issue 20's api half): its suite runs on the reference only.
  for (const { file, cases } of metricsSuites().filter((s) => !s.file.includes('pipeline') && !s.file.includes('score-calibration'))) {
    describe(file, () => {
      it.each(cases.map((c) => [c.description, c] as const))('%s', (_description, c) => {
        const definition = definitionOf(c);
        const workflow = { definition };
        const records = c.records.map((r) => fullRecord(definition, readable(r) as Record<string, unknown>));
        const events = c.events.map((e) => fullEvent(readable(e) as Record<string, unknown>));
        const period = c.period ? (readable(c.period) as MetricsPeriod) : undefined;
        const filter = metricsFilter(c.action);
        if (c.action.metric === 'calibration') {
          expectSummaryEqual(
            calibrationThroughSummaries({ definition, records, events, period, filter }),
            calibration({ workflow, records, events, period, filter }),
          );
          return;
        }
        if (!period) throw new Error(`funnel case "${c.description}" needs a period`);
        // The case's own period, and the same shifted to start and end mid-day.
        for (const shift of [0, 7 * HOUR, -13 * HOUR]) {
          const shifted = { from: period.from + shift, to: period.to + shift };
          const reference = funnelMetrics({ workflow, records, events, period: shifted, filter });
          for (const wholeDays of ['days', 'one'] as const) {
            expectSummaryEqual(funnelThroughSummaries({ definition, records, events, period: shifted, wholeDays, filter }), reference);
          }
        }
      });
    });
  }
});

const TRUNK = getTemplate('standard_trunk').definition;
const START = Date.UTC(2026, 0, 1);
const SPAN_DAYS = 12;
const ACTIVITIES: Activity[] = [
  { type: 'call', outcome: 'answered' },
  { type: 'email', direction: 'outbound' },
  { type: 'email', direction: 'inbound' },
  { type: 'note', note: 'n' },
  { type: 'meeting' },
];

const OWNERS = ['ann', 'bob', 'cy'] as const;
const PIPELINES = [undefined, 'hunters', 'farmers'] as const;
const SOURCES = [undefined, 'web', 'referral'] as const;

/**
 * Records wandering the standard trunk over twelve days: forward along the trunk, returns to earlier stages,
 * losses, reopened and re-won deals, excluded passages and records, touches before and after creation, events
 * of records missing from `records`, and ties at the same instant; in three pipelines (or none), changing owners
 * (or nobody) mid-life, some events logged without an owner (before the log stamped them).
 */
function history(seed: number): { records: FunnelRecord[]; events: FunnelEvent[] } {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const path = ['lead', 'mql', 'sql', 'opportunity', 'product_trial', 'contract_negotiation', 'won'];
  const records: FunnelRecord[] = [];
  const events: FunnelEvent[] = [];
  for (let i = 0; i < 40; i++) {
    const id = `r${i}`;
    const createdAt = START + Math.floor(next() * SPAN_DAYS * DAY_MS * 0.6);
    let at = createdAt;
    let stage = 'lead';
    let entered = createdAt;
    let closedAt: number | undefined;
    let owner: string | null = next() < 0.15 ? null : pick(OWNERS);
    const pipeline = pick(PIPELINES);
    const source = pick(SOURCES);
    // The owner the log stamps on an event, or none (an event logged before the log stamped owners).
    const stamp = () => (next() < 0.1 ? {} : { owner });
    events.push({ type: 'record_created', at, actor: 'u', recordId: id, stage, ...stamp() });
    const steps = Math.floor(next() * 9);
    for (let s = 0; s < steps; s++) {
      at += next() < 0.15 ? 0 : Math.floor(next() * 2 * DAY_MS);
      if (next() < 0.2) owner = next() < 0.2 ? null : pick(OWNERS);
      if (next() < 0.3) {
        const activity = pick(ACTIVITIES);
        events.push({ type: 'activity_logged', at: next() < 0.1 ? createdAt - HOUR : at, actor: 'u', recordId: id, activity, ...stamp() });
        continue;
      }
      const index = path.indexOf(stage);
      const roll = next();
      const to =
        stage === 'won' || stage === 'lost'
          ? pick(['opportunity', stage === 'won' ? 'lost' : 'won'])
          : roll < 0.15
            ? 'lost'
            : roll < 0.3 && index > 0
              ? (path[index - 1] as string)
              : (path[Math.min(index + 1, path.length - 1)] as string);
      const excluded = to === path[index - 1] && next() < 0.5;
      events.push({
        type: 'transitioned',
        at,
        actor: 'u',
        recordId: id,
        transition: `${stage}_to_${to}`,
        from: stage,
        to,
        cause: 'actor',
        excludedFromPerformance: excluded,
        durationInStage: at - entered,
        ...stamp(),
      });
      stage = to;
      entered = at;
      closedAt = to === 'won' || to === 'lost' ? at : undefined;
    }
    if (next() < 0.1) continue; // its events stay, the record is not among `records`
    const outcome = stage === 'won' ? 'won' : stage === 'lost' ? 'lost' : undefined;
    records.push(
      fullRecord(TRUNK, {
        id,
        stage,
        createdAt,
        owner,
        ...(pipeline ? { pipeline } : {}),
        fields: source ? { source } : {},
        ...(outcome && closedAt !== undefined ? { closedAt } : {}),
        excludedFromPerformance: next() < 0.08,
      }),
    );
  }
  // The log's order: by time, ties in the order written.
  return {
    records,
    events: events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
      .map(({ e }) => e),
  };
}

describe('generated histories through summaries', () => {
  const seeds = Array.from({ length: 30 }, (_, i) => i + 1);
  it.each(seeds)('history %i: the funnel of periods of every shape equals the reference', (seed) => {
    const { records, events } = history(seed);
    const workflow = { definition: TRUNK };
    const next = seededRandom(seed * 7919);
    for (let p = 0; p < 8; p++) {
      const aligned = p % 2 === 0;
      const fromDay = Math.floor(next() * SPAN_DAYS);
      const from = START + fromDay * DAY_MS + (aligned ? 0 : Math.floor(next() * DAY_MS));
      const to = from + (p === 7 ? Math.floor(next() * 5 * HOUR) + 1 : Math.floor(next() * 8 * DAY_MS) + HOUR);
      const period = { from, to };
      const reference = funnelMetrics({ workflow, records, events, period });
      expectSummaryEqual(funnelThroughSummaries({ definition: TRUNK, records, events, period, wholeDays: 'days' }), reference);
    }
  });

  /** Filters of every kind: one owner, several, nobody's records, a pipeline, a pipeline and owners, a lead source. */
  const FILTERS: MetricsFilter[] = [
    { owners: ['ann'] },
    { owners: ['ann', 'bob'] },
    { owners: [] },
    { pipeline: 'hunters' },
    { pipeline: 'farmers', owners: ['bob', 'cy'] },
    { source: 'web' },
    { owners: ['ann'], source: 'referral' },
  ];

  it.each(seeds)('history %i: the funnel by owner and pipeline (owners changing mid-life) equals the reference', (seed) => {
    const { records, events } = history(seed);
    const workflow = { definition: TRUNK };
    const next = seededRandom(seed * 6151);
    for (const filter of FILTERS) {
      for (let p = 0; p < 3; p++) {
        const from = START + Math.floor(next() * SPAN_DAYS) * DAY_MS + (p === 0 ? 0 : Math.floor(next() * DAY_MS));
        const period = { from, to: from + Math.floor(next() * 8 * DAY_MS) + HOUR };
        const reference = funnelMetrics({ workflow, records, events, period, filter });
        const got = funnelThroughSummaries({ definition: TRUNK, records, events, period, wholeDays: 'days', filter });
        expectSummaryEqual(got, reference);
      }
    }
  });

  it.each(seeds)('history %i: calibration by owner and pipeline equals the reference', (seed) => {
    const { records, events } = history(seed);
    const workflow = { definition: TRUNK };
    const period = { from: START + 2 * DAY_MS + 5 * HOUR, to: START + 9 * DAY_MS + 3 * HOUR };
    for (const filter of FILTERS) {
      expectSummaryEqual(calibrationThroughSummaries({ definition: TRUNK, records, events, filter }), calibration({ workflow, records, events, filter }));
      expectSummaryEqual(
        calibrationThroughSummaries({ definition: TRUNK, records, events, period, filter }),
        calibration({ workflow, records, events, period, filter }),
      );
    }
  });

  it.each(seeds)('history %i: the owners of a funnel add up to the funnel', (seed) => {
    const { records, events } = history(seed);
    const workflow = { definition: TRUNK };
    const period = { from: START + DAY_MS + 7 * HOUR, to: START + 10 * DAY_MS };
    const all = funnelMetrics({ workflow, records, events, period });
    const parts = [...OWNERS.map((o) => ({ owners: [o] as string[] })), { owners: [] as string[] }].map((filter) =>
      funnelMetrics({ workflow, records, events, period, filter }),
    );
    // Nobody's records: the owners filter cannot name null; what the three owners leave is the unowned.
    const owned = parts.slice(0, OWNERS.length);
    const sum = (pick: (f: typeof all) => number) => owned.reduce((n, f) => n + pick(f), 0);
    expect(sum((f) => f.winRate.won)).toBeLessThanOrEqual(all.winRate.won);
    for (const [i, stage] of all.stages.entries()) expect(sum((f) => f.stages[i]?.entered ?? 0)).toBeLessThanOrEqual(stage.entered);
    expect(parts[OWNERS.length]?.winRate).toEqual({ won: 0, lost: 0, rate: null });
  });

  it.each(seeds)('history %i: calibration with and without a period equals the reference', (seed) => {
    const { records, events } = history(seed);
    const workflow = { definition: TRUNK };
    expectSummaryEqual(calibrationThroughSummaries({ definition: TRUNK, records, events }), calibration({ workflow, records, events }));
    const period = { from: START + 2 * DAY_MS + 5 * HOUR, to: START + 9 * DAY_MS + 3 * HOUR };
    expectSummaryEqual(calibrationThroughSummaries({ definition: TRUNK, records, events, period }), calibration({ workflow, records, events, period }));
  });

  it.each(seeds)('history %i: a day summarized in two stretches and merged is the day summarized at once', (seed) => {
    const { records, events } = history(seed);
    const byId = segmentRecords(records);
    const next = seededRandom(seed * 104_729);
    for (let day = dayOf(START); day < dayOf(START) + SPAN_DAYS; day++) {
      const cut = day * DAY_MS + Math.floor(next() * DAY_MS);
      const summarize = (from: number, to: number) => summarizeSegment({ definition: TRUNK, range: { from, to }, events, records: byId });
      const merged = mergeSegmentSummaries(summarize(day * DAY_MS, cut), summarize(cut, (day + 1) * DAY_MS));
      expect(merged).toEqual(summarize(day * DAY_MS, (day + 1) * DAY_MS));
    }
  });
});

describe('lead sources that objects inherit', () => {
  // A source is free text in a custom definition (or an imported value): `__proto__`, `constructor` and `toString`
  // are sources like any other, never a member of the summary's objects or of Object.prototype.
  it.each(['web', '__proto__', 'constructor', 'toString'])('counts time to first touch of source %j as the reference does', (source) => {
    const definition = TRUNK;
    const day = Date.UTC(2026, 0, 5);
    const records = [
      fullRecord(definition, { id: 'r1', stage: 'lead', createdAt: day + 1_000, owner: 'ann', fields: { source } }),
      fullRecord(definition, { id: 'r2', stage: 'lead', createdAt: day + 2_000, owner: 'ann', fields: { source } }),
    ];
    const events = [
      fullEvent({ type: 'record_created', at: day + 1_000, actor: 'ann', recordId: 'r1', stage: 'lead', owner: 'ann', source }),
      fullEvent({ type: 'record_created', at: day + 2_000, actor: 'ann', recordId: 'r2', stage: 'lead', owner: 'ann', source }),
      fullEvent({ type: 'activity_logged', at: day + 5_000, actor: 'ann', recordId: 'r1', activity: { type: 'call', outcome: 'answered' }, owner: 'ann' }),
    ];
    const period = { from: day, to: day + 2 * DAY_MS };
    const filter = { source };
    const reference = funnelMetrics({ workflow: { definition }, records, events, period, filter });
    expect(reference.timeToFirstTouch).toMatchObject({ count: 1, untouched: 1 });
    expectSummaryEqual(funnelThroughSummaries({ definition, records, events, period, wholeDays: 'days', filter }), reference);
    expect(Object.hasOwn(Object.prototype, 'created')).toBe(false);
  });
});
