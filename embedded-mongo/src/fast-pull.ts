import type { Document, Long } from 'bson';
import { bsonTypeOf } from './bson-order.js';
import { isPlainDocument, PLAIN_SEGMENT } from './document-path.js';
import { MongoCommandError } from './errors.js';

/** A value a pull condition compares, as a Set member: a string, or a number by value (`1`, `1.0` and `Long(1)` alike). */
type LiteralKey = string | number;

/**
 * A `$pull` condition the fast path covers: scalar elements equal to one of `values` (`'a'` or
 * `{ $in: ['a', 'b'] }`), or document elements whose every named field equals one of its `values`
 * (`{ _id: { $in: ['e1', 'e2'] } }`).
 */
export type PullCondition =
  | { kind: 'scalars'; values: ReadonlySet<LiteralKey> }
  | { kind: 'documents'; fields: ReadonlyArray<{ name: string; values: ReadonlySet<LiteralKey> }> };

/** What an element's value is when it cannot equal any string or number. */
const NEVER_EQUAL = Symbol('never equal');

/**
 * The number a BSON number carries (a JS number, Int32, Double, or a Long a double holds exactly), by
 * which MongoDB compares numbers: `1`, `1.0` and `Long(1)` are equal. Undefined for anything else.
 * @example numericValue(Long.fromNumber(3)) // 3
 */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  switch (bsonTypeOf(value)) {
    case 'Long': {
      const number = (value as Long).toNumber();
      return Number.isSafeInteger(number) ? number : undefined;
    }
    case 'Int32':
    case 'Double':
      return Number((value as { valueOf(): unknown }).valueOf());
    default:
      return undefined;
  }
}

/** The Set member of a string or number however BSON carries it; undefined for anything else or a Long a double cannot hold exactly. */
function literalKey(value: unknown): LiteralKey | undefined {
  return typeof value === 'string' ? value : numericValue(value);
}

/**
 * MongoDB's refusal of a `$pull` from a field that exists and is not an array (mingo skips it silently).
 * @example if (!Array.isArray(current)) throw nonArrayPullError()
 */
export function nonArrayPullError(): MongoCommandError {
  return new MongoCommandError('BadValue', 'Cannot apply $pull to a non-array value');
}

function literalSet(values: unknown): Set<LiteralKey> | undefined {
  if (!Array.isArray(values)) return undefined;
  const keys = new Set<LiteralKey>();
  for (const value of values) {
    const key = literalKey(value);
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return keys;
}

/** `{ $in: [literals] }` or a literal; undefined for any other shape. */
function valuesOf(condition: unknown): Set<LiteralKey> | undefined {
  if (!isPlainDocument(condition)) {
    const key = literalKey(condition);
    return key === undefined ? undefined : new Set([key]);
  }
  const operators = Object.keys(condition);
  return operators.length === 1 && operators[0] === '$in' ? literalSet(condition.$in) : undefined;
}

/**
 * Reads a `$pull` condition of a covered shape, with its values in Sets so that matching an element
 * costs one lookup per field. Undefined for every other shape (null, regex, ObjectId, operators other
 * than `$in`, dotted fields, an empty document…), which mingo then applies with its checks.
 * @example compilePullCondition({ _id: { $in: ['e1', 'e2'] } }) // { kind: 'documents', fields: [{ name: '_id', values: Set {'e1', 'e2'} }] }
 */
export function compilePullCondition(condition: unknown): PullCondition | undefined {
  const names = isPlainDocument(condition) ? Object.keys(condition) : [];
  // MongoDB reads a document whose first field is an operator as a condition on the element itself.
  if (names.length === 0 || (names[0] as string).startsWith('$')) {
    const values = valuesOf(condition);
    return values && { kind: 'scalars', values };
  }
  const fields: Array<{ name: string; values: Set<LiteralKey> }> = [];
  for (const name of names) {
    const values = PLAIN_SEGMENT.test(name) ? valuesOf((condition as Document)[name]) : undefined;
    if (!values) return undefined;
    fields.push({ name, values });
  }
  return { kind: 'documents', fields };
}

/**
 * How an element's value compares with literals: its Set member, NEVER_EQUAL (missing, null, booleans,
 * documents, ObjectIds, dates…), or undefined where MongoDB's rule is not plain equality (an array
 * matches when one of its elements does) or the value is a number the Set cannot key exactly.
 */
function comparedKey(value: unknown): LiteralKey | typeof NEVER_EQUAL | undefined {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return undefined;
  switch (bsonTypeOf(value)) {
    case 'Long':
    case 'Int32':
    case 'Double':
      return literalKey(value);
    case 'Decimal128':
      return undefined;
    default:
      return NEVER_EQUAL;
  }
}

/** Whether `$pull` removes this element; undefined when the fast path cannot tell. */
function removes(element: unknown, condition: PullCondition): boolean | undefined {
  if (condition.kind === 'scalars') {
    const key = comparedKey(element);
    return key === undefined ? undefined : key !== NEVER_EQUAL && condition.values.has(key);
  }
  // A document condition is a query on each element that is a document; other elements stay.
  if (!isPlainDocument(element)) return bsonTypeOf(element) === 'DBRef' ? undefined : false;
  for (const field of condition.fields) {
    const key = comparedKey(element[field.name]);
    if (key === undefined) return undefined;
    if (key === NEVER_EQUAL || !field.values.has(key)) return false;
  }
  return true;
}

/**
 * The array without the elements the condition removes: the same array when none is removed, a new
 * one otherwise (the stored array is never changed). Undefined when an element is of a kind the fast
 * path does not judge, such as an array compared with `$in`.
 * @example pullMatching([{ _id: 'e1' }, { _id: 'e2' }], compilePullCondition({ _id: 'e1' })!) // [{ _id: 'e2' }]
 */
export function pullMatching(array: readonly unknown[], condition: PullCondition): readonly unknown[] | undefined {
  let kept: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const removed = removes(array[i], condition);
    if (removed === undefined) return undefined;
    if (removed) kept ??= array.slice(0, i);
    else kept?.push(array[i]);
  }
  return kept ?? array;
}
