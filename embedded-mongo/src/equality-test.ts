import type { Document } from 'bson';

/** How a document is tested against a filter of plain equalities: true, false, or 'unsure' (ask mingo). */
export type EqualityTest = (doc: Document) => boolean | 'unsure';

type Answer = boolean | 'unsure';

/** A path segment MongoDB may read as an array index: digits, without a leading zero. */
const INDEX = /^(?:0|[1-9]\d{0,8})$/;

/** A plain scalar a direct test compares with `===`: a string, a boolean or a number that is not NaN. */
function isPlainScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'number' ? !Number.isNaN(value) : typeof value === 'string' || typeof value === 'boolean';
}

/** The document's own field (a name such as `constructor` is not read from the prototype). */
function ownField(doc: Document, field: string): unknown {
  return Object.hasOwn(doc, field) ? doc[field] : undefined;
}

/**
 * `field: value` for a plain scalar: the stored value is it, or an array holding it as an element. A stored object (a
 * Long, a nested array, a document…) may be equal by MongoDB's numeric or type rules: 'unsure'.
 */
function equalityTest(field: string, value: string | number | boolean): EqualityTest {
  return (doc) => {
    const stored = ownField(doc, field);
    if (stored === value) return true;
    if (!Array.isArray(stored)) return typeof stored === 'object' && stored !== null ? 'unsure' : false;
    let answer: Answer = false;
    for (const element of stored) {
      if (element === value) return true;
      if (typeof element === 'object' && element !== null) answer = 'unsure';
    }
    return answer;
  };
}

/**
 * `field: { $exists: wanted }` or `'field.<index>': { $exists: wanted }`. A field exists when the document has it (null
 * counts); `field.<n>` exists when the field is an array of more than n elements. Anything that could hold the path in
 * another way (a document, or an array with a document among its elements, which MongoDB searches for a field named
 * `<n>`), or a stored `undefined`, is 'unsure'.
 */
function existsTest(field: string, index: number | undefined, wanted: boolean): EqualityTest {
  const answer = (exists: Answer): Answer => (exists === 'unsure' ? exists : exists === wanted);
  return (doc) => {
    if (!Object.hasOwn(doc, field)) return answer(false);
    const stored: unknown = doc[field];
    if (stored === undefined) return 'unsure';
    if (index === undefined) return answer(true);
    if (typeof stored !== 'object' || stored === null) return answer(false);
    if (!Array.isArray(stored)) return 'unsure';
    if (index < stored.length) return stored[index] === undefined ? 'unsure' : answer(true);
    for (const element of stored) if (typeof element === 'object' && element !== null) return 'unsure';
    return answer(false);
  };
}

/** The direct test of one `path: condition` entry of a filter, or undefined when it has another shape. */
function entryTest(path: string, condition: unknown): EqualityTest | undefined {
  if (path === '$or') return orTest(condition);
  if (path.startsWith('$')) return undefined;
  const segments = path.split('.');
  const [field, index] = segments;
  if (field === undefined || field === '' || field.startsWith('$') || segments.length > 2) return undefined;
  if (segments.length === 1 && isPlainScalar(condition)) return equalityTest(field, condition);
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return undefined;
  const operators = Object.keys(condition);
  const wanted: unknown = (condition as Document).$exists;
  if (operators.length !== 1 || typeof wanted !== 'boolean') return undefined;
  if (index !== undefined && !INDEX.test(index)) return undefined;
  return existsTest(field, index === undefined ? undefined : Number(index), wanted);
}

/** `$or` of clauses each with a direct test: true when one is true, false when all are false, else 'unsure'. */
function orTest(clauses: unknown): EqualityTest | undefined {
  if (!Array.isArray(clauses) || clauses.length === 0) return undefined;
  const tests: EqualityTest[] = [];
  for (const clause of clauses) {
    const test = typeof clause === 'object' && clause !== null && !Array.isArray(clause) ? plainEqualityTest(clause as Document) : undefined;
    if (!test) return undefined;
    tests.push(test);
  }
  return combined(tests, true);
}

/**
 * Tests that answer as one: `decisive` (true for an `$or`, false for the clauses of a filter) as soon as one answers
 * it; else 'unsure' if one was unsure, else the other answer.
 */
function combined(tests: readonly EqualityTest[], decisive: boolean): EqualityTest {
  return (doc) => {
    let answer: Answer = !decisive;
    for (const test of tests) {
      const one = test(doc);
      if (one === decisive) return decisive;
      if (one === 'unsure') answer = 'unsure';
    }
    return answer;
  };
}

/**
 * A direct test for filters made only of top-level `field: string | number | boolean` equalities (the
 * version-checked write's `{ tenantId, version }`), `$exists` of a field or of an array index (`'records.999': {
 * $exists: false }`) and `$or` of such clauses (the capacity take's "holds this record or has a free place"), so the
 * hot path builds no mingo query per statement. A stored value that may match by MongoDB's array, document or
 * numeric-type rules (a Long, a document, an array with one among its elements…) answers 'unsure', and mingo then
 * decides. Undefined when the filter has any other shape.
 * @example plainEqualityTest({ tenantId: 't1', version: 3 })?.({ tenantId: 't1', version: 3 }) // → true
 */
export function plainEqualityTest(filter: Document): EqualityTest | undefined {
  const tests: EqualityTest[] = [];
  for (const [path, condition] of Object.entries(filter)) {
    const test = entryTest(path, condition);
    if (!test) return undefined;
    tests.push(test);
  }
  return combined(tests, false);
}
