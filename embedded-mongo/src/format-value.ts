import type { ObjectId } from 'bson';
import { bsonTypeOf } from './bson-order.js';
import { isDocumentNode } from './document-path.js';

/**
 * A value as mongod prints it in error messages: strings quoted, `ObjectId('…')`, `new Date(ms)`,
 * documents as `{ a: 1, b: "x" }` and arrays as `[ 1, 2 ]` (`{}` and `[]` when empty).
 * @example formatValue('a@b.c') // '"a@b.c"'
 * @example formatValue({ by: [1, 'x'] }) // '{ by: [ 1, "x" ] }'
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (bsonTypeOf(value) === 'ObjectId') return `ObjectId('${(value as ObjectId).toHexString()}')`;
  if (bsonTypeOf(value) !== undefined) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(formatValue).join(', ')} ]`;
  if (isDocumentNode(value)) {
    const fields = Object.keys(value).map((key) => `${key}: ${formatValue(value[key])}`);
    return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
  }
  return JSON.stringify(value);
}
