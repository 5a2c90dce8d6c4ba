import { recordHasExtension, type FunnelRecord } from '@funnel/engine';
import type { ContactKeys } from '@funnel/engine';
import type { OutboxEntry } from '../models/record';
import { searchTerms } from './search-terms';
import { storedContactKeys } from './stored-contact-keys';

/**
 * The update that turns the stored `before` into `after`: `$set` of the top-level keys the engine changed
 * (the engine copies only what it changes, so a reference check finds them), `$unset` of keys it dropped,
 * the indexed extension flag, and the change's events added to the outbox. When the outbox read with
 * `before` is known, the whole new outbox is `$set` (the write is version-checked, so it is exact, and a
 * `$set` is several times cheaper than `$push: { $each }` on the embedded store); otherwise they are pushed.
 * `contact`, when given, is the record's new contact keys (see `changedContactKeys`), stored with their rules; the
 * search terms (`searchTerms`) follow the fields.
 * @example writer.write([{ type: 'update', collection: 'records', tenantId, filter: { _id, version: before.version }, update: recordUpdate({ before, after, entries, outbox }) }])
 */
export function recordUpdate(input: {
  before: FunnelRecord;
  after: FunnelRecord;
  entries: OutboxEntry[];
  outbox?: OutboxEntry[] | undefined;
  contact?: ContactKeys | undefined;
}): Record<string, unknown> {
  const before = input.before as unknown as Record<string, unknown>;
  const after = input.after as unknown as Record<string, unknown>;
  const set: Record<string, unknown> = {};
  const unset: Record<string, ''> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'id' || before[key] === after[key]) continue;
    if (after[key] === undefined) unset[key] = '';
    else set[key] = after[key];
  }
  if (before.fields !== after.fields) {
    const terms = searchTerms(input.after.fields);
    if (terms.join('\n') !== searchTerms(input.before.fields).join('\n')) set.search = terms;
  }
  const hasExtension = recordHasExtension(input.after);
  if (hasExtension !== recordHasExtension(input.before)) set.hasExtension = hasExtension;
  if (input.contact) Object.assign(set, storedContactKeys(input.contact));
  const push = input.entries.length > 0 && !input.outbox;
  if (input.outbox && input.entries.length > 0) set.outbox = [...input.outbox, ...input.entries];
  return {
    $set: set,
    ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
    ...(push ? { $push: { outbox: { $each: input.entries } } } : {}),
  };
}

/** A whole record as first stored (no `id`: it is the document's `_id`; absent optional keys left out). */
export function recordState(record: FunnelRecord): Record<string, unknown> {
  const { id: _id, ...state } = record;
  const stored: Record<string, unknown> = { ...state, hasExtension: recordHasExtension(record), search: searchTerms(record.fields) };
  for (const [key, value] of Object.entries(stored)) if (value === undefined) delete stored[key];
  return stored;
}
