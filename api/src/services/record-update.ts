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

/**
 * A whole record as first stored, the document an insert sends: `_id` first (the record's `id`), its state (absent
 * optional keys left out), the indexed extension flag and search terms, then `extra` (the outbox, contact keys, score
 * and the like) and last its tenant, as the bulk writer would add it (it then need not copy the document). Built key by
 * key into one object: a rest pattern, two spreads and `delete` made four copies per record, a tenth of an imported
 * row's time in this process.
 * @example storedRecord({ record, extra: { outbox }, tenantId: 't1' }) // → { _id: 'r1', stage: 'lead', …, search: [...], outbox, tenantId: 't1' }
 */
export function storedRecord(input: { record: FunnelRecord; extra: Record<string, unknown>; tenantId: string }): Record<string, unknown> {
  const { record } = input;
  const state = record as unknown as Record<string, unknown>;
  const stored: Record<string, unknown> = { _id: record.id };
  for (const key of Object.keys(state)) {
    const value = state[key];
    if (key !== 'id' && value !== undefined) stored[key] = value;
  }
  stored.hasExtension = recordHasExtension(record);
  stored.search = searchTerms(record.fields);
  Object.assign(stored, input.extra);
  stored.tenantId = input.tenantId;
  return stored;
}
