import type { Document } from 'bson';

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * The values an index sees at a dotted path: arrays along the way and at the end are expanded
 * (MongoDB's multikey rule); a missing field gives `[undefined]`, an empty array `[undefined]` too.
 * @example indexValuesAtPath({ a: [{ b: 1 }, { b: 2 }] }, 'a.b') // [1, 2]
 */
export function indexValuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out.length === 0 ? [undefined] : out;
}

// Positional inputs on purpose: a recursion run for every indexed field of every write.
function collect(value: unknown, parts: readonly string[], depth: number, out: unknown[]): void {
  if (depth === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else out.push(...value);
    } else out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[depth] as string;
    if (/^\d+$/.test(part) && value.length > Number(part)) {
      collect(value[Number(part)], parts, depth + 1, out);
      return;
    }
    for (const item of value) collect(item, parts, depth, out);
    return;
  }
  if (isPlainObject(value)) {
    const key = parts[depth] as string;
    // Own fields only: an inherited name such as `valueOf` is a missing field in a document.
    if (Object.hasOwn(value, key)) collect(value[key], parts, depth + 1, out);
    else out.push(undefined);
    return;
  }
  out.push(undefined);
}

/**
 * Sets a value at a dotted path, creating plain objects on the way (used to seed upserted documents).
 * @example setAtPath(doc, 'address.city', 'Oslo')
 */
export function setAtPath(target: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Document = target;
  for (const part of parts.slice(0, -1)) {
    if (!Object.hasOwn(node, part) || !isPlainObject(node[part])) setField(node, part, {});
    node = node[part] as Document;
  }
  setField(node, parts[parts.length - 1] as string, value);
}

/**
 * Sets a field of a document object, also one named `__proto__`, which an assignment would take as the
 * object's prototype.
 * @example setField(copy, '__proto__', { y: 1 }) // an own field, as a decoded BSON document has it
 */
export function setField(target: Document, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  else target[name] = value;
}

/**
 * A deep copy of plain objects and arrays that keeps BSON values (ObjectId, Long, Date…) as they are;
 * stored documents are never mutated, so updates work on such a copy. A copy of a copy without
 * prototypes (below) gives plain objects back.
 * @example const next = cloneDocument(stored)
 */
export function cloneDocument<T>(value: T): T {
  return copyDocument(value, Object.prototype);
}

/**
 * `cloneDocument` whose objects have no prototype, so that code reading fields as `o[k]` (mingo) sees
 * an inherited name such as `toString` as the missing field it is in a document.
 * @example const working = cloneDocumentWithoutPrototypes(stored)
 */
export function cloneDocumentWithoutPrototypes<T>(value: T): T {
  return copyDocument(value, null);
}

function copyDocument<T>(value: T, prototype: object | null): T {
  if (Array.isArray(value)) return value.map((item: unknown) => copyDocument(item, prototype)) as T;
  if (isDocumentNode(value)) {
    const out: Document = prototype === null ? Object.create(null) : {};
    for (const key of Object.keys(value)) setField(out, key, copyDocument(value[key], prototype));
    return out as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  return value;
}

/**
 * Whether a value is an object of a document: plain, or of a working copy without prototypes (see
 * `cloneDocumentWithoutPrototypes`); not an array, not a BSON value class.
 * @example isDocumentNode(Object.create(null)) === true
 */
export function isDocumentNode(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Whether a dotted path has a segment a plain object inherits (`toString`, `constructor.name`), which
 * a document only has as a field of its own.
 * @example namesInheritedField('meta.constructor') === true
 */
export function namesInheritedField(path: string): boolean {
  return path.split('.').some((segment) => INHERITED_NAMES.has(segment));
}

/**
 * Whether two dotted paths name the same field or one lies inside the other (an update may not
 * change both).
 * @example pathsOverlap('owner', 'owner.name') === true
 */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/**
 * Whether a value is a plain object (not an array, not a BSON value class).
 * @example isPlainDocument({ a: 1 }) === true
 */
export const isPlainDocument = isPlainObject;

/**
 * A path segment the fast update paths take as a plain field name: no operator, no dot, not an array
 * index (all digits: MongoDB's index, and a name JavaScript orders before the others), and not `__proto__`,
 * which an assignment would take as the object's prototype. A name that only starts with a digit is a plain
 * field, such as a record id (`versions.6b17…` of a capacity place).
 */
export const PLAIN_SEGMENT = /^(?!__proto__$)(?!\d+$)[^$.]+$/;

/** A path whose every segment is a PLAIN_SEGMENT: fields through documents, no operator, index or `__proto__`. */
export function isPlainPath(path: string): boolean {
  return path.split('.').every((segment) => PLAIN_SEGMENT.test(segment));
}
