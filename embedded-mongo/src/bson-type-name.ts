import { bsonTypeOf } from './bson-order.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Whether a JS number is a BSON int rather than a double: the bson package writes a whole number in
 * the int32 range as an int and any other number as a double, and reads them back alike.
 * @example isInt32(2 ** 31) === false
 */
export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX;
}

// MongoDB's names for the BSON types of the bson package's wrapper classes.
const WRAPPER_TYPE_NAMES: Readonly<Record<string, string>> = {
  ObjectId: 'objectId',
  ObjectID: 'objectId',
  Long: 'long',
  Int32: 'int',
  Double: 'double',
  Decimal128: 'decimal',
  Binary: 'binData',
  Timestamp: 'timestamp',
  BSONRegExp: 'regex',
  Code: 'javascript',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  BSONSymbol: 'symbol',
  DBRef: 'object',
};

/**
 * The name MongoDB gives a value's BSON type in its error messages ("is the wrong type 'string'").
 * @example bsonTypeName([1]) // 'array'
 */
export function bsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return isInt32(value) ? 'int' : 'double';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default: {
      const tag = bsonTypeOf(value);
      return (tag !== undefined ? WRAPPER_TYPE_NAMES[tag] : undefined) ?? 'object';
    }
  }
}
