import type { Binary, Decimal128, Long, ObjectId } from 'bson';
import { bsonTypeOf } from './bson-order.js';

/**
 * A string that is equal for two values exactly when MongoDB considers them equal
 * (so `1`, `1.0` and `Long(1)` share one key); used for `_id` lookups and unique indexes.
 * @example canonicalKey(new ObjectId('65f0...')) === 'O65f0...'
 */
export function canonicalKey(value: unknown): string {
  if (value === undefined || value === null) return 'n';
  switch (typeof value) {
    case 'number':
      return `N${value === 0 ? 0 : value}`;
    case 'bigint':
      return `N${Number(value)}`;
    case 'string':
      return `S${value}`;
    case 'boolean':
      return value ? 'B1' : 'B0';
    default:
      break;
  }
  if (Array.isArray(value)) return `A${JSON.stringify(value.map(canonicalKey))}`;
  if (value instanceof Date) return `T${value.getTime()}`;
  if (value instanceof RegExp) return `R${String(value)}`;
  const tag = bsonTypeOf(value);
  switch (tag) {
    case 'ObjectId':
      return `O${(value as ObjectId).toHexString()}`;
    case 'Long':
      return `N${(value as Long).toNumber()}`;
    case 'Int32':
    case 'Double':
      return `N${Number((value as { valueOf(): unknown }).valueOf())}`;
    case 'Decimal128':
      return `N${Number((value as Decimal128).toString())}`;
    case 'Binary':
      return `X${(value as Binary).toString('base64')}`;
    case undefined:
      if (value instanceof Uint8Array) return `X${Buffer.from(value).toString('base64')}`;
      return `J${JSON.stringify(Object.entries(value as object).map(([k, v]) => [k, canonicalKey(v)]))}`;
    default:
      return `${tag}${JSON.stringify(value)}`;
  }
}

/**
 * Whether `canonicalKey` gives this value a key no other BSON value shares: true for strings, JS numbers
 * and ObjectIds; false for, e.g., a Binary (its subtype is not in the key), a Long past 2^53 or a
 * Decimal128 (both keyed as a JS number).
 * @example hasExactCanonicalKey('r1') === true; hasExactCanonicalKey(Decimal128.fromString('0.1')) === false
 */
export function hasExactCanonicalKey(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || bsonTypeOf(value) === 'ObjectId';
}
