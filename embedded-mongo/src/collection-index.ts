import BTreeModule from 'sorted-btree';
import BulkLoadModule from 'sorted-btree/extended/bulkLoad.js';
import type { Document } from 'bson';
import { bsonTypeRank, compareBsonValues, HIGHEST, IndexBound, LOWEST } from './bson-order.js';
import { canonicalKey } from './canonical-key.js';
import { indexValuesAtPath, isPlainDocument, namesInheritedField } from './document-path.js';
import { DocumentQuery } from './document-query.js';

/** An index as `createIndexes` receives it and `listIndexes` returns it. */
export type IndexSpec = {
  v?: number;
  key: Record<string, number | string>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  [option: string]: unknown;
};

// sorted-btree is CommonJS with `exports.default`; under Node's ESM loader that is `.default` of the module.
const BTree = ((BTreeModule as unknown as { default?: typeof BTreeModule }).default ?? BTreeModule) as typeof BTreeModule;
const { bulkLoad } = ((BulkLoadModule as unknown as { default?: typeof BulkLoadModule }).default ?? BulkLoadModule) as typeof BulkLoadModule;

/** One entry of the ordered structure: the indexed values, then the document's `_id` key. */
type IndexKey = unknown[];

/** The bounds of one ordered scan. */
export type IndexRange = { low: IndexKey; high: IndexKey };

/** The index keys one document contributes. */
export type DocumentIndexKeys = { keys: IndexKey[]; uniqueKeys: string[] };

const NO_KEYS: DocumentIndexKeys = { keys: [], uniqueKeys: [] };

/**
 * A secondary index: an ordered B+ tree for equality and range scans, and for unique indexes a
 * hash map from key to `_id` so that uniqueness is checked in O(1) per write.
 * @example new CollectionIndex({ key: { email: 1 }, name: 'email_1', unique: true })
 */
export class CollectionIndex {
  readonly fields: string[];
  private readonly fieldParts: string[][];
  readonly directions: number[];
  private tree: BTreeModule<IndexKey, true>;
  private readonly compare: (a: IndexKey, b: IndexKey) => number;
  private readonly owners = new Map<string, string>();
  private readonly partialFilter: DocumentQuery | undefined;
  /** The top-level fields the index reads (its keys' first segments). */
  private readonly rootFields: string[];
  /** Whether a field path has a segment objects inherit (`valueOf`), read as an own field only. */
  private readonly namesInheritedField: boolean;
  /** Set once any document put an array under an indexed field. */
  multikey = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.fieldParts = this.fields.map((field) => field.split('.'));
    this.rootFields = [...new Set(this.fieldParts.map((parts) => parts[0] as string))];
    this.namesInheritedField = this.fields.some(namesInheritedField);
    this.directions = this.fields.map((field) => (spec.key[field] === -1 ? -1 : 1));
    this.partialFilter = spec.partialFilterExpression ? new DocumentQuery(spec.partialFilterExpression) : undefined;
    const directions = this.directions;
    this.compare = (a, b) => {
      for (let i = 0; i < a.length; i++) {
        const x = a[i];
        const y = b[i];
        // The same value (the tenant, a workflow, the null of a field most records lack): equal whatever its type, with
        // no look at its BSON type (compareBsonValues would rank two nulls before telling they are equal).
        if (x === y) continue;
        if (x === LOWEST || x === HIGHEST || y === LOWEST || y === HIGHEST) return x === LOWEST || y === HIGHEST ? -1 : 1;
        const order =
          typeof x === 'number' && typeof y === 'number'
            ? x - y
            : typeof x === 'string' && typeof y === 'string'
              ? x < y
                ? -1
                : x > y
                  ? 1
                  : 0
              : compareBsonValues(x, y);
        if (order !== 0) return i < directions.length ? order * (directions[i] as number) : order;
      }
      return 0;
    };
    this.tree = new BTree<IndexKey, true>(undefined, this.compare);
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Whether a query may use this index: it holds every document (not sparse or partial). */
  get coversAllDocuments(): boolean {
    return this.spec.sparse !== true && this.partialFilter === undefined;
  }

  /**
   * Whether a replacement cannot change this index's entries: every field it reads is the very same
   * value in both versions (stored documents are immutable and an update shares what it did not touch).
   */
  untouchedBy(previous: Document, next: Document): boolean {
    if (this.partialFilter) return false;
    for (const field of this.rootFields) if (previous[field] !== next[field]) return false;
    return true;
  }

  /** The keys a document would have in this index. */
  keysOf(doc: Document, idKey: string): DocumentIndexKeys {
    if (this.partialFilter && !this.partialFilter.test(doc)) return NO_KEYS;
    const direct = this.directKey(doc, idKey);
    if (direct === NO_KEYS || direct !== undefined) return direct;
    const perField = this.fields.map((field) => indexValuesAtPath(doc, field));
    if (this.spec.sparse && perField.every((values) => values.length === 1 && values[0] === undefined)) return NO_KEYS;
    if (perField.some((values) => values.length > 1)) this.multikey = true;
    let tuples: unknown[][] = [[]];
    for (const values of perField) tuples = tuples.flatMap((tuple) => values.map((value) => [...tuple, value ?? null]));
    const seen = new Set<string>();
    const keys: IndexKey[] = [];
    const uniqueKeys: string[] = [];
    for (const tuple of tuples) {
      const unique = canonicalKey(tuple);
      if (seen.has(unique)) continue;
      seen.add(unique);
      keys.push([...tuple, idKey]);
      uniqueKeys.push(unique);
    }
    return { keys, uniqueKeys };
  }

  /**
   * The single key of a document whose indexed paths run through plain objects to non-array values
   * (the usual case, built without intermediate arrays); undefined when an array is on the way.
   */
  private directKey(doc: Document, idKey: string): DocumentIndexKeys | undefined {
    const width = this.fieldParts.length;
    const key: unknown[] = new Array(width + 1);
    let present = 0;
    for (let i = 0; i < width; i++) {
      const parts = this.fieldParts[i] as string[];
      let value: unknown = doc;
      for (let p = 0; p < parts.length && value !== undefined; p++) {
        if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainDocument(value)) {
          if (Array.isArray(value)) return undefined;
          value = undefined;
          break;
        }
        const part = parts[p] as string;
        // Own fields only where a name is one objects inherit (`valueOf`): a document lacks it until set.
        value = this.namesInheritedField && !Object.hasOwn(value, part) ? undefined : (value as Document)[part];
      }
      if (Array.isArray(value)) return undefined;
      if (value !== undefined) present += 1;
      key[i] = value ?? null;
    }
    if (this.spec.sparse && present === 0) return NO_KEYS;
    key[width] = idKey;
    return { keys: [key], uniqueKeys: this.unique ? [canonicalKey(key.slice(0, width))] : [] };
  }

  /** Whether two documents have the same entries here (then a replace need not touch this index). */
  sameKeys(a: DocumentIndexKeys, b: DocumentIndexKeys): boolean {
    if (a.keys.length !== b.keys.length) return false;
    for (let i = 0; i < a.keys.length; i++) if (this.compare(a.keys[i] as IndexKey, b.keys[i] as IndexKey) !== 0) return false;
    return true;
  }

  /** The `_id` key of another document already holding one of these keys, if any, with the values. */
  conflictFor(keys: DocumentIndexKeys, idKey: string): { ownerIdKey: string; values: unknown[] } | undefined {
    if (!this.unique) return undefined;
    for (let i = 0; i < keys.uniqueKeys.length; i++) {
      const owner = this.owners.get(keys.uniqueKeys[i] as string);
      if (owner !== undefined && owner !== idKey) return { ownerIdKey: owner, values: (keys.keys[i] as unknown[]).slice(0, -1) };
    }
    return undefined;
  }

  add(keys: DocumentIndexKeys, idKey: string): void {
    for (const key of keys.keys) this.tree.set(key, true);
    if (this.unique) for (const unique of keys.uniqueKeys) this.owners.set(unique, idKey);
  }

  remove(keys: DocumentIndexKeys): void {
    for (const key of keys.keys) this.tree.delete(key);
    if (this.unique) for (const unique of keys.uniqueKeys) this.owners.delete(unique);
  }

  /**
   * Replaces every entry by the keys of `docs` (`_id` key → document): sorted once and loaded into a new tree in
   * bulk, which costs a sort instead of a descent and a node split per key (recovery builds each index this way).
   */
  rebuild(docs: ReadonlyMap<string, Document>): void {
    const keys: IndexKey[] = [];
    this.owners.clear();
    for (const [idKey, doc] of docs) {
      const ofDoc = this.keysOf(doc, idKey);
      for (const key of ofDoc.keys) keys.push(key);
      if (this.unique) for (const unique of ofDoc.uniqueKeys) this.owners.set(unique, idKey);
    }
    keys.sort(this.compare);
    this.tree = bulkLoad(keys, new Array<true>(keys.length).fill(true), this.tree.maxNodeSize, this.compare);
  }

  /** Number of entries (for explain). */
  get size(): number {
    return this.tree.size;
  }

  /**
   * Bounds for equality on the first `equal.length` fields, then optionally a range on the next one.
   */
  rangeFor(equal: unknown[], range?: { lower?: Bound; upper?: Bound }): IndexRange {
    const width = this.fields.length + 1;
    const low: unknown[] = [...equal];
    const high: unknown[] = [...equal];
    if (range) {
      const direction = this.directions[equal.length] ?? 1;
      const [first, last] = direction === 1 ? [range.lower, range.upper] : [range.upper, range.lower];
      pushBound({ target: low, bound: first, end: 'low', range, direction });
      pushBound({ target: high, bound: last, end: 'high', range, direction });
    }
    while (low.length < width) low.push(LOWEST);
    while (high.length < width) high.push(HIGHEST);
    return { low, high };
  }

  /** The `_id` keys in a range, in index order (or the reverse). */
  *scan(range: IndexRange, reverse = false): Generator<string> {
    if (reverse) {
      for (const [key] of this.tree.entriesReversed(range.high)) {
        if (this.compare(key, range.low) < 0) return;
        yield key[key.length - 1] as string;
      }
      return;
    }
    for (const [key] of this.tree.entries(range.low)) {
      if (this.compare(key, range.high) > 0) return;
      yield key[key.length - 1] as string;
    }
  }
}

/** One end of a range: the value and whether it is included. */
export type Bound = { value: unknown; inclusive: boolean };

function pushBound(input: {
  target: unknown[];
  bound: Bound | undefined;
  end: 'low' | 'high';
  range: { lower?: Bound; upper?: Bound };
  direction: number;
}): void {
  const { target, bound, end, range, direction } = input;
  if (bound) {
    target.push(bound.value);
    // Past the bound value when it is excluded from the low end or included at the high end.
    target.push((end === 'low') !== bound.inclusive ? HIGHEST : LOWEST);
    return;
  }
  // No bound on this side: stay within the type of the other bound (MongoDB's type bracketing).
  const other = range.lower ?? range.upper;
  if (!other) {
    target.push(end === 'low' ? LOWEST : HIGHEST);
    return;
  }
  const side = end === 'low' ? -direction : direction;
  target.push(new IndexBound(bsonTypeRank(other.value), side as -1 | 1));
}
