import type { ObjectId } from 'bson';
import { bsonTypeOf } from './bson-order.js';
import { isInt32 } from './bson-type-name.js';
import { isDocumentNode } from './document-path.js';

// printf's `%.16g`, which mongod prints doubles with.
const SIGNIFICANT_DIGITS = 16;

function printfG16(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential(SIGNIFICANT_DIGITS - 1).split('e');
  const exponent = Number(exponentText);
  const trimmed = (digits: string) => (digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits);
  if (exponent < -4 || exponent >= SIGNIFICANT_DIGITS) {
    return `${trimmed(mantissa)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trimmed(value.toFixed(SIGNIFICANT_DIGITS - 1 - exponent));
}

/**
 * A double as mongod prints it (`StringBuilder::appendDoubleNice`): printf's `%.16g`, then `.0`
 * unless the text holds a '.', 'E' or 'N' (`0.3`, `1e+20.0`, `nan.0`).
 */
function formatDouble(value: number): string {
  const text = printfG16(value);
  return /[.EN]/.test(text) ? text : `${text}.0`;
}

/**
 * A value as mongod prints it in error messages: strings quoted, a number that is no int as the double
 * it is (`1e+20.0`), `ObjectId('…')`, `new Date(ms)`, documents as `{ a: 1, b: "x" }` and arrays as `[ 1, 2 ]` (`{}` and `[]` when empty).
 * @example formatValue('a@b.c') // '"a@b.c"'
 * @example formatValue({ by: [1, 'x'] }) // '{ by: [ 1, "x" ] }'
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return isInt32(value) ? String(value) : formatDouble(value);
  if (typeof value === 'boolean') return String(value);
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
