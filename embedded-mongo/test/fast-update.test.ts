import { Double, Long, type Document } from 'bson';
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

type AgreementCase = { name: string; update: Document; fast: boolean };

const CASES: AgreementCase[] = [
  { name: 'version-checked stage change', update: { $set: { stage: 'sql' }, $inc: { version: 1 } }, fast: true },
  { name: 'nested set into an existing object', update: { $set: { 'owner.team.id': 8, 'owner.email': 'a@x.test' } }, fast: true },
  { name: 'set creating missing parents', update: { $set: { 'address.city.name': 'Oslo' } }, fast: true },
  { name: 'increment a missing field', update: { $inc: { touches: 2 } }, fast: true },
  { name: 'unset present and missing fields', update: { $unset: { amount: '', 'owner.team': '', 'nope.deeper': '' } }, fast: true },
  { name: 'setting the same value modifies nothing', update: { $set: { stage: 'lead', 'owner.name': 'Ana' } }, fast: true },
  {
    name: 'setting an equal array of documents modifies nothing',
    update: { $set: { outbox: [{ _id: 'r1:1:0', event: { type: 'created', at: 5 } }] } },
    fast: true,
  },
  { name: 'setting an array with one nested value changed', update: { $set: { outbox: [{ _id: 'r1:1:0', event: { type: 'created', at: 6 } }] } }, fast: true },
  { name: 'setting a longer array', update: { $set: { tags: ['a', 'b'] } }, fast: true },
  { name: 'setting an empty array', update: { $set: { outbox: [] } }, fast: true },
  { name: 'array element by index goes to mingo', update: { $set: { 'tags.0': 'b' } }, fast: false },
  { name: 'positional operator goes to mingo', update: { $set: { 'tags.$': 'b' } }, fast: false },
  { name: 'increment of a non-number goes to mingo', update: { $inc: { stage: 1 } }, fast: false },
  { name: 'other operators go to mingo', update: { $push: { tags: 'b' } }, fast: false },
  { name: 'a path inside an array goes to mingo', update: { $set: { 'tags.x': 1 } }, fast: false },
  // A capacity place: a record id added to a person's places, its version the highest seen (owner-capacity.ts).
  { name: 'add a new string to a set', update: { $addToSet: { tags: 'b' }, $max: { 'versions.r1': 3 } }, fast: true },
  // Record ids are ObjectIds in hex, which start with a digit: a field name, not an array index.
  { name: 'a max under a name that starts with a digit', update: { $addToSet: { tags: 'b' }, $max: { 'versions.6b17f3a2c1d0e9f8a7b6c5d4': 3 } }, fast: true },
  { name: 'a set of a name of digits only goes to mingo', update: { $set: { 'owner.7': 1 } }, fast: false },
  { name: 'adding a string the set holds modifies nothing', update: { $addToSet: { tags: 'a' } }, fast: true },
  { name: 'add to a missing set creates it', update: { $addToSet: { places: 'r9' } }, fast: true },
  { name: 'a max over a lower number', update: { $max: { amount: 12 } }, fast: true },
  { name: 'a max under the number held modifies nothing', update: { $max: { amount: 8, version: 3 } }, fast: true },
  { name: 'a max of a missing field sets it', update: { $max: { 'owner.rank': 2 } }, fast: true },
  { name: 'adding a number to a set goes to mingo', update: { $addToSet: { tags: 1 } }, fast: false },
  { name: 'adding with $each goes to mingo', update: { $addToSet: { tags: { $each: ['b', 'c'] } } }, fast: false },
  { name: 'adding to a field that is no array goes to mingo', update: { $addToSet: { stage: 'x' } }, fast: false },
  { name: 'a max over a string goes to mingo', update: { $max: { stage: 3 } }, fast: false },
  { name: 'a max of a string goes to mingo', update: { $max: { amount: 'z' } }, fast: false },
];

/** One test per case: the fast path applies it as mingo does (or declines it), leaving the stored document as it was. */
function itAgreesWithMingo(storedShape: Document, cases: AgreementCase[]): void {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const stored = cloneDocument(storedShape);
      const fast = tryFastUpdate(stored, testCase.update);
      expect(stored).toEqual(storedShape);
      if (!testCase.fast) {
        expect(fast).toBeUndefined();
        return;
      }
      const reference = cloneDocument(storedShape);
      const changed = mingoUpdate(reference, testCase.update as Modifier<Document>);
      expect(fast?.doc).toEqual(reference);
      expect(fast?.modified).toBe(changed.length > 0);
    });
  }
}

describe('direct $set/$inc/$unset/$addToSet/$max agree with mingo', () => itAgreesWithMingo(STORED, CASES));

// A person's capacity places: a version per record id, hundreds of fields, copied field by field (shallowCopy).
describe('an object of many fields on the path agrees with mingo', () =>
  itAgreesWithMingo(
    {
      _id: 'places',
      records: ['6b0000000000000000000001', '6b0000000000000000000002'],
      versions: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`6b${String(i).padStart(22, '0')}`, i])),
    },
    [
      {
        name: 'a new record id taken',
        update: { $addToSet: { records: '6b00000000000000000000ff' }, $max: { 'versions.6b00000000000000000000ff': 3 } },
        fast: true,
      },
      { name: 'a version raised', update: { $max: { 'versions.6b0000000000000000000005': 9 } }, fast: true },
      { name: 'a version removed', update: { $unset: { 'versions.6b0000000000000000000005': '' } }, fast: true },
      { name: 'a version counted up', update: { $inc: { 'versions.6b0000000000000000000005': 1 } }, fast: true },
    ],
  ));

describe('a field whose name starts with a digit agrees with mingo', () =>
  itAgreesWithMingo(
    {
      _id: 'digits',
      places: [
        { '6b01': 'a', n: 1 },
        { '6b01': 'b', n: 2 },
        { '6b02': 'a', n: 3 },
      ],
    },
    [
      { name: 'pulled by a condition on it', update: { $pull: { places: { '6b01': { $in: ['a', 'c'] } } } }, fast: true },
      { name: 'pulled by its value', update: { $pull: { places: { '6b02': 'a' } } }, fast: true },
      { name: 'set under it', update: { $set: { 'counts.6b01': 2 } }, fast: true },
    ],
  ));

it('copies an object of many fields with an own __proto__ field as it is, the field kept as a field', () => {
  const versions: Document = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`6b${String(i).padStart(22, '0')}`, i]));
  Object.defineProperty(versions, '__proto__', { value: 'a field', enumerable: true, writable: true, configurable: true });
  const fast = tryFastUpdate({ _id: 'places', versions }, { $max: { 'versions.6b00000000000000000000ff': 3 } });
  const written = fast?.doc.versions as Document;
  expect(Object.hasOwn(written, '__proto__')).toBe(true);
  expect(Object.getOwnPropertyDescriptor(written, '__proto__')?.value).toBe('a field');
  expect(Object.getPrototypeOf(written)).toBe(Object.prototype);
  expect(Object.keys(written)).toEqual([...Object.keys(versions), '6b00000000000000000000ff']);
});

it('keeps the fields of an object of many fields in their order, and leaves the stored one as it was', () => {
  const versions = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`6b${String(i).padStart(22, '0')}`, i]));
  const stored = { _id: 'places', versions };
  const fast = tryFastUpdate(stored, { $max: { 'versions.6b00000000000000000000ff': 3, 'versions.6b0000000000000000000003': 7 } });
  const written = fast?.doc.versions as Document;
  expect(Object.keys(written)).toEqual([...Object.keys(versions), '6b00000000000000000000ff']);
  expect(written['6b0000000000000000000003']).toBe(7);
  expect(stored.versions).toBe(versions);
  expect(Object.keys(versions)).toHaveLength(40);
  expect(versions['6b0000000000000000000003']).toBe(3);
});

// MongoDB compares documents field by field in order ({ a, b } is not { b, a }); mingo ignores order.
it('setting an object with its fields in another order modifies it, as in MongoDB', () => {
  const fast = tryFastUpdate(cloneDocument(STORED), { $set: { owner: { team: { id: 7 }, name: 'Ana' } } });
  expect(fast?.modified).toBe(true);
  expect(Object.keys(fast?.doc.owner as Document)).toEqual(['team', 'name']);
});

// $pull of strings and numbers, by value or by fields of document elements, must remove exactly what
// mingo removes (MongoDB's rules for these shapes), share what it does not change, and leave every
// other condition to mingo.
const PULL_STORED: Document = {
  _id: 1,
  version: 3,
  tags: ['a', 'b', 'a', 'c'],
  nums: [1, 2.5, 3, 2, '2'],
  outbox: [
    { _id: 'r1:1:0', event: { type: 'created' } },
    { _id: 'r1:2:0', event: { type: 'moved' } },
    { _id: 'r1:3:0', event: { type: 'moved' } },
  ],
  mixed: ['r1:1:0', { _id: 'r1:1:0' }, { _id: 7 }, 7, null],
  shapes: [{ _id: 'r1:1:0' }, { other: 1 }, { _id: null }, { _id: 7 }, { _id: true }, { _id: { nested: 'r1:1:0' } }],
  owner: {
    queue: [
      { kind: 'mail', n: 1 },
      { kind: 'call', n: 2 },
      { kind: 'mail', n: 3 },
    ],
  },
  empty: [],
};

const PULL_CASES: AgreementCase[] = [
  { name: 'pull documents by _id $in', update: { $pull: { outbox: { _id: { $in: ['r1:1:0', 'r1:3:0', 'gone'] } } } }, fast: true },
  { name: 'pull documents by one _id', update: { $pull: { outbox: { _id: 'r1:2:0' } } }, fast: true },
  { name: 'pull documents when every named field matches', update: { $pull: { 'owner.queue': { kind: 'mail', n: { $in: [3, 4] } } } }, fast: true },
  {
    name: 'pull by _id skips documents without _id and null, boolean or nested _ids',
    update: { $pull: { shapes: { _id: { $in: ['r1:1:0', 7] } } } },
    fast: true,
  },
  { name: 'pull scalars equal to a string', update: { $pull: { tags: 'a' } }, fast: true },
  {
    name: 'pull scalars by $in of strings and numbers, a string never equal to a number',
    update: { $pull: { nums: { $in: [2, 2.5, 'x'] }, tags: { $in: ['b', 'c'] } } },
    fast: true,
  },
  { name: 'pull a number from elements that are documents and null', update: { $pull: { mixed: 7 } }, fast: true },
  { name: 'pull that matches nothing', update: { $pull: { outbox: { _id: { $in: ['nope'] } }, tags: 'z' } }, fast: true },
  { name: 'pull from a missing field and through a missing parent', update: { $pull: { absent: 'a', 'nope.deeper': { _id: 'x' } } }, fast: true },
  { name: 'pull from an empty array', update: { $pull: { empty: { _id: { $in: ['a'] } } } }, fast: true },
  { name: 'pull with an empty $in', update: { $pull: { tags: { $in: [] } } }, fast: true },
  {
    name: 'pull alongside $set and $inc',
    update: { $pull: { outbox: { _id: { $in: ['r1:1:0'] } } }, $set: { stage: 'sql' }, $inc: { version: 1 } },
    fast: true,
  },
  { name: 'pull of null goes to mingo', update: { $pull: { mixed: null } }, fast: false },
  { name: 'pull with null in $in goes to mingo', update: { $pull: { shapes: { _id: { $in: ['r1:1:0', null] } } } }, fast: false },
  { name: 'pull of a regex goes to mingo', update: { $pull: { tags: /a/ } }, fast: false },
  { name: 'pull of a boolean goes to mingo', update: { $pull: { tags: true } }, fast: false },
  { name: 'pull by a document value goes to mingo', update: { $pull: { shapes: { _id: { nested: 'r1:1:0' } } } }, fast: false },
  { name: 'pull by an array value goes to mingo', update: { $pull: { tags: ['a'] } }, fast: false },
  { name: 'pull with another operator goes to mingo', update: { $pull: { nums: { $gte: 2 } } }, fast: false },
  { name: 'pull with $in beside another operator goes to mingo', update: { $pull: { nums: { $in: [2], $ne: 3 } } }, fast: false },
  { name: 'pull by $eq goes to mingo', update: { $pull: { outbox: { _id: { $eq: 'r1:1:0' } } } }, fast: false },
  { name: 'pull by a dotted field goes to mingo', update: { $pull: { outbox: { 'event.type': 'moved' } } }, fast: false },
  { name: 'pull by an operator beside a field goes to mingo', update: { $pull: { outbox: { _id: 'r1:1:0', $or: [{ _id: 'x' }] } } }, fast: false },
  { name: 'pull with an empty condition goes to mingo', update: { $pull: { outbox: {} } }, fast: false },
  { name: 'pull from an array element by index goes to mingo', update: { $pull: { 'owner.queue.0': 1 } }, fast: false },
];

describe('direct $pull agrees with mingo', () => itAgreesWithMingo(PULL_STORED, PULL_CASES));

describe('direct $pull as MongoDB applies it', () => {
  it('returns the stored document itself when nothing is pulled, so the collection keeps it', () => {
    const stored = cloneDocument(PULL_STORED);
    const fast = tryFastUpdate(stored, { $pull: { outbox: { _id: { $in: ['nope'] } }, absent: 'a' } });
    expect(fast).toEqual({ doc: stored, modified: false });
    expect(fast?.doc).toBe(stored);
  });

  it('shares the arrays, documents and kept elements it does not change', () => {
    const stored = cloneDocument(PULL_STORED);
    const fast = tryFastUpdate(stored, { $pull: { 'owner.queue': { kind: 'call' } } });
    const owner = fast?.doc.owner as Document;
    expect(owner.queue).toEqual([
      { kind: 'mail', n: 1 },
      { kind: 'mail', n: 3 },
    ]);
    expect(owner.queue[0]).toBe(stored.owner.queue[0]);
    expect(owner).not.toBe(stored.owner);
    expect(fast?.doc.outbox).toBe(stored.outbox);
    expect(fast?.doc.tags).toBe(stored.tags);
  });

  // mingo also tests scalar elements against a document condition and pulls 'r1:1:0' and 7 here.
  it('pulls only document elements with a document condition, and keeps equal scalars', () => {
    const fast = tryFastUpdate(cloneDocument(PULL_STORED), { $pull: { mixed: { _id: { $in: ['r1:1:0', 7] } } } });
    expect(fast?.doc.mixed).toEqual(['r1:1:0', 7, null]);
  });

  it('compares numbers by value across double, int and Long, as MongoDB does', () => {
    const stored = { _id: 1, nums: [1, 2, Long.fromNumber(2), 3.5, Long.fromNumber(4), '2'], docs: [{ n: Long.fromNumber(5) }, { n: 5 }, { n: 6 }] };
    const fast = tryFastUpdate(stored, { $pull: { nums: { $in: [Long.fromNumber(2), 4] }, docs: { n: new Double(5) } } });
    expect(fast?.doc).toEqual({ _id: 1, nums: [1, 3.5, '2'], docs: [{ n: 6 }] });
    expect(fast?.modified).toBe(true);
  });

  it('leaves to mingo a Long a double cannot hold exactly, in the condition or in an element', () => {
    const huge = Long.fromString('9007199254740993');
    expect(tryFastUpdate({ _id: 1, nums: [1] }, { $pull: { nums: huge } })).toBeUndefined();
    expect(tryFastUpdate({ _id: 1, nums: [huge] }, { $pull: { nums: 1 } })).toBeUndefined();
  });

  it('leaves to mingo an element whose compared value is an array, which matches by its elements', () => {
    expect(tryFastUpdate({ _id: 1, outbox: [{ _id: ['a', 'b'] }] }, { $pull: { outbox: { _id: 'a' } } })).toBeUndefined();
    expect(tryFastUpdate({ _id: 1, tags: [['a']] }, { $pull: { tags: { $in: ['a'] } } })).toBeUndefined();
    expect(tryFastUpdate({ _id: 1, tags: [['a']] }, { $pull: { tags: 'a' } })).toBeUndefined();
  });

  it('refuses a pull from a field that is not an array (BadValue), as MongoDB does', () => {
    for (const value of ['a', null, { _id: 'a' }]) {
      expect(() => tryFastUpdate({ _id: 1, outbox: value }, { $pull: { outbox: { _id: 'a' } } })).toThrow(
        expect.objectContaining({ code: 2, message: 'Cannot apply $pull to a non-array value' }),
      );
    }
  });

  it('never takes a field named __proto__ as the prototype of the document it writes', () => {
    const spec = JSON.parse('{ "$set": { "__proto__": { "polluted": true } } }') as Document;
    expect(tryFastUpdate(STORED, spec)).toBeUndefined();
    expect(Object.getPrototypeOf(STORED)).toBe(Object.prototype);
  });
});
