import { EJSON, type Document } from 'bson';
import { Query } from 'mingo/query';
import { DocumentQuery } from './document-query.js';
import { isDocumentNode, pathsOverlap, PLAIN_SEGMENT, setAtPath, setField } from './document-path.js';
import { MongoCommandError } from './errors.js';
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

/** A positional segment of an update path: the query's `$`, every element `$[]`, or those an array filter picks `$[<id>]`. */
const POSITIONAL_SEGMENT = /^\$(?:\[(\w*)\])?$/;
const INDEX_SEGMENT = /^\d+$/;

/** The path up to its first positional or index segment: where two paths of one update may clash. */
function arrayRoot(path: string): string {
  const segments = path.split('.');
  const end = segments.findIndex((segment) => POSITIONAL_SEGMENT.test(segment) || INDEX_SEGMENT.test(segment));
  return end === -1 ? path : segments.slice(0, end).join('.');
}

/** What a positional path needs besides the document: the update's query (for `$`) and array filters (for `$[<id>]`). */
type Positions = { query?: Document; arrayFilters?: Document[] };

/** One array a `$pull` removes from: the object or array holding it, and its field or index there. */
type PullTarget = { holder: Document | unknown[]; key: string | number; array: unknown[] };

/** An element as mongod's error names it, `name: value`; the value in relaxed Extended JSON, close to mongod's own notation. */
function describeElement(name: string, value: unknown): string {
  return `${name}: ${typeof value === 'string' ? JSON.stringify(value) : EJSON.stringify(value as never, { relaxed: true })}`;
}

/**
 * The index of the first element of `array` (at `arrayPath`) that meets the query's conditions on that
 * array, as MongoDB resolves `$`; BadValue, MongoDB's, when the query has none or no element meets them.
 */
function matchedIndex(input: { array: unknown[]; arrayPath: string; query: Document | undefined }): number {
  const { array, arrayPath, query } = input;
  const conditions: Document = {};
  const collect = (filter: Document) => {
    for (const [key, condition] of Object.entries(filter)) {
      if (key === '$and' && Array.isArray(condition)) {
        for (const clause of condition) if (isDocumentNode(clause)) collect(clause);
      } else if (key === arrayPath || key.startsWith(`${arrayPath}.`)) {
        conditions[key] = condition;
      }
    }
  };
  if (query) collect(query);
  const tested = Object.keys(conditions).length > 0 ? new DocumentQuery(withPlainNumbers(conditions) as Document) : undefined;
  const index = tested ? array.findIndex((element) => tested.test(withPlainNumbers(nestedAt(arrayPath, [element])) as Document)) : -1;
  if (index === -1) throw new MongoCommandError('BadValue', 'The positional operator did not find the match needed from the query.');
  return index;
}

function nestedAt(path: string, value: unknown): Document {
  const doc: Document = {};
  setAtPath(doc, path, value);
  return doc;
}

/** The indexes of `array` a positional segment picks; undefined when `$[<id>]` has no array filter (mingo then refuses it). */
function pickedIndexes(input: { array: unknown[]; segment: string; arrayPath: string; positions: Positions }): number[] | undefined {
  const { array, segment } = input;
  if (segment === '$') return [matchedIndex({ array, arrayPath: input.arrayPath, query: input.positions.query })];
  const id = POSITIONAL_SEGMENT.exec(segment)?.[1] ?? '';
  if (id === '') return array.map((_, i) => i);
  const filter: Document = {};
  for (const entry of input.positions.arrayFilters ?? []) {
    for (const [key, condition] of Object.entries(entry)) if (key === id || key.startsWith(`${id}.`)) filter[key] = condition;
  }
  if (Object.keys(filter).length === 0) return undefined;
  const tested = new DocumentQuery(withPlainNumbers(filter) as Document);
  return array.flatMap((element, i) => (tested.test({ [id]: withPlainNumbers(element) }) ? [i] : []));
}

/**
 * Finds the arrays a `$pull` path names, through positional segments as MongoDB walks them: a `$[…]`
 * over a missing path or a value that is not an array is refused with MongoDB's BadValue, an element
 * without the pulled field is skipped, and a pulled field that is not an array is refused. Returns
 * false (changing nothing) when the path crosses an array without a positional or index segment, or a
 * `$[<id>]` has no filter, which mingo then applies or refuses.
 */
function collectTargets(input: { node: unknown; segments: readonly string[]; depth: number; taken: string; positions: Positions; out: PullTarget[] }): boolean {
  const { node, segments, depth, taken } = input;
  const segment = segments[depth] as string;
  const last = depth === segments.length - 1;
  const into = (child: unknown, name: string) => collectTargets({ ...input, node: child, depth: depth + 1, taken: taken === '' ? name : `${taken}.${name}` });
  const target = (holder: Document | unknown[], key: string | number) => {
    const value: unknown = Array.isArray(holder) ? holder[key as number] : Object.hasOwn(holder, key) ? holder[key as string] : undefined;
    if (value === undefined) return true;
    if (!Array.isArray(value)) throw nonArrayPullError();
    input.out.push({ holder, key, array: value });
    return true;
  };
  if (POSITIONAL_SEGMENT.test(segment)) {
    if (!Array.isArray(node)) {
      if (segment === '$') throw new MongoCommandError('BadValue', 'The positional operator did not find the match needed from the query.');
      if (node === undefined) throw new MongoCommandError('BadValue', `The path '${taken}' must exist in the document in order to apply array updates.`);
      throw new MongoCommandError('BadValue', `Cannot apply array updates to non-array element ${describeElement(taken.split('.').pop() as string, node)}`);
    }
    const indexes = pickedIndexes({ array: node, segment, arrayPath: taken, positions: input.positions });
    if (!indexes) return false;
    return indexes.every((i) => (last ? target(node, i) : into(node[i], String(i))));
  }
  if (Array.isArray(node)) {
    if (!INDEX_SEGMENT.test(segment)) return false;
    return last ? target(node, Number(segment)) : into(node[Number(segment)], segment);
  }
  if (!isDocumentNode(node)) {
    // Like MongoDB, $pull creates nothing: a missing field, or one under a scalar, leaves the document
    // as it is, unless a `$[…]` further on needs its array to exist.
    const positional = segments.findIndex((later, i) => i >= depth && POSITIONAL_SEGMENT.test(later) && later !== '$');
    if (positional === -1) return true;
    const missing = [...(taken === '' ? [] : [taken]), ...segments.slice(depth, positional)].join('.');
    throw new MongoCommandError('BadValue', `The path '${missing}' must exist in the document in order to apply array updates.`);
  }
  return last ? target(node, segment) : into(Object.hasOwn(node, segment) ? node[segment] : undefined, segment);
}

/**
 * Applies the `$pull` of an update that the fast path does not cover (operator conditions such as
 * `{ $gte: 5 }`, `$elemMatch`, queries on element fields, positional paths `items.$.tags`,
 * `items.$[].tags`, `items.$[e].tags`) where mingo does not follow MongoDB: a field that exists and is
 * not an array is refused with BadValue (mingo skips it), numbers compare by value across int, double
 * and Long (mingo compares a Long as an object), and positional paths are walked as MongoDB walks them
 * (see collectTargets). Changes `doc`, a working copy, in place and returns whether anything was
 * removed; undefined, changing nothing, when a path crosses an array without a positional or index
 * segment or overlaps another path of the update, which mingo then applies or refuses with its checks.
 * @example pullByQuery({ doc: copy, fields: { tags: { $gte: 5 } }, otherPaths: ['version'] }) // true
 */
export function pullByQuery(input: Positions & { doc: Document; fields: Document; otherPaths: readonly string[] }): boolean | undefined {
  const { doc, fields, ...context } = input;
  const paths = Object.keys(fields);
  const roots = paths.map(arrayRoot);
  const otherRoots = context.otherPaths.map(arrayRoot);
  for (const [i, path] of paths.entries()) {
    if (!path.split('.').every((segment) => PLAIN_SEGMENT.test(segment) || POSITIONAL_SEGMENT.test(segment) || INDEX_SEGMENT.test(segment))) return undefined;
    const root = roots[i] as string;
    if (otherRoots.some((other) => pathsOverlap(root, other)) || roots.some((other, j) => j !== i && pathsOverlap(root, other))) return undefined;
  }
  // Every target is found before any is changed, so that an uncovered one leaves the copy as it was.
  const targets: Array<PullTarget & { removes: (element: unknown) => boolean }> = [];
  for (const path of paths) {
    const found: PullTarget[] = [];
    if (!collectTargets({ node: doc, segments: path.split('.'), depth: 0, taken: '', positions: context, out: found })) return undefined;
    const removes = pullPredicate(fields[path]);
    for (const target of found) targets.push({ ...target, removes });
  }
  let changed = false;
  for (const { holder, key, array, removes } of targets) {
    const kept = array.filter((element) => !removes(element));
    if (kept.length === array.length) continue;
    if (Array.isArray(holder)) holder[key as number] = kept;
    else holder[key as string] = kept;
    changed = true;
  }
  return changed;
}
