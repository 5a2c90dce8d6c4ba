import type { Document } from 'bson';
import { canonicallyEqual } from './canonical-equal.js';
import { isPlainDocument } from './document-path.js';

/** Operators the fast path applies itself; any other update goes to mingo. */
const FAST_OPERATORS = new Set(['$set', '$inc', '$unset']);
const PLAIN_SEGMENT = /^[^$.\d][^$.]*$/;

/**
 * Applies the most common updates (`$set`, `$inc`, `$unset` on plain object paths, as optimistic
 * version-checked writes use) without mingo, copying only the objects on the changed paths: the
 * stored document is immutable, so the new one may share everything else with it. Returns
 * undefined whenever a case is not plainly covered (arrays on the path, positional operators,
 * non-number increments, overlapping paths), and mingo then applies the update with its checks.
 * mingo prepares its operator tables on every update call, which costs more than the whole write.
 * @example tryFastUpdate(doc, { $set: { stage: 'sql' }, $inc: { version: 1 } })
 */
export function tryFastUpdate(doc: Document, spec: Document): { doc: Document; modified: boolean } | undefined {
  const operators = Object.keys(spec);
  if (operators.length === 0 || !operators.every((operator) => FAST_OPERATORS.has(operator))) return undefined;
  const paths: string[] = [];
  for (const operator of operators) {
    const fields = spec[operator];
    if (!isPlainDocument(fields)) return undefined;
    for (const path of Object.keys(fields)) {
      if (path === '_id' || !path.split('.').every((segment) => PLAIN_SEGMENT.test(segment))) return undefined;
      paths.push(path);
    }
  }
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as string;
    if (sorted[i] === previous || (sorted[i] as string).startsWith(`${previous}.`)) return undefined;
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
        const child: unknown = node[segment];
        if (child === undefined && operator !== '$unset') {
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
      const current: unknown = node[leaf];
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
          if (leaf in node) {
            delete node[leaf];
            modified = true;
          }
          break;
        default:
          return undefined;
      }
    }
  }
  return { doc: root, modified };
}
