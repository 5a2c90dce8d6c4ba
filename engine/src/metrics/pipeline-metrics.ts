import { FORECAST_CATEGORIES, type ForecastCategory } from '@funnel/schemas';
import type { FunnelRecord } from '../record';
import { managerChain, type ManagerMap } from './manager-chain';
import type { MetricsWorkflow } from './metrics-workflow';
import { inPeriod, type MetricsPeriod } from './period';
import { pipelineTotals, type PipelineTotals } from './pipeline-totals';
import { DEFAULT_AMOUNT_FIELD } from './record-amount';

/** The forecast categories the pipeline shows, in forecast-review order; `omitted` is not in the pipeline. */
const SHOWN_CATEGORIES = FORECAST_CATEGORIES.filter((c) => c !== 'omitted');

export interface PipelineMetricsInput {
  workflow: MetricsWorkflow;
  records: readonly FunnelRecord[];
  /** Who manages whom, for the manager roll-up. */
  managers?: ManagerMap;
  /** When given, won records count only if closed in this period; open records always count. */
  period?: MetricsPeriod;
  /** The field holding the deal value; `amount` unless told otherwise. */
  amountField?: string;
}

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
      r.forecastCategory !== 'omitted' &&
      r.outcome !== 'lost' &&
      !(r.outcome === 'won' && period && (r.closedAt === undefined || !inPeriod(r.closedAt, period))),
  );
  const totalsWhere = (keep: (r: FunnelRecord) => boolean) => pipelineTotals(included.filter(keep), amountField);

  const definedStages = definition.stages.filter((s) => s.forecastCategory !== 'omitted' && s.outcome !== 'lost').map((s) => s.key);
  const otherStages = [...new Set(included.map((r) => r.stage))].filter((s) => !definedStages.includes(s)).sort();
  const owners = [...new Set(included.map((r) => r.owner))].sort(compareOwners);
  const managerIds = [...new Set(Object.values(managers).filter((m): m is string => m !== null))].sort();

  return {
    total: pipelineTotals(included, amountField),
    byStage: [...definedStages, ...otherStages].map((stage) => ({ stage, ...totalsWhere((r) => r.stage === stage) })),
    byForecastCategory: SHOWN_CATEGORIES.map((forecastCategory) => ({
      forecastCategory,
      ...totalsWhere((r) => r.forecastCategory === forecastCategory),
    })),
    byOwner: owners.map((owner) => ({ owner, ...totalsWhere((r) => r.owner === owner) })),
    byManager: managerIds.map((manager) => ({
      manager,
      ...totalsWhere((r) => r.owner !== null && (r.owner === manager || managerChain(r.owner, managers).includes(manager))),
    })),
  };
}

/** Owner ids in code-unit order, unowned (`null`) last. */
function compareOwners(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
