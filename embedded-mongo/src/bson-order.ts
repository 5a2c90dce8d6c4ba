import type { Decimal128, Long } from 'bson';

/**
 * Where a bound sits in index order: just before (`side: -1`) or after (`side: 1`) every value of a
 * BSON type rank. `rank: -1`/`side: -1` is below everything, `rank: 100`/`side: 1` above everything.
 */
export class IndexBound {
  constructor(
    readonly rank: number,
    readonly side: -1 | 1,
  ) {}
}

/** Below every value. */
export const LOWEST = new IndexBound(-1, -1);
/** Above every value. */
export const HIGHEST = new IndexBound(100, 1);

// MongoDB's comparison order of BSON types (https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/).
const RANK = {
  minKey: 0,
  nullish: 1,
  number: 2,
  string: 3,
  object: 4,
  array: 5,
  binary: 6,
  objectId: 7,
  boolean: 8,
  date: 9,
  timestamp: 10,
  regex: 11,
  maxKey: 12,
} as const;

const NUMERIC_BSON_TYPES = new Set(['Long', 'Int32', 'Double', 'Decimal128']);

/** Whether a value is a BSON number: a JS number or bigint, or an Int32, Long, Double or Decimal128. */
export function isBsonNumber(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'bigint' || NUMERIC_BSON_TYPES.has(bsonTypeOf(value) ?? '');
}

/** The BSON `_bsontype` of a value created by the bson package, if any. */
export function bsonTypeOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

/**
 * The rank of a value in MongoDB's cross-type order.
 * @example bsonTypeRank(5) < bsonTypeRank('a') // numbers sort before strings
 */
export function bsonTypeRank(value: unknown): number {
  if (value === undefined || value === null) return RANK.nullish;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return RANK.number;
    case 'string':
      return RANK.string;
    case 'boolean':
      return RANK.boolean;
    default:
      break;
  }
  if (value instanceof IndexBound) return value.rank;
  if (Array.isArray(value)) return RANK.array;
  if (value instanceof Date) return RANK.date;
  if (value instanceof RegExp) return RANK.regex;
  if (value instanceof Uint8Array) return RANK.binary;
  const tag = bsonTypeOf(value);
  if (tag === undefined) return RANK.object;
  if (NUMERIC_BSON_TYPES.has(tag)) return RANK.number;
  switch (tag) {
    case 'ObjectId':
      return RANK.objectId;
    case 'Binary':
      return RANK.binary;
    case 'Timestamp':
      return RANK.timestamp;
    case 'BSONRegExp':
      return RANK.regex;
    case 'MinKey':
      return RANK.minKey;
    case 'MaxKey':
      return RANK.maxKey;
    case 'BSONSymbol':
      return RANK.string;
    default:
      return RANK.object;
  }
}

/**
 * A JavaScript number for any BSON numeric value (Long and Decimal128 beyond 2^53 lose precision).
 * @example numericValue(Long.fromNumber(3)) === 3
 */
function numericValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const tag = bsonTypeOf(value);
  if (tag === 'Long') return (value as Long).toNumber();
  if (tag === 'Decimal128') return Number((value as Decimal128).toString());
  return Number((value as { valueOf(): unknown }).valueOf());
}

function compareScalars(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Three positional inputs on purpose: this runs inside every index comparison, where building an
// argument object per call would show up in the profile.
function compareSameRank(rank: number, a: unknown, b: unknown): number {
  switch (rank) {
    case RANK.number:
      return compareScalars(numericValue(a), numericValue(b));
    case RANK.string:
      return compareScalars(String(a), String(b));
    case RANK.boolean:
      return compareScalars(Number(a), Number(b));
    case RANK.date:
      return compareScalars((a as Date).getTime(), (b as Date).getTime());
    case RANK.objectId:
      return compareScalars((a as { toHexString(): string }).toHexString(), (b as { toHexString(): string }).toHexString());
    case RANK.array:
      return compareArrays(a as unknown[], b as unknown[]);
    case RANK.object:
      return compareArrays(Object.entries(a as object).flat(), Object.entries(b as object).flat());
    default:
      return compareScalars(String(a), String(b));
  }
}

function compareArrays(a: readonly unknown[], b: readonly unknown[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareBsonValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/**
 * Compares two values in MongoDB's order (type rank first, then value); `IndexBound`s sit between ranks.
 * @example compareBsonValues(2, 10) < 0
 */
export function compareBsonValues(a: unknown, b: unknown): number {
  const rankA = bsonTypeRank(a);
  const rankB = bsonTypeRank(b);
  if (a instanceof IndexBound || b instanceof IndexBound) {
    if (rankA !== rankB) return rankA - rankB;
    const sideA = a instanceof IndexBound ? a.side : 0;
    const sideB = b instanceof IndexBound ? b.side : 0;
    return sideA - sideB;
  }
  if (rankA !== rankB) return rankA - rankB;
  return compareSameRank(rankA, a, b);
}
