import type { Document } from 'bson';
import { update as mingoUpdate, type Modifier } from 'mingo/updater';
import { describe, expect, it } from 'vitest';
import { cloneDocument } from '../src/document-path.js';
import { tryFastUpdate } from '../src/fast-update.js';

// The direct path for $set/$inc/$unset must give exactly what mingo gives, and must leave the
// stored document untouched; each case runs through both.
const STORED: Document = {
  _id: 1,
  version: 3,
  stage: 'lead',
  owner: { name: 'Ana', team: { id: 7 } },
  tags: ['a'],
  amount: 10,
  outbox: [{ _id: 'r1:1:0', event: { type: 'created', at: 5 } }],
};

const CASES: Array<{ name: string; update: Document; fast: boolean }> = [
  { name: 'version-checked stage change', update: { $set: { stage: 'sql' }, $inc: { version: 1 } }, fast: true },
  { name: 'nested set into an existing object', update: { $set: { 'owner.team.id': 8, 'owner.email': 'a@x.test' } }, fast: true },
  { name: 'set creating missing parents', update: { $set: { 'address.city.name': 'Oslo' } }, fast: true },
  { name: 'increment a missing field', update: { $inc: { touches: 2 } }, fast: true },
  { name: 'unset present and missing fields', update: { $unset: { amount: '', 'owner.team': '', 'nope.deeper': '' } }, fast: true },
  { name: 'setting the same value modifies nothing', update: { $set: { stage: 'lead', 'owner.name': 'Ana' } }, fast: true },
  { name: 'setting an equal array of documents modifies nothing', update: { $set: { outbox: [{ _id: 'r1:1:0', event: { type: 'created', at: 5 } }] } }, fast: true },
  { name: 'setting an array with one nested value changed', update: { $set: { outbox: [{ _id: 'r1:1:0', event: { type: 'created', at: 6 } }] } }, fast: true },
  { name: 'setting a longer array', update: { $set: { tags: ['a', 'b'] } }, fast: true },
  { name: 'setting an empty array', update: { $set: { outbox: [] } }, fast: true },
  { name: 'array element by index goes to mingo', update: { $set: { 'tags.0': 'b' } }, fast: false },
  { name: 'positional operator goes to mingo', update: { $set: { 'tags.$': 'b' } }, fast: false },
  { name: 'increment of a non-number goes to mingo', update: { $inc: { stage: 1 } }, fast: false },
  { name: 'other operators go to mingo', update: { $push: { tags: 'b' } }, fast: false },
  { name: 'a path inside an array goes to mingo', update: { $set: { 'tags.x': 1 } }, fast: false },
];

describe('direct $set/$inc/$unset agree with mingo', () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      const stored = cloneDocument(STORED);
      const fast = tryFastUpdate(stored, testCase.update);
      expect(stored).toEqual(STORED);
      if (!testCase.fast) {
        expect(fast).toBeUndefined();
        return;
      }
      const reference = cloneDocument(STORED);
      const changed = mingoUpdate(reference, testCase.update as Modifier<Document>);
      expect(fast?.doc).toEqual(reference);
      expect(fast?.modified).toBe(changed.length > 0);
    });
  }
});

// MongoDB compares documents field by field in order ({ a, b } is not { b, a }); mingo ignores order.
it('setting an object with its fields in another order modifies it, as in MongoDB', () => {
  const fast = tryFastUpdate(cloneDocument(STORED), { $set: { owner: { team: { id: 7 }, name: 'Ana' } } });
  expect(fast?.modified).toBe(true);
  expect(Object.keys(fast?.doc.owner as Document)).toEqual(['team', 'name']);
});
