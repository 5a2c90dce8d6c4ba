import type { Document, ObjectId } from 'bson';
import { bsonTypeOf } from './bson-order.js';
import { setField } from './document-path.js';
import { MongoCommandError } from './errors.js';

/**
 * A key value as mongod prints it in error messages: strings quoted, `ObjectId('…')`, `new Date(ms)`.
 * @example formatValue('a@b.c') // '"a@b.c"'
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (bsonTypeOf(value) === 'ObjectId') return `ObjectId('${(value as ObjectId).toHexString()}')`;
  if (bsonTypeOf(value) !== undefined) return String(value);
  return JSON.stringify(value);
}

/**
 * MongoDB's E11000 error: same code, codeName, keyPattern, keyValue and message text.
 * @example throw duplicateKeyError({ namespace: 'app.users', indexName: 'email_1', keyPattern: { email: 1 }, values: ['a@b.c'] })
 */
export function duplicateKeyError(input: {
  namespace: string;
  indexName: string;
  keyPattern: Document;
  values: readonly unknown[];
}): MongoCommandError {
  const fields = Object.keys(input.keyPattern);
  const keyValue: Document = {};
  fields.forEach((field, i) => {
    setField(keyValue, field, input.values[i] ?? null);
  });
  const shown = fields.map((field, i) => `${field}: ${formatValue(input.values[i])}`).join(', ');
  return new MongoCommandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${input.namespace} index: ${input.indexName} dup key: { ${shown} }`,
    { keyPattern: input.keyPattern, keyValue },
  );
}
