import type { MetricsFilter } from './metric-slices';
import type { PipelineChange } from './pipeline-change';
import type { PipelineContribution } from './pipeline-contribution';
import type { PipelineTotals } from './pipeline-totals';
import type { MetricsPeriod } from './period';
import { DAY_MS } from './segment-summary';

/** Where a group of records counts in the pipeline: a contribution's place, without its amounts. */
export type PipelinePlace = Omit<PipelineContribution, 'amount' | 'weightedAmount'>;

/**
 * The pipeline's totals at one place: the sum of the contributions of the records there (docs/metrics.md "Pipeline from
 * a rollup").
 * @example { stage: 'sql', owner: 'ann', forecastCategory: 'pipeline', pipeline: 'hunters', source: null, won: false, closedDay: null, count: 2, amount: 300, weightedAmount: 60 }
 */
export type PipelineRow = PipelinePlace & PipelineTotals;

/**
 * The key of a place among the rows: its parts as JSON text, in a fixed order.
 * @example pipelineRowKey({ stage: 'sql', owner: 'ann', forecastCategory: 'pipeline', pipeline: null, source: null, won: false, closedDay: null })
 *   // → '["sql","ann","pipeline",null,null,false,null]'
 */
export function pipelineRowKey(place: PipelinePlace): string {
  return JSON.stringify([place.stage, place.owner, place.forecastCategory, place.pipeline, place.source, place.won, place.closedDay]);
}

/** How close to 0, relative to the amounts a row adds up, a sum is taken to be 0 (what rounding leaves of equal amounts added and taken away). */
const ROUNDING = 1e-12;

/**
 * Adds a contribution to its row (`sign` -1 takes it away), as `addPipelineRow` adds a row of one record.
 * @example addToPipelineRows(rows, pipelineContribution(record), 1)
 */
export function addToPipelineRows(rows: Map<string, PipelineRow>, contribution: PipelineContribution, sign: 1 | -1): void {
  const { amount, weightedAmount, ...place } = contribution;
  addPipelineRow(rows, { ...place, count: sign, amount: sign * amount, weightedAmount: sign * weightedAmount });
}

/**
 * Adds a row's totals to the row of its place (a row of negative totals takes them away: the net of some changes). A
 * row goes once nothing is left in it: no record, and sums that are 0 but for rounding. A count of 0 with an amount
 * left is not empty: a record's later change summed before its earlier one (the log's order follows the draining
 * processes' clocks) took it away before adding it, and the sums come right once the earlier one is added — removing
 * the row then would lose the other records' amounts in it.
 * @example addPipelineRow(monthRows, { ...place, count: -1, amount: -300, weightedAmount: -300 })
 */
export function addPipelineRow(rows: Map<string, PipelineRow>, added: PipelineRow): void {
  const key = pipelineRowKey(added);
  const row = rows.get(key);
  const count = (row?.count ?? 0) + added.count;
  const amount = (row?.amount ?? 0) + added.amount;
  const weightedAmount = (row?.weightedAmount ?? 0) + added.weightedAmount;
  const scale = Math.max(1, Math.abs(row?.amount ?? 0), Math.abs(added.amount));
  if (count === 0 && Math.abs(amount) <= scale * ROUNDING && Math.abs(weightedAmount) <= scale * ROUNDING) {
    rows.delete(key);
    return;
  }
  rows.set(key, { ...added, count, amount, weightedAmount });
}

/**
 * Applies one record's pipeline change to the rows: its contribution before taken away, the one after added.
 * @example applyPipelineChange(rows, { from: null, to: contribution }) // a created record
 */
export function applyPipelineChange(rows: Map<string, PipelineRow>, change: PipelineChange): void {
  if (change.from) addToPipelineRows(rows, change.from, -1);
  if (change.to) addToPipelineRows(rows, change.to, 1);
}

/**
 * The rows a report counts: those in the filter (pipeline, owner, lead source now), and of the won, with a period,
 * only those closed on a UTC day wholly inside it (the partial days at its edges, `pipelinePeriodEdges`, are the
 * caller's to add from the records); without a period, every won row.
 * @example selectPipelineRows({ rows, filter: { owners: ['ann'] }, period: { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) } })
 */
export function selectPipelineRows(input: {
  rows: Iterable<PipelineRow>;
  filter?: MetricsFilter | undefined;
  period?: MetricsPeriod | undefined;
}): PipelineRow[] {
  const { filter, period } = input;
  const kept: PipelineRow[] = [];
  for (const row of input.rows) {
    if (filter?.pipeline !== undefined && row.pipeline !== filter.pipeline) continue;
    if (filter?.owners !== undefined && (row.owner === null || !filter.owners.includes(row.owner))) continue;
    if (filter?.source !== undefined && row.source !== filter.source) continue;
    if (row.won && period && (row.closedDay === null || !wholeDayIn(row.closedDay, period))) continue;
    kept.push(row);
  }
  return kept;
}

function wholeDayIn(day: number, period: MetricsPeriod): boolean {
  return day * DAY_MS >= period.from && (day + 1) * DAY_MS <= period.to;
}

/**
 * The parts of a period that are not whole UTC days: its start up to the first midnight, and from the last midnight to
 * its end (one part when no midnight falls inside, none when it starts and ends at midnight). The won records closed
 * in them are read from the records, not from rows by day.
 * @example pipelinePeriodEdges({ from: Date.UTC(2026, 0, 1, 9), to: Date.UTC(2026, 0, 3, 12) })
 *   // → [{ from: Date.UTC(2026, 0, 1, 9), to: Date.UTC(2026, 0, 2) }, { from: Date.UTC(2026, 0, 3), to: Date.UTC(2026, 0, 3, 12) }]
 */
export function pipelinePeriodEdges(period: MetricsPeriod): MetricsPeriod[] {
  const firstMidnight = Math.ceil(period.from / DAY_MS) * DAY_MS;
  const lastMidnight = Math.floor(period.to / DAY_MS) * DAY_MS;
  if (firstMidnight >= lastMidnight) return [period];
  return [
    ...(period.from < firstMidnight ? [{ from: period.from, to: firstMidnight }] : []),
    ...(lastMidnight < period.to ? [{ from: lastMidnight, to: period.to }] : []),
  ];
}
