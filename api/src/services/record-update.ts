import { recordHasExtension, type FunnelRecord } from '@funnel/engine';
import type { OutboxEntry } from '../models/record';

/**
 * The update that turns the stored `before` into `after`: `$set` of the top-level keys the engine changed
 * (the engine copies only what it changes, so a reference check finds them), `$unset` of keys it dropped,
 * the indexed extension flag, and `$push` of the change's events onto the outbox.
 * @example Record.updateOne({ tenantId, _id, version: before.version }, recordUpdate({ before, after, entries }))
 */
export function recordUpdate(input: { before: FunnelRecord; after: FunnelRecord; entries: OutboxEntry[] }): Record<string, unknown> {
  const before = input.before as unknown as Record<string, unknown>;
  const after = input.after as unknown as Record<string, unknown>;
  const set: Record<string, unknown> = {};
  const unset: Record<string, ''> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'id' || before[key] === after[key]) continue;
    if (after[key] === undefined) unset[key] = '';
    else set[key] = after[key];
  }
  const hasExtension = recordHasExtension(input.after);
  if (hasExtension !== recordHasExtension(input.before)) set['hasExtension'] = hasExtension;
  return {
    $set: set,
    ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
    ...(input.entries.length > 0 ? { $push: { outbox: { $each: input.entries } } } : {}),
  };
}

/** A whole record as first stored (no `id`: it is the document's `_id`; absent optional keys left out). */
export function recordState(record: FunnelRecord): Record<string, unknown> {
  const { id: _id, ...state } = record;
  const stored: Record<string, unknown> = { ...state, hasExtension: recordHasExtension(record) };
  for (const [key, value] of Object.entries(stored)) if (value === undefined) delete stored[key];
  return stored;
}
