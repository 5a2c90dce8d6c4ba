import type { Document } from 'bson';
import { setField } from './document-path.js';
import { MongoCommandError } from './errors.js';
import { formatValue } from './format-value.js';

/**
 * MongoDB's E11000 error: same code, codeName, keyPattern, keyValue and message text.
 * @example throw duplicateKeyError({ namespace: 'app.users', indexName: 'email_1', keyPattern: { email: 1 }, values: ['a@b.c'] })
 */
export function duplicateKeyError(input: { namespace: string; indexName: string; keyPattern: Document; values: readonly unknown[] }): MongoCommandError {
  const fields = Object.keys(input.keyPattern);
  const keyValue: Document = {};
  fields.forEach((field, i) => {
    setField(keyValue, field, input.values[i] ?? null);
  });
  const shown = fields.map((field, i) => `${field}: ${formatValue(input.values[i])}`).join(', ');
  return new MongoCommandError('DuplicateKey', `E11000 duplicate key error collection: ${input.namespace} index: ${input.indexName} dup key: { ${shown} }`, {
    keyPattern: input.keyPattern,
    keyValue,
  });
}
