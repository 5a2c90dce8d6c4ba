import { canonicalKey } from './canonical-key.js';
import { isPlainDocument } from './document-path.js';

/**
 * Whether two values are equal as `canonicalKey` sees them (so `1`, `1.0` and `Long(1)` are equal; field
 * order counts), without building either key: arrays and plain documents are walked and the first
 * difference ends the walk, so a `$set` of a changed array costs a few comparisons, not two whole keys.
 * @example canonicallyEqual([{ a: 1 }], [{ a: 1 }]) === true
 */
export function canonicallyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!canonicallyEqual(a[i], b[i])) return false;
    return true;
  }
  if (isPlainDocument(a) && isPlainDocument(b)) {
    const aKeys = Object.keys(a);
    const bKeys = Object.keys(b);
    if (aKeys.length !== bKeys.length) return false;
    for (let i = 0; i < aKeys.length; i++) {
      const key = aKeys[i] as string;
      if (key !== bKeys[i] || !canonicallyEqual(a[key], b[key])) return false;
    }
    return true;
  }
  // A string's key is `S…`; no other value's key can equal it (a BSON Symbol's starts with `Symbol`, then JSON).
  if (typeof a === 'string' || typeof b === 'string') return false;
  return canonicalKey(a) === canonicalKey(b);
}
