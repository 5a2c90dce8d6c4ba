import { getTemplate } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import {
  applyPipelineChange,
  addToPipelineRows,
  DAY_MS,
  pipelineChange,
  pipelineContribution,
  pipelineFromGroups,
  pipelineMetrics,
  pipelinePeriodEdges,
  selectPipelineRows,
  type FunnelRecord,
  type MetricsFilter,
  type MetricsPeriod,
  type PipelineRow,
} from '../src';
import { definitionOf, fullRecord, metricsSuites, readable, rounded } from './metrics-case';
import { seededRandom } from './seeded-random';

// The pipeline as a sum of records' contributions (docs/metrics.md "Pipeline from a rollup"): rows summed from the
// contributions, or from a starting set of records and the changes of a history, give `pipelineMetrics` exactly, with
// the won records of a period's partial days added from the records.

const definition = getTemplate('standard_trunk').definition;
const workflow = { definition };
const STAGES = definition.stages;
const OWNERS = ['ann', 'bob', 'cy', null] as const;
const SOURCES = ['web', 'event', 'odd.source', '__proto__', undefined] as const;
const MANAGERS = { ann: 'meg', bob: 'meg', cy: null, meg: null };
const START = Date.UTC(2026, 0, 1);

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/** A record somewhere on the trunk: any stage, owner, lead source, pipeline, amount (or none), probability, closing. */
function randomRecord(random: () => number, id: string): FunnelRecord {
  const stage = pick(random, STAGES);
  const source = pick(random, SOURCES);
  const amount = pick(random, [1000, 2500.5, 0.1, 'n/a', undefined]);
  const closedAt = stage.outcome && random() < 0.9 ? START + Math.floor(random() * 60 * DAY_MS) : undefined;
  return fullRecord(definition, {
    id,
    stage: stage.key,
    createdAt: START,
    owner: pick(random, OWNERS),
    ...(random() < 0.5 ? { pipeline: pick(random, ['hunters', 'farmers']) } : {}),
    probability: random() < 0.2 ? Math.floor(random() * 100) : stage.probability,
    fields: { ...(source === undefined ? {} : { source }), ...(amount === undefined ? {} : { amount }) },
    ...(closedAt === undefined ? {} : { closedAt }),
  });
}

/** The report from rows, with the won records closed in the period's partial days grouped from the records. */
function fromRows(input: { rows: Map<string, PipelineRow>; records: FunnelRecord[]; filter?: MetricsFilter; period?: MetricsPeriod }) {
  const edges = input.period ? pipelinePeriodEdges(input.period) : [];
  const edgeRecords = input.records.filter(
    (r) => r.outcome === 'won' && r.closedAt !== undefined && edges.some((e) => r.closedAt! >= e.from && r.closedAt! < e.to),
  );
  const edgeRows = new Map<string, PipelineRow>();
  for (const record of edgeRecords) {
    const contribution = pipelineContribution(record);
    if (contribution) addToPipelineRows(edgeRows, contribution, 1);
  }
  const groups = [
    ...selectPipelineRows({ rows: input.rows.values(), filter: input.filter, period: input.period }),
    ...selectPipelineRows({ rows: edgeRows.values(), filter: input.filter }),
  ];
  return pipelineFromGroups({ workflow, groups, managers: MANAGERS });
}

function rowsOf(records: FunnelRecord[]): Map<string, PipelineRow> {
  const rows = new Map<string, PipelineRow>();
  for (const record of records) {
    const contribution = pipelineContribution(record);
    if (contribution) addToPipelineRows(rows, contribution, 1);
  }
  return rows;
}

const FILTERS: (MetricsFilter | undefined)[] = [
  undefined,
  { owners: ['ann', 'cy'] },
  { pipeline: 'hunters' },
  { source: 'odd.source' },
  { source: '__proto__', owners: ['bob'] },
];
const PERIODS: (MetricsPeriod | undefined)[] = [
  undefined,
  { from: START + 10 * DAY_MS, to: START + 40 * DAY_MS },
  { from: START + 10 * DAY_MS + 7 * 3_600_000, to: START + 40 * DAY_MS - 5 * 3_600_000 },
  { from: START + 3 * DAY_MS + 3_600_000, to: START + 3 * DAY_MS + 9 * 3_600_000 },
  { from: START + 3 * DAY_MS + 3_600_000, to: START + 4 * DAY_MS + 9 * 3_600_000 },
];

describe('the pipeline as a sum of contributions', () => {
  it.each([1, 2, 3, 4, 5, 6])('rows summed from 300 random records give pipelineMetrics for every filter and period (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const records = Array.from({ length: 300 }, (_, i) => randomRecord(random, `r${i}`));
    const rows = rowsOf(records);
    for (const filter of FILTERS) {
      for (const period of PERIODS) {
        const expected = pipelineMetrics({ workflow, records, managers: MANAGERS, ...(filter ? { filter } : {}), ...(period ? { period } : {}) });
        expect(rounded(fromRows({ rows, records, ...(filter ? { filter } : {}), ...(period ? { period } : {}) }))).toEqual(rounded(expected));
      }
    }
  });

  it.each([7, 8, 9])('a history of changes applied to the rows of its first records gives the pipeline of its last (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const first = Array.from({ length: 100 }, (_, i) => randomRecord(random, `r${i}`));
    const rows = rowsOf(first);
    const now = new Map(first.map((r) => [r.id, r]));
    for (let step = 0; step < 2_000; step++) {
      const id = `r${Math.floor(random() * 150)}`;
      const before = now.get(id) ?? null;
      // A change of anything the pipeline reads, or of nothing it reads, or a creation.
      const after = random() < 0.3 && before ? { ...before, fields: { ...before.fields, note: step } } : randomRecord(random, id);
      const change = pipelineChange(before, after);
      if (change) applyPipelineChange(rows, change);
      now.set(id, after);
    }
    const records = [...now.values()];
    for (const period of PERIODS) {
      const expected = pipelineMetrics({ workflow, records, managers: MANAGERS, ...(period ? { period } : {}) });
      expect(rounded(fromRows({ rows, records, ...(period ? { period } : {}) }))).toEqual(rounded(expected));
    }
  });

  it.each([10, 11, 12])("the changes of a history summed in any order give the same pipeline: the log orders them by the drains' clocks (seed %i)", (seed) => {
    const random = seededRandom(seed);
    const now = new Map<string, FunnelRecord>();
    const changes: NonNullable<ReturnType<typeof pipelineChange>>[] = [];
    for (let step = 0; step < 1_000; step++) {
      const id = `r${Math.floor(random() * 40)}`;
      const after = randomRecord(random, id);
      const change = pipelineChange(now.get(id) ?? null, after);
      if (change) changes.push(change);
      now.set(id, after);
    }
    // Shuffled: a record's later change often comes before its earlier ones.
    for (let i = changes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [changes[i], changes[j]] = [changes[j] as (typeof changes)[number], changes[i] as (typeof changes)[number]];
    }
    const rows = new Map<string, PipelineRow>();
    for (const change of changes) applyPipelineChange(rows, change);
    const records = [...now.values()];
    expect(rounded(fromRows({ rows, records }))).toEqual(rounded(pipelineMetrics({ workflow, records, managers: MANAGERS })));
  });

  it("a record's later change summed before its earlier one leaves another record's amount where it is", () => {
    const rows = new Map<string, PipelineRow>();
    const opportunity = { id: 's', stage: 'opportunity', createdAt: START, owner: 'ann' };
    const s = fullRecord(definition, { ...opportunity, fields: { amount: 50 } });
    const r = fullRecord(definition, { ...opportunity, id: 'r', fields: { amount: 30 } });
    const trial = fullRecord(definition, { ...opportunity, id: 'r', stage: 'product_trial', fields: { amount: 30 } });
    applyPipelineChange(rows, pipelineChange(null, s)!);
    // R's move on to the trial is summed before R's coming into the opportunity stage.
    applyPipelineChange(rows, pipelineChange(r, trial)!);
    applyPipelineChange(rows, pipelineChange(null, r)!);
    const totals = pipelineFromGroups({ workflow, groups: [...rows.values()], managers: {} });
    expect(totals.byStage.find((row) => row.stage === 'opportunity')).toMatchObject({ count: 1, amount: 50 });
    expect(totals.total).toMatchObject({ count: 2, amount: 80 });
  });

  it('a change the pipeline does not read is no change, and a lost or omitted record contributes nothing', () => {
    const record = fullRecord(definition, { id: 'r1', stage: 'opportunity', createdAt: START, owner: 'ann', fields: { amount: 10 } });
    expect(pipelineChange(record, { ...record, fields: { amount: 10, note: 'called' } })).toBeNull();
    expect(pipelineContribution({ ...record, outcome: 'lost' })).toBeNull();
    expect(pipelineContribution({ ...record, forecastCategory: 'omitted' })).toBeNull();
    expect(pipelineChange(record, { ...record, stage: 'lost', outcome: 'lost' })).toEqual({ from: pipelineContribution(record), to: null });
  });

  it('a row whose records all left is removed, with whatever rounding its sums kept', () => {
    const rows = new Map<string, PipelineRow>();
    const record = fullRecord(definition, { id: 'r1', stage: 'opportunity', createdAt: START, probability: 33, fields: { amount: 0.1 } });
    const other = { ...record, fields: { amount: 0.2 } };
    for (const r of [record, other]) addToPipelineRows(rows, pipelineContribution(r)!, 1);
    for (const r of [record, other]) addToPipelineRows(rows, pipelineContribution(r)!, -1);
    expect(rows.size).toBe(0);
  });

  it('a period is whole days but for its partial first and last', () => {
    const day = START + 5 * DAY_MS;
    expect(pipelinePeriodEdges({ from: day, to: day + 3 * DAY_MS })).toEqual([]);
    expect(pipelinePeriodEdges({ from: day + 1, to: day + DAY_MS - 1 })).toEqual([{ from: day + 1, to: day + DAY_MS - 1 }]);
    expect(pipelinePeriodEdges({ from: day + 1, to: day + DAY_MS + 1 })).toEqual([{ from: day + 1, to: day + DAY_MS + 1 }]);
    expect(pipelinePeriodEdges({ from: day + 1, to: day + 2 * DAY_MS + 1 })).toEqual([
      { from: day + 1, to: day + DAY_MS },
      { from: day + 2 * DAY_MS, to: day + 2 * DAY_MS + 1 },
    ]);
  });
});

describe('metrics-pipeline.json through rows', () => {
  const cases = metricsSuites()
    .flatMap(({ cases: ofFile }) => ofFile)
    .filter((c) => c.action.metric === 'pipeline' && c.action.amountField === undefined);
  it.each(cases.map((c) => [c.description, c] as const))('%s', (_description, c) => {
    const caseDefinition = definitionOf(c);
    const records = c.records.map((r) => fullRecord(caseDefinition, readable(r) as Record<string, unknown>));
    const period = c.period ? (readable(c.period) as MetricsPeriod) : undefined;
    const managers = c.action.metric === 'pipeline' ? (c.action.managers ?? {}) : {};
    const groups = selectPipelineRows({ rows: rowsOf(records).values(), period });
    const expected = pipelineMetrics({ workflow: { definition: caseDefinition }, records, managers, ...(period ? { period } : {}) });
    expect(rounded(pipelineFromGroups({ workflow: { definition: caseDefinition }, groups, managers }))).toEqual(rounded(expected));
  });
});
