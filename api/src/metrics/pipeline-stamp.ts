import { pipelineChange, pipelineContribution, type FunnelRecord, type PipelineContribution } from '@funnel/engine';
import type { OutboxEntry } from '../models/record';

/**
 * Stored on a record by the first commit that stamps its pipeline changes: its contribution to the pipeline before that
 * commit (null: none, as for a record created with it) and when (this process's clock, as the log's `loggedAt`). From
 * then on every change of the record is in the log, so the pipeline's baseline counts this contribution for it and the
 * log the rest (docs/decisions.md 40).
 * @example { at: 1767603600000, contribution: null }
 */
export interface PipelineBase {
  at: number;
  contribution: PipelineContribution | null;
}

/**
 * The base a commit stores on a record that has none yet: `before` is the record as stored (null for a new record).
 * @example pipelineBaseBefore(null, Date.now()) // → { at: …, contribution: null }
 */
export function pipelineBaseBefore(before: FunnelRecord | null, now: number): PipelineBase {
  return { at: now, contribution: before === null ? null : pipelineContribution(before) };
}

/**
 * Stamps a commit's pipeline change (`pipelineChange`: the record's contribution before and after) on its first outbox
 * entry, so that the log's stamps sum to the pipeline; nothing when the change leaves the contribution as it was. A
 * change of the pipeline without an event would be lost to the rollup, so it is refused (the engine logs every change).
 * @example stampPipelineChange({ entries, before, after: change.record }) // entries[0].pipelineChange → { from, to }
 */
export function stampPipelineChange(input: { entries: OutboxEntry[]; before: FunnelRecord | null; after: FunnelRecord }): void {
  const change = pipelineChange(input.before, input.after);
  if (change === null) return;
  const first = input.entries[0];
  if (!first) throw new Error(`record ${input.after.id}: a change of its place in the pipeline logged no event`);
  first.pipelineChange = change;
}
