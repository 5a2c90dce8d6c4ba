import type { Document } from 'bson';
import { isDocumentNode, setField } from './document-path.js';

/**
 * Field names mingo cannot take as they are, each with the name it is given while mingo works: the
 * names every object inherits. mingo tells a document from a class instance by `value.constructor` (an
 * object whose `constructor` field is a document with a `name` reads as an instance of that name),
 * refuses `__proto__` in a path, and where it builds objects (projections) reads `o[k]`, so a
 * `toString` it copies lands on the inherited method. The stand-ins end in NUL, which no BSON field
 * name can hold, so they never meet a real field.
 */
const STAND_INS = new Map(Object.getOwnPropertyNames(Object.prototype).map((name) => [name, `${name}\u0000`]));
const ORIGINALS = new Map([...STAND_INS].map(([name, standIn]) => [standIn, name]));

/**
 * Whether mingo cannot take a field of this name as it is.
 * @example isMingoUnsafeName('constructor') === true
 */
export function isMingoUnsafeName(name: string): boolean {
  return STAND_INS.has(name);
}

/**
 * Whether a stored document, or a value in it, has a field mingo cannot take as it is (at any depth).
 * Reads own fields only.
 * @example holdsMingoUnsafeField({ meta: { constructor: { name: 'x' } } }) === true
 */
export function holdsMingoUnsafeField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsMingoUnsafeField);
  if (!isDocumentNode(value)) return false;
  for (const key of Object.keys(value)) {
    if (STAND_INS.has(key)) return true;
    const child: unknown = value[key];
    if (typeof child === 'object' && child !== null && holdsMingoUnsafeField(child)) return true;
  }
  return false;
}

/**
 * A document, filter, update, projection or sort as mingo must see it: every field name (or dotted
 * path segment, or `$`-path in an `$expr`, or `$rename` target) that mingo cannot take is replaced by
 * its stand-in. Unchanged parts are shared, and a value without such a name is returned itself.
 * @example toMingoNames({ 'constructor.name': 'x' }) // { 'constructor\u0000.name': 'x' }
 */
export function toMingoNames<T>(value: T): T {
  return renamed(value, TO_MINGO);
}

/**
 * The reverse of `toMingoNames`, for what mingo returns (updated or projected documents).
 * @example fromMingoNames({ 'constructor\u0000': { name: 'x' } }) // { constructor: { name: 'x' } }
 */
export function fromMingoNames<T>(value: T): T {
  return renamed(value, FROM_MINGO);
}

function renamedPath(path: string, names: ReadonlyMap<string, string>): string {
  const whole = names.get(path);
  if (whole !== undefined) return whole;
  if (!path.includes('.') && !path.startsWith('$')) return path;
  const segments = path.split('.');
  let changed = false;
  for (const [i, segment] of segments.entries()) {
    // A `$`-path of an expression (`$constructor.name`, `$$ROOT.constructor`) keeps its dollars.
    const dollars = i === 0 ? (/^\$*/.exec(segment)?.[0] ?? '') : '';
    const name = names.get(segment.slice(dollars.length));
    if (name === undefined) continue;
    segments[i] = dollars + name;
    changed = true;
  }
  return changed ? segments.join('.') : path;
}

/**
 * Which strings name fields: none in plain data, the `$`-paths in an expression, every one among a
 * `$rename`'s targets.
 */
type StringsAre = 'data' | 'expression' | 'renameTargets';

/**
 * What `renamed` carries down: the names to replace, what the strings at this depth are, and the same
 * renaming for each kind of strings (made once per direction, so the walk allocates no contexts).
 */
type Renaming = { names: ReadonlyMap<string, string>; strings: StringsAre; withStrings: Readonly<Record<StringsAre, Renaming>> };

function renamingOf(names: ReadonlyMap<string, string>): Renaming {
  const withStrings = {} as Record<StringsAre, Renaming>;
  for (const strings of ['data', 'expression', 'renameTargets'] as const) withStrings[strings] = { names, strings, withStrings };
  return withStrings.data;
}

const TO_MINGO = renamingOf(STAND_INS);
const FROM_MINGO = renamingOf(ORIGINALS);

function renamed<T>(value: T, renaming: Renaming): T {
  const { names, strings } = renaming;
  if (typeof value === 'string') {
    const isPath = strings === 'renameTargets' || (strings === 'expression' && value.startsWith('$'));
    return (isPath ? renamedPath(value, names) : value) as T;
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const next = renamed(item, renaming);
      if (next !== item) out ??= value.slice();
      if (out) out[i] = next;
    }
    return (out ?? value) as T;
  }
  if (!isDocumentNode(value)) return value;
  let changed = false;
  const entries: Array<[string, unknown]> = [];
  for (const key of Object.keys(value)) {
    const name = renamedPath(key, names);
    const child: unknown = value[key];
    const inner = key === '$expr' ? renaming.withStrings.expression : key === '$rename' ? renaming.withStrings.renameTargets : renaming;
    const next = renamed(child, inner);
    if (name !== key || next !== child) changed = true;
    entries.push([name, next]);
  }
  if (!changed) return value;
  const out: Document = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const [name, child] of entries) setField(out, name, child);
  return out as T;
}
