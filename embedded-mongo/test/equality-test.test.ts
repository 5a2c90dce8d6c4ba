import { Long, type Document } from 'bson';
import { Query } from 'mingo/query';
import { describe, expect, it } from 'vitest';
import { plainEqualityTest } from '../src/equality-test.js';
import { preparedQueryOptions } from '../src/query-options.js';

// The direct test of plain equalities must agree with mingo whenever it answers; it hands arrays,
// Longs and other objects to mingo ('unsure').
const FILTERS: Document[] = [{ tenantId: 't1', version: 3 }, { stage: 'lead' }, { done: false }, { version: 0 }, {}];
const DOCS: Document[] = [
  { tenantId: 't1', version: 3, stage: 'lead', done: false },
  { tenantId: 't2', version: 3, stage: 'sql', done: true },
  { tenantId: 't1', version: 4 },
  { version: -0, stage: ['lead', 'mql'] },
  { tenantId: 't1', version: Long.fromNumber(3), done: 0 },
  { tenantId: null, version: '3' },
];

/** The direct test exists for `filter`, and wherever it is sure of `docs` it answers as mingo does. */
function expectAgreement(filter: Document, docs: readonly Document[]): void {
  const direct = plainEqualityTest(filter);
  expect(direct).toBeDefined();
  const query = new Query(filter, preparedQueryOptions);
  for (const doc of docs) {
    const answer = direct?.(doc);
    if (answer !== 'unsure') expect(answer, JSON.stringify(doc)).toBe(query.test(doc));
  }
}

describe('plain equality test agrees with mingo', () => {
  for (const filter of FILTERS) it(JSON.stringify(filter), () => expectAgreement(filter, DOCS));

  it('answers an array of scalars under a filtered field, and leaves one holding objects to mingo', () => {
    expect(plainEqualityTest({ stage: 'lead' })?.({ stage: ['lead', 'mql'] })).toBe(true);
    expect(plainEqualityTest({ stage: 'won' })?.({ stage: ['lead', 'mql'] })).toBe(false);
    expect(plainEqualityTest({ stage: 'won' })?.({ stage: ['lead', { a: 1 }] })).toBe('unsure');
  });

  it('takes no filter with other operators, other dotted paths, null, NaN or an empty $or', () => {
    const others: Document[] = [
      { version: { $gt: 1 } },
      { 'a.b': 1 },
      { 'a.b': { $exists: true } },
      { 'a.01': { $exists: true } },
      { 'a.1.2': { $exists: true } },
      { a: { $exists: 1 } },
      { a: { $exists: true, $eq: 1 } },
      { a: null },
      { a: Number.NaN },
      { $or: [] },
      { $or: [{ a: { $lte: 1 } }] },
      { $and: [{ a: 1 }] },
      { a: { b: 1 } },
    ];
    for (const filter of others) expect(plainEqualityTest(filter)).toBeUndefined();
  });
});

// The capacity take's filter (owner-capacity.ts): the person's document holds the record, or has no place at the
// maximum's index. Every document shape must get mingo's answer, or 'unsure'.
describe('the capacity take filter agrees with mingo', () => {
  const places = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);
  const TAKES: Document[] = [
    { tenantId: 't1', $or: [{ records: 'r1' }, { 'records.2': { $exists: false } }] },
    { tenantId: 't1', $or: [{ records: 'new' }, { 'records.2': { $exists: false } }] },
    { tenantId: 't1', $or: [{ records: 'new' }, { 'records.0': { $exists: true } }] },
    { $or: [{ records: 'r0' }, { records: { $exists: false } }] },
    { records: { $exists: true } },
  ];
  const SHAPES: Document[] = [
    { tenantId: 't1', records: places(0) },
    { tenantId: 't1', records: places(2) },
    { tenantId: 't1', records: places(3) },
    { tenantId: 't1', records: places(5) },
    { tenantId: 't2', records: places(1) },
    { tenantId: 't1' },
    { tenantId: 't1', records: null },
    { tenantId: 't1', records: 'r1' },
    { tenantId: 't1', records: { 2: 'x' } },
    { tenantId: 't1', records: ['r0', { 2: 'x' }] },
    { tenantId: 't1', records: ['r0', ['r1']] },
    { tenantId: 't1', records: [null, null, null] },
    { tenantId: 't1', records: [1, true, 'new'] },
    { tenantId: 't1', records: [Long.fromNumber(1)] },
  ];
  for (const filter of TAKES) it(JSON.stringify(filter), () => expectAgreement(filter, SHAPES));

  it('answers the documents a take meets without mingo', () => {
    const take = plainEqualityTest({ tenantId: 't1', $or: [{ records: 'r1' }, { 'records.2': { $exists: false } }] });
    expect(take?.({ tenantId: 't1', records: places(5) })).toBe(true);
    expect(take?.({ tenantId: 't1', records: ['a', 'b', 'c'] })).toBe(false);
    expect(take?.({ tenantId: 't1', records: ['a'] })).toBe(true);
    expect(take?.({ tenantId: 't2', records: ['a'] })).toBe(false);
    expect(take?.({ tenantId: 't1', records: ['a', 'b', { 2: 1 }] })).toBe('unsure');
  });
});
