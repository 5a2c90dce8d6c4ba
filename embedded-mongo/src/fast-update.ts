import type { Document } from 'bson';
import { canonicallyEqual } from './canonical-equal.js';
import { isPlainDocument, isPlainPath } from './document-path.js';
import { compilePullCondition, nonArrayPullError, pullMatching, type PullCondition } from './fast-pull.js';

/** Operators the fast path applies itself; any other update goes to mingo. */
const FAST_OPERATORS = new Set(['$set', '$inc', '$unset', '$pull']);

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
 * version-checked writes use, and `$pull` of strings and numbers, by value or by a field of document
 * elements, as the outbox drain uses) without mingo, copying only the objects on the changed paths:
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
  if (operators.length === 0 || !operators.every((operator) => FAST_OPERATORS.has(operator))) return undefined;
  let pulls: Map<string, PullCondition> | undefined;
  for (const operator of operators) {
    const fields = spec[operator];
    if (!isPlainDocument(fields)) return undefined;
    if (operator === '$pull') {
      pulls = pullConditionsOf(fields);
      if (!pulls) return undefined;
    }
    for (const path of Object.keys(fields)) {
      if (path === '_id' || !isPlainPath(path)) return undefined;
    }
  }
  const root: Document = { ...doc };
  const copied = new Set<Document>([root]);
  let modified = false;
  for (const operator of operators) {
    for (const [path, value] of Object.entries(spec[operator] as Document)) {
      const segments = path.split('.');
      const leaf = segments.pop() as string;
      let node: Document | undefined = root;
      for (const segment of segments) {
        // Own fields only: an inherited name such as `toString` is a missing field in a document.
        const child: unknown = Object.hasOwn(node, segment) ? node[segment] : undefined;
        // Like $unset, $pull creates nothing: a missing parent leaves the document as it is.
        if (child === undefined && operator !== '$unset' && operator !== '$pull') {
          const created: Document = {};
          copied.add(created);
          node[segment] = created;
          node = created;
          continue;
        }
        if (child === undefined) {
          node = undefined;
          break;
        }
        if (!isPlainDocument(child)) return undefined;
        const copy: Document = copied.has(child) ? child : { ...child };
        copied.add(copy);
        node[segment] = copy;
        node = copy;
      }
      if (!node) continue;
      const current: unknown = Object.hasOwn(node, leaf) ? node[leaf] : undefined;
      switch (operator) {
        case '$set':
          if (current === undefined || !canonicallyEqual(current, value)) {
            node[leaf] = value;
            modified = true;
          }
          break;
        case '$inc':
          if (typeof value !== 'number' || (current !== undefined && typeof current !== 'number')) return undefined;
          node[leaf] = ((current as number | undefined) ?? 0) + value;
          modified ||= value !== 0 || current === undefined;
          break;
        case '$unset':
          if (Object.hasOwn(node, leaf)) {
            delete node[leaf];
            modified = true;
          }
          break;
        case '$pull': {
          if (!Object.hasOwn(node, leaf)) break;
          if (!Array.isArray(current)) throw nonArrayPullError();
          const kept = pullMatching(current, pulls?.get(path) as PullCondition);
          if (!kept) return undefined;
          if (kept !== current) {
            node[leaf] = kept;
            modified = true;
          }
          break;
        }
        default:
          return undefined;
      }
    }
  }
  return modified ? { doc: root, modified } : { doc, modified };
}
