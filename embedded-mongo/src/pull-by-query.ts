import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { isDocumentNode, PLAIN_SEGMENT, setField } from './document-path.js';
import { nonArrayPullError, numericValue } from './fast-pull.js';
import { preparedQueryOptions } from './query-options.js';

/** A copy with every BSON number (Int32, Double, a Long a double holds) as a JS number, so mingo compares numbers by value. */
function withPlainNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withPlainNumbers);
  if (isDocumentNode(value)) {
    const out: Document = {};
    for (const key of Object.keys(value)) setField(out, key, withPlainNumbers(value[key]));
    return out;
  }
  return numericValue(value) ?? value;
}

/** Whether `$pull` removes an element, by MongoDB's reading of the condition. */
function pullPredicate(condition: unknown): (element: unknown) => boolean {
  const plain = withPlainNumbers(condition);
  const names = isDocumentNode(plain) ? Object.keys(plain) : [];
  // A value, or a document whose first field is an operator, is a condition on the element itself.
  if (names.length === 0 || (names[0] as string).startsWith('$')) {
    const query = new Query({ element: plain }, preparedQueryOptions);
    return (element) => query.test({ element: withPlainNumbers(element) });
  }
  // A document of fields is a query on each element that is a document; other elements stay.
  const query = new Query(plain as Document, preparedQueryOptions);
  return (element) => isDocumentNode(element) && query.test(withPlainNumbers(element) as Document);
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/**
 * Applies the `$pull` of an update that the fast path does not cover (operator conditions such as
 * `{ $gte: 5 }`, `$elemMatch`, queries on element fields) where mingo does not follow MongoDB: a field
 * that exists and is not an array is refused with BadValue (mingo skips it), and numbers compare by
 * value across int, double and Long (mingo compares a Long as an object). Changes `doc`, a working
 * copy, in place and returns whether anything was removed; undefined, changing nothing, when a path is
 * not plain fields of documents (positional operators, array indexes, an array on the way) or
 * overlaps another path of the update, which mingo then applies or refuses with its checks.
 * @example pullByQuery(copy, { tags: { $gte: 5 } }, ['version']) // true
 */
export function pullByQuery(doc: Document, fields: Document, otherPaths: readonly string[]): boolean | undefined {
  const paths = Object.keys(fields);
  for (const [i, path] of paths.entries()) {
    if (!path.split('.').every((segment) => PLAIN_SEGMENT.test(segment))) return undefined;
    if (otherPaths.some((other) => overlaps(path, other)) || paths.some((other, j) => j !== i && overlaps(path, other))) return undefined;
  }
  // Every target is found before any is changed, so that an uncovered one leaves the copy as it was.
  const targets: Array<{ node: Document; leaf: string; array: unknown[]; removes: (element: unknown) => boolean }> = [];
  for (const path of paths) {
    const segments = path.split('.');
    const leaf = segments.pop() as string;
    let node: unknown = doc;
    for (const segment of segments) {
      if (Array.isArray(node)) return undefined;
      node = isDocumentNode(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
    }
    if (Array.isArray(node)) return undefined;
    // Like MongoDB, $pull creates nothing: a missing field, or one under a scalar, leaves the document as it is.
    if (!isDocumentNode(node) || !Object.hasOwn(node, leaf)) continue;
    const array: unknown = node[leaf];
    if (!Array.isArray(array)) throw nonArrayPullError();
    targets.push({ node, leaf, array, removes: pullPredicate(fields[path]) });
  }
  let changed = false;
  for (const { node, leaf, array, removes } of targets) {
    const kept = array.filter((element) => !removes(element));
    if (kept.length === array.length) continue;
    node[leaf] = kept;
    changed = true;
  }
  return changed;
}
