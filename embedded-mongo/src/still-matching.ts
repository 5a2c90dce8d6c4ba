import type { Document } from 'bson';
import { canonicalKey } from './canonical-key.js';
import type { Collection } from './collection.js';
import { DocumentQuery } from './document-query.js';

/**
 * The stored version of a selected document if it still matches the filter. A long selection lets
 * other clients run in between, so a write re-checks its target before changing it: of two racing
 * version-checked updates exactly one applies.
 * @example const current = stillMatching({ collection, doc, filter })
 */
export function stillMatching(input: { collection: Collection; doc: Document; filter: Document }): Document | undefined {
  const current = input.collection.docs.get(canonicalKey(input.doc._id));
  if (current === input.doc) return current;
  if (!current || !new DocumentQuery(input.filter).test(current)) return undefined;
  return current;
}
