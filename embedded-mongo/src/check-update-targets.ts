import type { Document } from 'bson';
import { isBsonNumber } from './bson-order.js';
import { bsonTypeName } from './bson-type-name.js';
import { isDocumentNode, isPlainPath } from './document-path.js';
import { formatValue } from './format-value.js';
import { MongoCommandError } from './errors.js';

/** What an operator needs the stored value it changes to be, when there is one. */
const NEEDS: Readonly<Record<string, 'number' | 'array'>> = { $inc: 'number', $mul: 'number', $push: 'array', $addToSet: 'array', $pop: 'array' };

/** mongod's refusal of `operator` on `value` stored at `path` of the document with `id` (arithmetic_node, push_node, addtoset_node, pop_node). */
function refusal(input: { operator: string; path: string; value: unknown; id: unknown }): MongoCommandError {
  const { operator, path, value } = input;
  const field = path.split('.').pop() as string;
  const type = bsonTypeName(value);
  switch (operator) {
    case '$push':
      return new MongoCommandError('BadValue', `The field '${field}' must be an array but is of type ${type} in document {_id: ${formatValue(input.id)}}`);
    case '$addToSet':
      return new MongoCommandError('BadValue', `Cannot apply $addToSet to non-array field. Field named '${field}' has non-array type ${type}`);
    case '$pop':
      return new MongoCommandError('TypeMismatch', `Path '${path}' contains an element of non-array type '${type}'`);
    default:
      return new MongoCommandError(
        'TypeMismatch',
        `Cannot apply ${operator} to a value of non-numeric type. {_id: ${formatValue(input.id)}} has the field '${field}' of non-numeric type ${type}`,
      );
  }
}

/** The stored value at a path of plain fields through documents; undefined when missing, or when an array is on the way (mingo then judges it). */
function storedAt(doc: Document, path: string): unknown {
  let node: unknown = doc;
  for (const segment of path.split('.')) {
    if (!isDocumentNode(node) || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return node;
}

/**
 * Refuses, as mongod does while it applies an update, `$inc`/`$mul` of a stored value that is not a
 * number and `$push`/`$addToSet`/`$pop` of one that is not an array, with mongod's code and words
 * (mingo leaves such a value as it is and reports success). For an update `checkUpdateSyntax` has
 * passed, so its paths do not overlap and its `$inc`/`$mul` arguments are numbers. Looks only at paths
 * of plain fields through documents; a missing field is created as before.
 * @example checkUpdateTargets({ _id: 1, stage: 'lead' }, { $inc: { stage: 1 } }) // throws TypeMismatch
 */
export function checkUpdateTargets(doc: Document, operators: Document): void {
  for (const [operator, fields] of Object.entries(operators)) {
    const needs = NEEDS[operator];
    if (!needs || !isDocumentNode(fields)) continue;
    for (const path of Object.keys(fields)) {
      if (!isPlainPath(path)) continue;
      const value = storedAt(doc, path);
      if (value === undefined || (needs === 'number' ? isBsonNumber(value) : Array.isArray(value))) continue;
      throw refusal({ operator, path, value, id: doc._id });
    }
  }
}
