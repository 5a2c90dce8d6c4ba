import { addSummary } from './merge-segment-summaries';
import { emptySegmentSummary, type SegmentSummary, type SlicedSummary } from './segment-summary';

/**
 * The summary of the slices a filter keeps (docs/metrics.md "Filters"): their figures added up, and the reclosings of
 * every slice, each naming its own slice and its previous closing's (a period's cycle length needs a record's whole
 * chain of closings to tell which of them is its last). With every slice kept, the stretch's summary.
 * @example selectSlices(summarizeSlices(input), sliceFilter({ owners: ['ann'] })).closings.won // → 2
 */
export function selectSlices(sliced: SlicedSummary, keep: (slice: string) => boolean): SegmentSummary {
  const selected = emptySegmentSummary();
  for (const [slice, summary] of Object.entries(sliced)) {
    if (keep(slice)) addSummary(selected, summary);
    else selected.reclosings.push(...summary.reclosings);
  }
  // In time order, as the log holds them (by record at one instant): the order a record's chain of closings is read in.
  selected.reclosings.sort((a, b) => a.at - b.at || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
  return selected;
}
