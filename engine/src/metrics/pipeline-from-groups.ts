import { FORECAST_CATEGORIES, type ForecastCategory } from '@funnel/schemas';
import { managerChain, type ManagerMap } from './manager-chain';
import type { MetricsWorkflow } from './metrics-workflow';
import type { PipelineMetrics } from './pipeline-metrics';
import type { PipelineTotals } from './pipeline-totals';
import { sumPipelineTotals } from './sum-pipeline-totals';

/** The forecast categories the pipeline shows, in forecast-review order; `omitted` is not in the pipeline. */
const SHOWN_CATEGORIES = FORECAST_CATEGORIES.filter((c) => c !== 'omitted');

/**
 * Totals of the records in one stage, of one owner, in one forecast category: what the report is rolled up from.
 * @example { stage: 'sql', owner: 'ann', forecastCategory: 'pipeline', count: 2, amount: 300, weightedAmount: 60 }
 */
export type PipelineGroup = { stage: string; owner: string | null; forecastCategory: ForecastCategory | string } & PipelineTotals;

/**
 * The pipeline report (docs/metrics.md `pipelineMetrics`) from totals grouped by stage, owner and forecast category
 * (a `$group` over the records, or the rollup's rows): a handful of groups, not records, rolled up into stage,
 * category, owner and manager views.
 * @example pipelineFromGroups({ workflow, groups: [{ stage: 'sql', owner: 'ann', forecastCategory: 'pipeline', count: 1, amount: 10, weightedAmount: 2 }], managers: {} }).total
 *   // → { count: 1, amount: 10, weightedAmount: 2 }
 */
export function pipelineFromGroups(input: { workflow: MetricsWorkflow; groups: readonly PipelineGroup[]; managers: ManagerMap }): PipelineMetrics {
  const { groups, managers } = input;
  const sum = (keep: (group: PipelineGroup) => boolean) => sumPipelineTotals(groups.filter(keep));
  const definedStages = input.workflow.definition.stages.filter((s) => s.forecastCategory !== 'omitted' && s.outcome !== 'lost').map((s) => s.key);
  const otherStages = [...new Set(groups.map((g) => g.stage))].filter((s) => !definedStages.includes(s)).sort();
  const owners = [...new Set(groups.map((g) => g.owner))].sort(compareOwners);
  const managerIds = [...new Set(Object.values(managers).filter((m): m is string => m !== null))].sort();
  return {
    total: sum(() => true),
    byStage: [...definedStages, ...otherStages].map((stage) => ({ stage, ...sum((g) => g.stage === stage) })),
    byForecastCategory: SHOWN_CATEGORIES.map((forecastCategory) => ({ forecastCategory, ...sum((g) => g.forecastCategory === forecastCategory) })),
    byOwner: owners.map((owner) => ({ owner, ...sum((g) => g.owner === owner) })),
    byManager: managerIds.map((manager) => ({
      manager,
      ...sum((g) => g.owner !== null && (g.owner === manager || managerChain(g.owner, managers).includes(manager))),
    })),
  };
}

/**
 * Owner ids in code-unit order, unowned (`null`) last: the order of the pipeline's `byOwner`.
 * @example [null, 'bob', 'ann'].sort(compareOwners) // → ['ann', 'bob', null]
 */
export function compareOwners(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
