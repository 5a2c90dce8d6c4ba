import type { Document } from 'bson';
import { setField } from './document-path.js';

/** The top-level fields a replacement set (with their new values) and removed. */
export type TopLevelPatch = { set: Document; unset: string[] };

/**
 * What changed between two versions of a stored document, as top-level fields to set and to remove, when
 * replaying that onto `previous` gives `next` exactly, field order included: `previous`'s remaining fields
 * in their order, then the new ones. Stored documents are immutable and an update shares every value it did
 * not touch, so a reference check per field finds the change. Undefined when the order differs (a
 * replacement document that reorders fields): the whole document must be logged then.
 * @example topLevelPatch({ _id: 1, a: 1, b: 2 }, { _id: 1, a: 1, b: 3, c: 4 }) // { set: { b: 3, c: 4 }, unset: [] }
 */
export function topLevelPatch(previous: Document, next: Document): TopLevelPatch | undefined {
  const set: Document = {};
  const unset: string[] = [];
  const nextKeys = Object.keys(next);
  let position = 0;
  for (const key of Object.keys(previous)) {
    if (!Object.hasOwn(next, key)) {
      unset.push(key);
      continue;
    }
    if (nextKeys[position] !== key) return undefined;
    position += 1;
    if (previous[key] !== next[key]) setField(set, key, next[key]);
  }
  for (; position < nextKeys.length; position++) {
    const key = nextKeys[position] as string;
    if (Object.hasOwn(previous, key)) return undefined;
    setField(set, key, next[key]);
  }
  return { set, unset };
}

/**
 * `previous` with a patch applied: its fields in order (removed ones left out, set ones replaced), then
 * the new fields in the patch's order — the inverse of `topLevelPatch`.
 * @example applyTopLevelPatch({ _id: 1, a: 1 }, { set: { b: 2 }, unset: ['a'] }) // { _id: 1, b: 2 }
 */
export function applyTopLevelPatch(previous: Document, patch: TopLevelPatch): Document {
  const removed = new Set(patch.unset);
  const next: Document = {};
  for (const key of Object.keys(previous)) {
    if (removed.has(key)) continue;
    setField(next, key, Object.hasOwn(patch.set, key) ? patch.set[key] : previous[key]);
  }
  for (const key of Object.keys(patch.set)) if (!Object.hasOwn(previous, key)) setField(next, key, patch.set[key]);
  return next;
}
