import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { holdsMingoUnsafeField, isMingoUnsafeName, toMingoNames } from './mingo-field-names.js';
import { preparedQueryOptions } from './query-options.js';

/**
 * The top-level fields a filter, sort or projection reads: the first segment of each path, through
 * `$and`, `$or` and `$nor`. Undefined when it may read any field (`$expr`, `$where`, `$jsonSchema`…).
 * @example fieldRoots({ 'meta.kind': 'a', $or: [{ stage: 'sql' }] }) // ['meta', 'stage']
 */
export function fieldRoots(spec: Document): string[] | undefined {
  const roots: string[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(value)) return undefined;
      for (const clause of value) {
        const inner = typeof clause === 'object' && clause !== null ? fieldRoots(clause as Document) : undefined;
        if (!inner) return undefined;
        roots.push(...inner);
      }
      continue;
    }
    if (key.startsWith('$')) return undefined;
    roots.push(key.split('.', 1)[0] as string);
  }
  return roots;
}

/**
 * Whether mingo must see a document through `toMingoNames` to read `roots` of it (all of it when
 * undefined): one of those fields is, or holds, a name mingo cannot take. Only the fields read are
 * looked at, so a record's other fields cost nothing.
 * @example readsMingoUnsafeField({ _id: 1, meta: { constructor: { name: 'x' } } }, ['meta']) === true
 */
export function readsMingoUnsafeField(doc: Document, roots: readonly string[] | undefined): boolean {
  if (!roots) return holdsMingoUnsafeField(doc);
  for (const root of roots) {
    if (!Object.hasOwn(doc, root)) continue;
    if (isMingoUnsafeName(root) || holdsMingoUnsafeField(doc[root])) return true;
  }
  return false;
}

/**
 * A compiled filter that tests documents as MongoDB would, including documents and filters with field
 * names mingo cannot take as they are (`constructor`, `__proto__`, `toString`…; see mingo-field-names.ts). Throws
 * mingo's error for an invalid filter when built.
 * @example new DocumentQuery({ 'constructor.name': 'x' }).test(doc)
 */
export class DocumentQuery {
  private readonly query: Query;
  private readonly roots: string[] | undefined;

  constructor(filter: Document) {
    this.query = new Query(toMingoNames(filter), preparedQueryOptions);
    this.roots = fieldRoots(filter);
  }

  test(doc: Document): boolean {
    return this.query.test(readsMingoUnsafeField(doc, this.roots) ? toMingoNames(doc) : doc);
  }
}
