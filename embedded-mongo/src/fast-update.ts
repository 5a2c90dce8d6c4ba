import type { Document } from 'bson';
import { canonicallyEqual } from './canonical-equal.js';
import { isPlainDocument, isPlainPath } from './document-path.js';
import { compilePullCondition, nonArrayPullError, pullMatching, type PullCondition } from './fast-pull.js';

/** Operators the fast path applies itself; any other update goes to mingo. */
const FAST_OPERATORS = new Set(['$set', '$inc', '$unset', '$pull', '$addToSet', '$max']);

/** What the fast path answers for a case it does not plainly cover; mingo then applies the update. */
const UNCOVERED = Symbol('uncovered');

/**
 * The conditions of each `$pull` operand seen, or null when one is not covered. A multi-document
 * update applies one decoded spec to every document it matches, so the Sets of a 600-id `$in` are
 * built once per statement rather than once per document. Specs decoded from a command are never
 * changed afterwards, which is what makes the operand object a safe key.
 */
const pullConditions = new WeakMap<Document, Map<string, PullCondition> | null>();

function pullConditionsOf(fields: Document): Map<string, PullCondition> | undefined {
  let conditions = pullConditions.get(fields);
  if (conditions === undefined) {
    conditions = new Map();
    for (const [path, condition] of Object.entries(fields)) {
      const compiled = compilePullCondition(condition);
      if (!compiled) {
        conditions = null;
        break;
      }
      conditions.set(path, compiled);
    }
    pullConditions.set(fields, conditions);
  }
  return conditions ?? undefined;
}

/**
 * Applies the most common updates (`$set`, `$inc`, `$unset` on plain object paths, as optimistic
 * version-checked writes use, `$pull` of strings and numbers, by value or by a field of document
 * elements, as the outbox drain uses, and `$addToSet` of a string and `$max` of a number, as a capacity place
 * is taken) without mingo, copying only the objects on the changed paths:
 * the stored document is immutable, so the new one may share everything else with it, and an update
 * that changes nothing returns the stored document itself. Returns undefined whenever a case is not
 * plainly covered (arrays on the path, positional operators, non-number increments, other pull
 * conditions), and mingo then applies the update with its checks. Takes an update `checkUpdateSyntax`
 * has passed, so no two of its paths overlap. A `$pull` from
 * a field that is not an array throws BadValue as MongoDB does (mingo would skip it silently). mingo
 * prepares its operator tables on every update call, which costs more than the whole write.
 * @example tryFastUpdate(doc, { $set: { stage: 'sql' }, $inc: { version: 1 } })
 * @example tryFastUpdate(doc, { $pull: { outbox: { _id: { $in: ['r1:1:0', 'r1:2:0'] } } } })
 */
export function tryFastUpdate(doc: Document, spec: Document): { doc: Document; modified: boolean } | undefined {
  const operators = Object.keys(spec);
  const pulls = coveredPulls(spec, operators);
  if (pulls === UNCOVERED) return undefined;
  const root: Document = { ...doc };
  const copied = new Set<Document>([root]);
  let modified = false;
  for (const operator of operators) {
    for (const [path, value] of Object.entries(spec[operator] as Document)) {
      const segments = path.split('.');
      const leaf = segments.pop() as string;
      // Like $unset, $pull creates nothing: a missing parent leaves the document as it is.
      const node = writableParent(root, copied, segments, operator !== '$unset' && operator !== '$pull');
      if (node === UNCOVERED) return undefined;
      if (!node) continue;
      const changed = applyOperator(node, leaf, operator, value, pulls?.get(path));
      if (changed === UNCOVERED) return undefined;
      modified ||= changed;
    }
  }
  return modified ? { doc: root, modified } : { doc, modified };
}

/**
 * The `$pull` conditions by path when every operator of the update is one the fast path applies, on plain
 * paths other than `_id` (undefined when it has no `$pull`); UNCOVERED otherwise.
 */
function coveredPulls(spec: Document, operators: readonly string[]): Map<string, PullCondition> | undefined | typeof UNCOVERED {
  if (operators.length === 0 || !operators.every((operator) => FAST_OPERATORS.has(operator))) return UNCOVERED;
  let pulls: Map<string, PullCondition> | undefined;
  for (const operator of operators) {
    const fields = spec[operator];
    if (!isPlainDocument(fields)) return UNCOVERED;
    if (operator === '$pull') {
      pulls = pullConditionsOf(fields);
      if (!pulls) return UNCOVERED;
    }
    for (const path of Object.keys(fields)) {
      if (path === '_id' || !isPlainPath(path)) return UNCOVERED;
    }
  }
  return pulls;
}

// writableParent and applyOperator take positional parameters, not one object: they run for every path of every
// update, and with an object each version-checked update measured about 4 % slower (issue 16's A/B).

/**
 * The object that holds a path's leaf in the new document, copying each object on the way that is still
 * shared with the stored document; a missing object is created when `create`, or ends the walk (undefined).
 * UNCOVERED when the path crosses anything but a plain document.
 */
function writableParent(root: Document, copied: Set<Document>, segments: readonly string[], create: boolean): Document | undefined | typeof UNCOVERED {
  let node: Document = root;
  for (const segment of segments) {
    // Own fields only: an inherited name such as `toString` is a missing field in a document.
    const child: unknown = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (child === undefined) {
      if (!create) return undefined;
      const created: Document = {};
      copied.add(created);
      node[segment] = created;
      node = created;
      continue;
    }
    if (!isPlainDocument(child)) return UNCOVERED;
    const copy: Document = copied.has(child) ? child : shallowCopy(child);
    copied.add(copy);
    node[segment] = copy;
    node = copy;
  }
  return node;
}

/** From how many fields an object on an update's path is copied into a dictionary-mode object (see `shallowCopy`). */
const DICTIONARY_COPY_FIELDS = 32;

/**
 * A shallow copy of an object on an update's path, with the same fields in the same order. A small one is spread. One
 * with many fields (a person's capacity places keep a version per record id, up to the cap) V8 holds as a dictionary:
 * a spread of it builds a fast-mode object with a hidden class of that many fields, and the update's new field then
 * rebuilds it, 370 µs at 600 fields against 44 µs for copying field by field into an object literal that had a
 * property deleted (V8 turns such an object into a dictionary as the fields are added; a plain `{}` filled alike stays
 * in fast mode, rebuilding its hidden class), measured on node 20.
 */
function shallowCopy(node: Document): Document {
  const names = Object.keys(node);
  // An own `__proto__` field would be set as the prototype by an assignment: spread defines it as a field.
  if (names.length < DICTIONARY_COPY_FIELDS || Object.hasOwn(node, '__proto__')) return { ...node };
  const copy: Document = { dictionary: true };
  delete copy.dictionary;
  for (const name of names) copy[name] = node[name];
  return copy;
}

/** Applies one operator to `node[leaf]` (a copy the update may change); whether that changed the document, or UNCOVERED. */
function applyOperator(node: Document, leaf: string, operator: string, value: unknown, pull: PullCondition | undefined): boolean | typeof UNCOVERED {
  const current: unknown = Object.hasOwn(node, leaf) ? node[leaf] : undefined;
  switch (operator) {
    case '$set':
      if (current !== undefined && canonicallyEqual(current, value)) return false;
      node[leaf] = value;
      return true;
    case '$inc':
      if (typeof value !== 'number' || (current !== undefined && typeof current !== 'number')) return UNCOVERED;
      node[leaf] = ((current as number | undefined) ?? 0) + value;
      return value !== 0 || current === undefined;
    case '$unset':
      if (!Object.hasOwn(node, leaf)) return false;
      delete node[leaf];
      return true;
    case '$addToSet': {
      // A string only: strings equal strings alone in BSON, so `includes` is MongoDB's equality here.
      if (typeof value !== 'string' || (current !== undefined && !Array.isArray(current))) return UNCOVERED;
      if (current === undefined) {
        node[leaf] = [value];
        return true;
      }
      if ((current as unknown[]).includes(value)) return false;
      node[leaf] = [...(current as unknown[]), value];
      return true;
    }
    case '$max':
      // Plain numbers only (a Long or a Decimal128 compares across types: mingo's checks apply).
      if (typeof value !== 'number' || Number.isNaN(value) || (current !== undefined && (typeof current !== 'number' || Number.isNaN(current))))
        return UNCOVERED;
      if (current !== undefined && (current as number) >= value) return false;
      node[leaf] = value;
      return true;
    case '$pull': {
      if (!Object.hasOwn(node, leaf)) return false;
      if (!Array.isArray(current)) throw nonArrayPullError();
      const kept = pullMatching(current, pull as PullCondition);
      if (!kept) return UNCOVERED;
      if (kept === current) return false;
      node[leaf] = kept;
      return true;
    }
    default:
      return UNCOVERED;
  }
}
