import type { Document } from 'bson';
import { bsonTypeOf } from './bson-order.js';
import { canonicalKey, hasExactCanonicalKey } from './canonical-key.js';
import type { Collection } from './collection.js';
import type { Bound, CollectionIndex, IndexRange } from './collection-index.js';
import { isPlainDocument } from './document-path.js';

/** How a query finds its candidate documents; every candidate is still checked against the filter. */
export type QueryPlan =
  /** `residual`: what of the filter a found document must still pass (without the `_id` clause only when the lookup answers it exactly: see `idResidual`). */
  | { kind: 'idLookup'; ids: unknown[]; residual: Document }
  /** `ordered`: the scan yields documents in the requested sort order (reversed if 'reverse'). */
  | { kind: 'indexScan'; index: CollectionIndex; ranges: IndexRange[]; ordered?: 'forward' | 'reverse' }
  | { kind: 'collectionScan' };

/**
 * `oneElement`: both bounds hold for one same array element (an `$elemMatch`), so a multikey index may take them.
 * `clause`: the filter document the field's condition is in (the filter, or a clause of an `$and`).
 */
type FieldConstraint = { equal?: unknown[]; lower?: Bound; upper?: Bound; oneElement?: true; clause?: Document };

/** `$in` lists longer than this are not expanded into index scans. */
const MAX_EQUALITY_SCANS = 1_000;

function isIndexableScalar(value: unknown): boolean {
  if (value === null || value === undefined || Array.isArray(value) || value instanceof RegExp) return false;
  if (typeof value !== 'object') return true;
  if (value instanceof Date) return true;
  const tag = bsonTypeOf(value);
  return tag !== undefined && tag !== 'BSONRegExp' && tag !== 'MinKey' && tag !== 'MaxKey';
}

function constraintOf(condition: unknown): FieldConstraint | undefined {
  if (isIndexableScalar(condition)) return { equal: [condition] };
  if (!isPlainDocument(condition)) return undefined;
  const operators = Object.keys(condition);
  if (operators.length === 0 || !operators.every((key) => key.startsWith('$'))) return undefined;
  if (operators.length === 1 && isPlainDocument(condition.$elemMatch)) return elementConstraint(condition.$elemMatch);
  const constraint: FieldConstraint = {};
  if ('$eq' in condition && isIndexableScalar(condition.$eq)) constraint.equal = [condition.$eq];
  else if (Array.isArray(condition.$in) && condition.$in.length > 0 && condition.$in.every(isIndexableScalar)) constraint.equal = condition.$in;
  // Every document `$all` finds holds its first value, so that value bounds the scan (the filter checks the rest).
  else if (Array.isArray(condition.$all) && isIndexableScalar(condition.$all[0])) constraint.equal = [condition.$all[0]];
  for (const [operator, inclusive, side] of [
    ['$gt', false, 'lower'],
    ['$gte', true, 'lower'],
    ['$lt', false, 'upper'],
    ['$lte', true, 'upper'],
  ] as const) {
    if (operator in condition && isIndexableScalar(condition[operator])) constraint[side] = { value: condition[operator], inclusive };
  }
  return constraint.equal || constraint.lower || constraint.upper ? constraint : undefined;
}

/**
 * The bounds of an `$elemMatch` on an array of scalars (`{ $gte: 'w:ann', $lt: 'w:ano' }`): one element meets them
 * all, so unlike a bare range they may bound a multikey index from both sides. Anything but comparisons: none.
 * @example elementConstraint({ $gte: 'w:ann', $lt: 'w:ano' }) // → { lower: …, upper: …, oneElement: true }
 */
function elementConstraint(condition: Document): FieldConstraint | undefined {
  const comparisons = ['$eq', '$gt', '$gte', '$lt', '$lte'];
  if (!Object.keys(condition).every((operator) => comparisons.includes(operator))) return undefined;
  const bounds = constraintOf(condition);
  return bounds ? { ...bounds, oneElement: true } : undefined;
}

/** Field constraints of a filter's top level (and of a top-level `$and`). */
function constraintsOf(filter: Document, into = new Map<string, FieldConstraint>()): Map<string, FieldConstraint> {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainDocument(clause)) constraintsOf(clause, into);
      continue;
    }
    if (field.startsWith('$')) continue;
    const constraint = constraintOf(condition);
    if (constraint && !into.has(field)) into.set(field, { ...constraint, clause: filter });
  }
  return into;
}

function cartesian(lists: readonly unknown[][]): unknown[][] {
  let tuples: unknown[][] = [[]];
  for (const list of lists) tuples = tuples.flatMap((tuple) => list.map((value) => [...tuple, value]));
  return tuples;
}

/**
 * Whether walking `index` after `equalFields` equality fields gives `sort`'s order: the sort names
 * the next index fields in order, all in the index's directions or all reversed.
 */
function sortOrder(index: CollectionIndex, equalFields: number, sort: Document | undefined): 'forward' | 'reverse' | undefined {
  if (!sort || index.multikey) return undefined;
  const sortFields = Object.entries(sort);
  if (sortFields.length === 0 || equalFields + sortFields.length > index.fields.length) return undefined;
  let order: 'forward' | 'reverse' | undefined;
  for (let i = 0; i < sortFields.length; i++) {
    const [field, direction] = sortFields[i] as [string, unknown];
    if (index.fields[equalFields + i] !== field || (direction !== 1 && direction !== -1)) return undefined;
    const here = direction === index.directions[equalFields + i] ? 'forward' : 'reverse';
    if (order && order !== here) return undefined;
    order = here;
  }
  return order;
}

/**
 * Picks the cheapest way to find candidates: `_id` lookups, a scan of the secondary index with the
 * longest equality prefix (then one range field), or a collection scan. When a sort is given and an
 * index yields that order, the scan is marked `ordered` so a limit can stop it early.
 * @example const plan = planQuery(collection, { tenantId: 't1', dueAt: { $lte: now } })
 */
export function planQuery(collection: Collection, filter: Document, sort?: Document): QueryPlan {
  const constraints = constraintsOf(filter);
  const id = constraints.get('_id');
  if (id?.equal) return { kind: 'idLookup', ids: id.equal, residual: idResidual(filter, id.clause ?? filter, id.equal) };
  let best: { score: number; index: CollectionIndex; equal: unknown[][]; range?: FieldConstraint } | undefined;
  for (const index of collection.indexes.values()) {
    if (!index.coversAllDocuments || index.spec.collation) continue;
    const equal: unknown[][] = [];
    let range: FieldConstraint | undefined;
    for (const field of index.fields) {
      const constraint = constraints.get(field);
      if (constraint?.equal) {
        equal.push(constraint.equal);
        continue;
      }
      // A bare range over a multikey index may hold through two elements (one above, one below): leave it to the filter.
      if (constraint && (!index.multikey || constraint.oneElement)) range = constraint;
      break;
    }
    const scans = equal.reduce((product, values) => product * values.length, 1);
    const ordered = scans === 1 && sortOrder(index, equal.length, sort) !== undefined;
    const score = equal.length * 2 + (range ? 1 : 0) + (ordered ? 0.5 : 0);
    if (score === 0 || scans > MAX_EQUALITY_SCANS) continue;
    if (!best || score > best.score || (score === best.score && index.unique && !best.index.unique)) {
      best = { score, index, equal, ...(range ? { range } : {}) };
    }
  }
  if (!best) return orderedFullScan(collection, sort) ?? { kind: 'collectionScan' };
  const { index, equal, range } = best;
  const ranges = cartesian(equal).map((prefix) => index.rangeFor(prefix, range ? { lower: range.lower, upper: range.upper } : undefined));
  const ordered = ranges.length === 1 ? sortOrder(index, equal.length, sort) : undefined;
  return { kind: 'indexScan', index, ranges, ...(ordered ? { ordered } : {}) };
}

/**
 * The filter without the `_id` condition the lookup came from when the lookup answers it exactly: that condition
 * (in the filter itself or in a clause of its top-level `$and`) is an equality or an `$in`, and every id is one
 * `canonicalKey` tells apart exactly (`hasExactCanonicalKey`; the found document's own `_id` must be too, which
 * selectDocuments checks). Other conditions on `_id` stay. Otherwise the whole filter, so each found document is
 * tested as before. Testing a long `$in` again on every found document is quadratic.
 * @example idResidual({ tenantId: 't1', $and: [{ _id: { $in: ids } }] }, clause, ids) // → { tenantId: 't1' }
 */
function idResidual(filter: Document, clause: Document, ids: unknown[]): Document {
  const condition: unknown = clause._id;
  const onlyEquality = isPlainDocument(condition) && Object.keys(condition).length === 1 && ('$in' in condition || '$eq' in condition);
  if (!isIndexableScalar(condition) && !(onlyEquality && constraintOf(condition)?.equal !== undefined)) return filter;
  if (!ids.every(hasExactCanonicalKey)) return filter;
  const { _id: _met, ...rest } = clause;
  if (clause === filter) return rest;
  const clauses = filter.$and;
  if (!Array.isArray(clauses) || !clauses.includes(clause)) return filter;
  const others = clauses.filter((other) => other !== clause);
  if (Object.keys(rest).length > 0) others.push(rest);
  const { $and: _all, ...outside } = filter;
  return others.length > 0 ? { ...outside, $and: others } : outside;
}

/** With no usable filter field, an index whose order is the sort's still spares sorting everything. */
function orderedFullScan(collection: Collection, sort: Document | undefined): QueryPlan | undefined {
  for (const index of collection.indexes.values()) {
    if (!index.coversAllDocuments || index.spec.collation) continue;
    const ordered = sortOrder(index, 0, sort);
    if (ordered) return { kind: 'indexScan', index, ranges: [index.rangeFor([])], ordered };
  }
  return undefined;
}

/**
 * The candidate documents of a plan, each once.
 * @example for (const doc of candidates(collection, plan)) …
 */
export function* candidates(collection: Collection, plan: QueryPlan): Generator<Document> {
  switch (plan.kind) {
    case 'idLookup': {
      const seen = new Set<string>();
      for (const id of plan.ids) {
        const key = canonicalKey(id);
        if (seen.has(key)) continue;
        seen.add(key);
        const doc = collection.docs.get(key);
        if (doc) yield doc;
      }
      return;
    }
    case 'indexScan': {
      const seen = plan.ranges.length > 1 || plan.index.multikey ? new Set<string>() : undefined;
      for (const range of plan.ranges) {
        for (const idKey of plan.index.scan(range, plan.ordered === 'reverse')) {
          if (seen) {
            if (seen.has(idKey)) continue;
            seen.add(idKey);
          }
          const doc = collection.docs.get(idKey);
          if (doc) yield doc;
        }
      }
      return;
    }
    case 'collectionScan':
      yield* collection.docs.values();
      return;
    default: {
      const unknown: never = plan;
      throw new Error(`unknown plan ${JSON.stringify(unknown)}`);
    }
  }
}
