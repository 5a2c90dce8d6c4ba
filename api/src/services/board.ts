import { DEFAULT_AMOUNT_FIELD, type CompiledWorkflow } from '@funnel/engine';
import type { Phase } from '@funnel/schemas';
import { amountOf, PIPELINE_TOTALS } from '../metrics/pipeline-aggregation';
import type { Services } from './services';
import { searchFilter } from './search-terms';
import { teamBelow } from './team';

/** Whose records a board shows: the viewer's, the viewer's and their team's, or everyone's. */
type BoardScope = 'mine' | 'team' | 'everyone';

/** What a board is asked for: a workflow, optionally one of its pipelines, and who and where from. */
export interface BoardRequest {
  tenantId: string;
  viewerId: string;
  workflowKey: string;
  pipeline?: string | null;
  scope?: BoardScope | null;
  owner?: string | null;
  source?: string | null;
  search?: string | null;
}

/** One column: a stage with its totals; its cards are paged by `filter` and the stage. */
export interface BoardColumn {
  stage: string;
  phase: Phase;
  count: number;
  amount: number;
  weightedAmount: number;
  /** The records filter the column's cards are read with (typed values only, the stage among them). */
  filter: Record<string, unknown>;
}

/**
 * The records filter of a board (typed values only): the workflow, the pipeline, the owners the scope allows (a
 * named owner within them), the lead source and the search text.
 * @example await boardFilter(services, { tenantId, viewerId: 'u1', workflowKey: 'standard_trunk', scope: 'mine' }) // → { tenantId, workflowKey, owner: 'u1' }
 */
export async function boardFilter(services: Services, request: BoardRequest): Promise<Record<string, unknown>> {
  const { tenantId, viewerId } = request;
  const filter: Record<string, unknown> = { tenantId, workflowKey: request.workflowKey };
  if (request.pipeline) filter.pipeline = request.pipeline;
  if (request.source) filter['fields.source'] = request.source;
  if (request.search) Object.assign(filter, searchFilter(request.search));
  const scope = request.scope ?? 'everyone';
  const allowed =
    scope === 'mine' ? [viewerId] : scope === 'team' ? [viewerId, ...(await teamBelow({ models: services.models, tenantId, managerId: viewerId }))] : null;
  if (request.owner) filter.owner = allowed && !allowed.includes(request.owner) ? { $in: [] } : request.owner;
  else if (allowed) filter.owner = { $in: allowed };
  return filter;
}

/**
 * A workflow's board (docs/api.md "The board"): a column per stage of its latest version, in the definition's order
 * (the client groups them by phase), each with its records' count, amount and amount weighted by each record's
 * probability, from one `$group` by stage over the board's filter. Cards are paged per column (`filter`).
 * @example const columns = await boardColumns(services, workflow, await boardFilter(services, request))
 */
export async function boardColumns(services: Services, workflow: CompiledWorkflow, filter: Record<string, unknown>): Promise<BoardColumn[]> {
  const rows = (await services.models.Record.aggregate([
    { $match: filter },
    { $project: { stage: 1, amount: amountOf(DEFAULT_AMOUNT_FIELD), probability: 1 } },
    { $group: { _id: '$stage', ...PIPELINE_TOTALS } },
  ])) as { _id: string; count: number; amount: number; weightedAmount: number }[];
  const byStage = new Map(rows.map((row) => [row._id, row]));
  return workflow.definition.stages.map((stage) => {
    const row = byStage.get(stage.key);
    return {
      stage: stage.key,
      phase: stage.phase,
      count: row?.count ?? 0,
      amount: row?.amount ?? 0,
      weightedAmount: row?.weightedAmount ?? 0,
      filter: { ...filter, stage: stage.key },
    };
  });
}
