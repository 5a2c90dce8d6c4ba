import type { Document } from 'bson';
import { setField } from './document-path.js';
import type { StoredChange } from './change-log.js';

/**
 * Builds the change of an update or replacement from the stored documents before and after it: for an
 * update, the top-level fields it set (new values) and removed, as MongoDB's `updateDescription`.
 * @example updateChange({ previous: { _id: 1, a: 1 }, next: { _id: 1, a: 2 }, operationType: 'update' })
 */
export function updateChange(input: { previous: Document; next: Document; operationType: 'update' | 'replace' }): StoredChange {
  const { previous, next } = input;
  if (input.operationType === 'replace') return { operationType: 'replace', doc: next };
  const updatedFields: Document = {};
  for (const key of Object.keys(next)) if (previous[key] !== next[key]) setField(updatedFields, key, next[key]);
  const removedFields = Object.keys(previous).filter((key) => !Object.hasOwn(next, key));
  return { operationType: 'update', doc: next, updatedFields, removedFields };
}
