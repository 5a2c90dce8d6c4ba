import type { Document } from 'bson';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../src/apply-update.js';
import { applyTopLevelPatch, topLevelPatch } from '../src/top-level-patch.js';

const STORED: Document = { _id: 7, stage: 'lead', n: 1, owner: { name: 'Ana', team: { id: 3 } }, tags: ['a', 'b'], gone: null };

// Every update form the store applies: replaying its patch onto the stored document rebuilds the new one,
// field order included, or the patch is refused (and the whole document is journalled).
const UPDATES: Array<{ name: string; spec: Document | Document[] }> = [
  { name: '$set and $inc (fast path)', spec: { $set: { stage: 'sql' }, $inc: { n: 2 } } },
  { name: 'nested $set and a new field', spec: { $set: { 'owner.team.id': 4, added: { x: 1 } } } },
  { name: '$unset', spec: { $unset: { gone: '', n: '' } } },
  { name: '$push (mingo)', spec: { $push: { tags: 'c' } } },
  { name: '$rename (mingo)', spec: { $rename: { stage: 'phase' } } },
  { name: 'pipeline update', spec: [{ $set: { total: { $add: ['$n', 10] } } }] },
  { name: 'replacement in the same order', spec: { stage: 'x', n: 2 } },
  { name: 'replacement that reorders fields', spec: { tags: [], stage: 'lead' } },
  // Parsed, so that __proto__ is a field of the spec (as BSON decodes it), not its prototype.
  { name: '$set of a field named __proto__', spec: JSON.parse('{ "$set": { "__proto__": { "y": 1 }, "n": 5 } }') as Document },
];

describe('journal patches rebuild the updated document exactly', () => {
  for (const update of UPDATES) {
    it(update.name, () => {
      const next = applyUpdate({ doc: STORED, spec: update.spec }).doc;
      const patch = topLevelPatch(STORED, next);
      if (!patch) {
        // Refused only when replaying could not keep the order.
        expect(Object.keys(next)).not.toEqual(
          Object.keys(STORED)
            .filter((k) => k in next)
            .concat(Object.keys(next).filter((k) => !(k in STORED))),
        );
        return;
      }
      const rebuilt = applyTopLevelPatch(STORED, patch);
      expect(rebuilt).toEqual(next);
      expect(Object.keys(rebuilt)).toEqual(Object.keys(next));
    });
  }

  it('logs only what changed on the fast path', () => {
    const next = applyUpdate({ doc: STORED, spec: { $set: { stage: 'sql' } } }).doc;
    expect(topLevelPatch(STORED, next)).toEqual({ set: { stage: 'sql' }, unset: [] });
  });
});
