import { DEFAULT_AMOUNT_FIELD, type CompiledWorkflow } from '@funnel/engine';
import type { Phase } from '@funnel/schemas';
import type { Models } from '../models/models';
import type { Services } from './services';
import { searchFilter } from './search-terms';
import { teamBelow } from './team';

/** What a board reads through: the store's models. */
type BoardServices = Pick<Services, 'models'>;

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
export async function boardFilter(services: BoardServices, request: BoardRequest): Promise<Record<string, unknown>> {
  const filter = await scopeFilter(services, request);
  return request.search ? { ...filter, ...searchFilter(request.search) } : filter;
}

/** A board's filter but its search: the workflow, the pipeline, the owners the scope allows and the lead source. */
async function scopeFilter(services: BoardServices, request: BoardRequest): Promise<Record<string, unknown>> {
  const { tenantId, viewerId } = request;
  const filter: Record<string, unknown> = { tenantId, workflowKey: request.workflowKey };
  if (request.pipeline) filter.pipeline = request.pipeline;
  if (request.source) filter['fields.source'] = request.source;
  const scope = request.scope ?? 'everyone';
  const allowed =
    scope === 'mine' ? [viewerId] : scope === 'team' ? [viewerId, ...(await teamBelow({ models: services.models, tenantId, managerId: viewerId }))] : null;
  if (request.owner) filter.owner = allowed && !allowed.includes(request.owner) ? { $in: [] } : request.owner;
  else if (allowed) filter.owner = { $in: allowed };
  return filter;
}

/**
 * When a board's search reads records by id: a search that finds at most `totals` of the tenant's records has its
 * totals read by their ids, and its cards too when it finds at most `cards`; a column of a wider search walks its
 * stage in page order. Tests pass smaller ones to take every path with a few records.
 */
export interface SearchByIdLimits {
  totals: number;
  cards: number;
}
const SEARCH_BY_ID: SearchByIdLimits = { totals: 1_000, cards: 200 };

/** The ids of the tenant's records a search finds, from the search terms' index, when there are at most `max`; else null. */
async function searchedIds(models: Models, input: { tenantId: string; search: string; max: number }): Promise<string[] | null> {
  const found = await models.Record.find({ tenantId: input.tenantId, ...searchFilter(input.search) }, { _id: 1 })
    .limit(input.max + 1)
    .lean();
  return found.length > input.max ? null : found.map((record) => record._id);
}

/**
 * What a board reads its totals and its cards with. Without a search, or when a search finds many records, both are
 * the board's filter: a column's cards walk the index on (workflow, stage, _id) in page order and stop at a page.
 * A search that finds few is first read from the search terms' index, and its records are then read by id, so the
 * totals and the cards never walk the workflow's other records (the ids were found by the search a moment before,
 * so the search is not tested on them again; the cards keep the ids under `$and`, where a page's `_id` range does
 * not replace them).
 */
async function boardReads(
  services: BoardServices,
  request: BoardRequest,
  limits: SearchByIdLimits,
): Promise<{ totals: Record<string, unknown>; cards: Record<string, unknown> }> {
  const scope = await scopeFilter(services, request);
  if (!request.search) return { totals: scope, cards: scope };
  const searched = { ...scope, ...searchFilter(request.search) };
  const ids = await searchedIds(services.models, { tenantId: request.tenantId, search: request.search, max: limits.totals });
  if (!ids) return { totals: searched, cards: searched };
  return { totals: { ...scope, _id: { $in: ids } }, cards: ids.length <= limits.cards ? { ...scope, $and: [{ _id: { $in: ids } }] } : searched };
}

/**
 * A board's totals as the store groups them: per stage and probability, the records and their amounts. MongoDB sums
 * Decimal128 or Long amounts into a Decimal128 or Long, which the driver returns as an object: `Number` reads each.
 */
interface StageProbabilityRow {
  _id: { stage: string; probability: number | { valueOf(): number } | null };
  count: number;
  amount: number | { valueOf(): number };
}

/**
 * A workflow's board (docs/api.md "The board"): a column per stage of its latest version, in the definition's order
 * (the client groups them by phase), each with its records' count, amount and amount weighted by each record's
 * probability. One `$group` by stage and probability sums the amount field as stored (`$sum` leaves out what is not
 * a number, as amounts are counted everywhere); the weighted amount is then Σ amount × probability / 100 over a
 * stage's few probabilities: the same sum, with no expression evaluated per record. Cards are paged per column.
 * @example const columns = await boardColumns(services, workflow, { tenantId, viewerId, workflowKey: 'standard_trunk', search: 'acme' })
 */
export async function boardColumns(
  services: BoardServices,
  workflow: Pick<CompiledWorkflow, 'definition'>,
  request: BoardRequest,
  limits: SearchByIdLimits = SEARCH_BY_ID,
): Promise<BoardColumn[]> {
  const reads = await boardReads(services, request, limits);
  const rows = (await services.models.Record.aggregate([
    { $match: reads.totals },
    { $group: { _id: { stage: '$stage', probability: '$probability' }, count: { $sum: 1 }, amount: { $sum: `$fields.${DEFAULT_AMOUNT_FIELD}` } } },
  ])) as StageProbabilityRow[];
  return workflow.definition.stages.map((stage) => {
    const ofStage = rows.filter((row) => row._id.stage === stage.key);
    return {
      stage: stage.key,
      phase: stage.phase,
      count: ofStage.reduce((total, row) => total + row.count, 0),
      amount: ofStage.reduce((total, row) => total + Number(row.amount), 0),
      weightedAmount: ofStage.reduce((total, row) => total + (Number(row.amount) * Number(row._id.probability ?? 0)) / 100, 0),
      filter: { ...reads.cards, stage: stage.key },
    };
  });
}
