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

describe('plain equality test agrees with mingo', () => {
  for (const filter of FILTERS) {
    it(JSON.stringify(filter), () => {
      const direct = plainEqualityTest(filter);
      expect(direct).toBeDefined();
      const query = new Query(filter, preparedQueryOptions);
      for (const doc of DOCS) {
        const answer = direct?.(doc);
        if (answer !== 'unsure') expect(answer).toBe(query.test(doc));
      }
    });
  }

  it('leaves an array under a filtered field to mingo', () => {
    expect(plainEqualityTest({ stage: 'lead' })?.({ stage: ['lead', 'mql'] })).toBe('unsure');
  });

  it('takes no filter with operators, dotted paths, null or NaN', () => {
    for (const filter of [{ version: { $gt: 1 } }, { 'a.b': 1 }, { a: null }, { a: Number.NaN }, { $or: [{ a: 1 }] }, { a: { b: 1 } }]) {
      expect(plainEqualityTest(filter)).toBeUndefined();
    }
  });
});
