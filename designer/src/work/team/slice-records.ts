import { type ResultOf, request } from '../graphql';
import { SLICE_RECORDS, type SliceRecord } from './team-documents';

type SlicePage = ResultOf<typeof SLICE_RECORDS>;

/** A number of the pipeline whose records a manager asked to see. */
export type Slice = { kind: 'total' } | { kind: 'owner'; ownerId: string | null; name: string } | { kind: 'category'; category: string };

/** How many pages of 50 a slice reads at most (the list says when there were more). */
const MAX_PAGES = 20;

/** Whether a record is in the pipeline the api's report counts: neither omitted from the forecast nor lost. */
function inPipeline(record: SliceRecord): boolean {
  return record.forecastCategory !== 'omitted' && record.outcome !== 'lost';
}

/** Whether a record of the pipeline belongs to a slice. */
function inSlice(record: SliceRecord, slice: Slice): boolean {
  if (!inPipeline(record)) return false;
  if (slice.kind === 'owner') return record.ownerId === slice.ownerId;
  if (slice.kind === 'category') return record.forecastCategory === slice.category;
  return true;
}

/**
 * The records behind a pipeline number, counted as the api's pipeline counts them (neither omitted from the forecast
 * nor lost): the workflow's records (one owner's, when the number is theirs) of the slice's owner or category.
 * @example await sliceRecords({ workflowKey: 'standard_trunk', slice: { kind: 'category', category: 'commit' } }) // → { records: [...], more: false }
 */
export async function sliceRecords({ workflowKey, slice }: { workflowKey: string; slice: Slice }): Promise<{ records: SliceRecord[]; more: boolean }> {
  const filter = { workflowKey, ...(slice.kind === 'owner' && slice.ownerId ? { owner: slice.ownerId } : {}) };
  const records: SliceRecord[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer: SlicePage = await request(SLICE_RECORDS, { filter, after });
    records.push(...answer.records.edges.map((edge) => edge.node).filter((record) => inSlice(record, slice)));
    if (!answer.records.pageInfo.hasNextPage) return { records, more: false };
    after = answer.records.pageInfo.endCursor ?? null;
  }
  return { records, more: true };
}
