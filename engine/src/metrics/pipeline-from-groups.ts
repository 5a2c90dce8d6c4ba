import { FORECAST_CATEGORIES, type ForecastCategory } from '@funnel/schemas';
import { managerChain, type ManagerMap } from './manager-chain';
import type { MetricsWorkflow } from './metrics-workflow';
import type { PipelineMetrics } from './pipeline-metrics';
import type { PipelineTotals } from './pipeline-totals';
import { addPipelineTotals } from './sum-pipeline-totals';

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
  const definedStages = input.workflow.definition.stages.filter((s) => s.forecastCategory !== 'omitted' && s.outcome !== 'lost').map((s) => s.key);
  const managerIds = [...new Set(Object.values(managers).filter((m): m is string => m !== null))].sort();
  const isManager = new Set(managerIds);
  // One pass over the groups, each added to its stage, category, owner and managers in the groups' order: the sums
  // are those of adding each view's groups in order (a pass per view and group cost views × groups at 50 owners).
  const total: PipelineTotals = { count: 0, amount: 0, weightedAmount: 0 };
  const byStage = new Map<string, PipelineTotals>();
  const byCategory = new Map<string, PipelineTotals>();
  const byOwner = new Map<string | null, PipelineTotals>();
  const byManager = new Map<string, PipelineTotals>();
  const managersOf = new Map<string, string[]>();
  for (const group of groups) {
    addPipelineTotals(total, group);
    addPipelineTotals(totalsOf(byStage, group.stage), group);
    addPipelineTotals(totalsOf(byCategory, group.forecastCategory), group);
    addPipelineTotals(totalsOf(byOwner, group.owner), group);
    if (group.owner === null) continue;
    let above = managersOf.get(group.owner);
    if (!above) {
      above = [...(isManager.has(group.owner) ? [group.owner] : []), ...managerChain(group.owner, managers)];
      managersOf.set(group.owner, above);
    }
    for (const manager of above) addPipelineTotals(totalsOf(byManager, manager), group);
  }
  const otherStages = [...byStage.keys()].filter((s) => !definedStages.includes(s)).sort();
  const owners = [...byOwner.keys()].sort(compareOwners);
  const totalsFor = <K>(views: Map<K, PipelineTotals>, key: K): PipelineTotals => ({ ...(views.get(key) ?? { count: 0, amount: 0, weightedAmount: 0 }) });
  return {
    total,
    byStage: [...definedStages, ...otherStages].map((stage) => ({ stage, ...totalsFor(byStage, stage) })),
    byForecastCategory: SHOWN_CATEGORIES.map((forecastCategory) => ({ forecastCategory, ...totalsFor(byCategory, forecastCategory) })),
    byOwner: owners.map((owner) => ({ owner, ...totalsFor(byOwner, owner) })),
    byManager: managerIds.map((manager) => ({ manager, ...totalsFor(byManager, manager) })),
  };
}

/** The totals of `key` in `views`, created at zero. */
function totalsOf<K>(views: Map<K, PipelineTotals>, key: K): PipelineTotals {
  let totals = views.get(key);
  if (!totals) {
    totals = { count: 0, amount: 0, weightedAmount: 0 };
    views.set(key, totals);
  }
  return totals;
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
