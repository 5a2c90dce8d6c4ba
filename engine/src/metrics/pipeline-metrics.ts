import { FORECAST_CATEGORIES, type ForecastCategory } from '@funnel/schemas';
import type { FunnelRecord } from '../record';
import { groupPipelineTotals } from './group-pipeline-totals';
import { managerChain, type ManagerMap } from './manager-chain';
import { recordInFilter, type MetricsFilter } from './metric-slices';
import type { MetricsWorkflow } from './metrics-workflow';
import { inPeriod, type MetricsPeriod } from './period';
import { compareOwners } from './pipeline-from-groups';
import { pipelineTotals, type PipelineTotals } from './pipeline-totals';
import { DEFAULT_AMOUNT_FIELD } from './record-amount';
import { sumPipelineTotals } from './sum-pipeline-totals';

/** The forecast categories the pipeline shows, in forecast-review order; `omitted` is not in the pipeline. */
const SHOWN_CATEGORIES = FORECAST_CATEGORIES.filter((c) => c !== 'omitted');
const ZERO: PipelineTotals = Object.freeze({ count: 0, amount: 0, weightedAmount: 0 });

/**
 * What pipelineMetrics reads: the workflow, the records, and optionally the manager map, a period and the value field.
 * @example pipelineMetrics({ workflow, records, managers: { ann: 'meg' }, amountField: 'amount' })
 */
export interface PipelineMetricsInput {
  workflow: MetricsWorkflow;
  records: readonly FunnelRecord[];
  /** Who manages whom, for the manager roll-up. */
  managers?: ManagerMap;
  /** When given, won records count only if closed in this period; open records always count. */
  period?: MetricsPeriod;
  /** The field holding the deal value; `amount` unless told otherwise. */
  amountField?: string;
  /** Narrows to the records of a pipeline and of some owners, as they are now (docs/metrics.md "Filters"). */
  filter?: MetricsFilter;
}

/**
 * Pipeline totals (count, amount, weighted amount) overall and by stage, forecast category, owner and manager.
 * @example pipelineMetrics(input).byForecastCategory[0] // → { forecastCategory: 'pipeline', count: 1, amount: 10000, weightedAmount: 1000 }
 */
export interface PipelineMetrics {
  total: PipelineTotals;
  /** Stages of the definition that carry pipeline (not omitted, not lost), in definition order, then any other stage records are in. */
  byStage: ({ stage: string } & PipelineTotals)[];
  byForecastCategory: ({ forecastCategory: ForecastCategory } & PipelineTotals)[];
  /** One row per owner with records, by owner id; unowned records last under `null`. */
  byOwner: ({ owner: string | null } & PipelineTotals)[];
  /** One row per manager in the map: the records of the manager and of everyone below them. */
  byManager: ({ manager: string } & PipelineTotals)[];
}

/**
 * Volume, value and weighted value of the pipeline by stage, forecast category, owner and manager.
 * A record is in the pipeline unless its forecast category is `omitted` or its outcome is `lost`;
 * won records show under `closed`. Weighted amount = Σ amount × record probability / 100.
 * @example pipelineMetrics({ workflow, records, managers: { ann: 'bob', bob: null } }).byManager
 *   // → [{ manager: 'bob', count, amount, weightedAmount }] (ann's and bob's records)
 */
export function pipelineMetrics(input: PipelineMetricsInput): PipelineMetrics {
  const { definition } = input.workflow;
  const amountField = input.amountField ?? DEFAULT_AMOUNT_FIELD;
  const managers = input.managers ?? {};
  const period = input.period;
  const included = input.records.filter(
    (r) =>
      recordInFilter(r, input.filter) &&
      r.forecastCategory !== 'omitted' &&
      r.outcome !== 'lost' &&
      !(r.outcome === 'won' && period && (r.closedAt === undefined || !inPeriod(r.closedAt, period))),
  );
  const group = <K>(keyOf: (r: FunnelRecord) => K) => groupPipelineTotals({ records: included, keyOf, amountField });
  const stageTotals = group((r) => r.stage);
  const categoryTotals = group((r) => r.forecastCategory);
  const ownerTotals = group((r) => r.owner);

  const definedStages = definition.stages.filter((s) => s.forecastCategory !== 'omitted' && s.outcome !== 'lost').map((s) => s.key);
  const otherStages = [...stageTotals.keys()].filter((s) => !definedStages.includes(s)).sort();
  const byOwner = [...ownerTotals.keys()].sort(compareOwners).map((owner) => ({ owner, ...(ownerTotals.get(owner) ?? ZERO) }));
  // Roll owners (few) up to managers rather than records (many): each owner's totals count for everyone above them.
  const teamOf = (manager: string) => byOwner.filter(({ owner }) => owner !== null && (owner === manager || managerChain(owner, managers).includes(manager)));
  const managerIds = [...new Set(Object.values(managers).filter((m): m is string => m !== null))].sort();

  return {
    total: pipelineTotals(included, amountField),
    byStage: [...definedStages, ...otherStages].map((stage) => ({ stage, ...(stageTotals.get(stage) ?? ZERO) })),
    byForecastCategory: SHOWN_CATEGORIES.map((forecastCategory) => ({ forecastCategory, ...(categoryTotals.get(forecastCategory) ?? ZERO) })),
    byOwner,
    byManager: managerIds.map((manager) => ({ manager, ...sumPipelineTotals(teamOf(manager)) })),
  };
}
