import type { Document, Long } from 'bson';
import { bsonTypeOf, isBsonNumber } from './bson-order.js';
import { bsonTypeName } from './bson-type-name.js';
import { isDocumentNode } from './document-path.js';
import { formatValue } from './format-value.js';
import { MongoCommandError } from './errors.js';

/** The update operators mongod knows (modifier_table.cpp); any other `$` name is "Unknown modifier". */
const MODIFIERS: ReadonlySet<string> = new Set([
  '$addToSet',
  '$bit',
  '$currentDate',
  '$inc',
  '$max',
  '$min',
  '$mul',
  '$pop',
  '$pull',
  '$pullAll',
  '$push',
  '$rename',
  '$set',
  '$setOnInsert',
  '$unset',
]);

const PUSH_CLAUSES: ReadonlySet<string> = new Set(['$each', '$slice', '$sort', '$position']);

const BIT_OPERATIONS: ReadonlySet<string> = new Set(['and', 'or', 'xor']);

const LONG_LIMIT = 2 ** 63;

/**
 * A node of the tree mongod merges an update's paths into (update_object_node.cpp): a leaf where a
 * path ends, an object node for a field on the way, an array node for a field followed by `$[…]`.
 */
type PathNode = { kind: 'leaf' } | InnerNode;
type InnerNode = { kind: 'object' | 'array'; children: Map<string, PathNode> };

function isArrayFilterSegment(segment: string | undefined): boolean {
  return segment?.startsWith('$[') === true && segment.endsWith(']');
}

function conflict(path: string, at: string): MongoCommandError {
  return new MongoCommandError('ConflictingUpdateOperators', `Updating the path '${path}' would create a conflict at '${at}'`);
}

const LOGICAL_OPERATORS: ReadonlySet<string> = new Set(['$and', '$or', '$nor']);

/**
 * The identifiers the array filters define: the first segment of each field a filter names, also
 * inside `$and`/`$or`/`$nor` (`{ $or: [{ 'e.k': 1 }, { 'e.v': 2 }] }` defines `e`).
 */
function filterIdentifiers(arrayFilters: Document[] | undefined): Set<string> {
  const identifiers = new Set<string>();
  const collect = (filter: unknown): void => {
    if (!isDocumentNode(filter)) return;
    for (const [key, condition] of Object.entries(filter)) {
      if (!key.startsWith('$')) identifiers.add(key.split('.')[0] as string);
      else if (LOGICAL_OPERATORS.has(key) && Array.isArray(condition)) condition.forEach(collect);
    }
  };
  arrayFilters?.forEach(collect);
  return identifiers;
}

/** mongod's positional checks of a path, made before its operator's argument is looked at. */
function checkPositional(path: string): void {
  if (!path.includes('$')) return;
  const positions = path.split('.').flatMap((segment, i) => (segment === '$' ? [i] : []));
  if (positions.length > 1) throw new MongoCommandError('BadValue', `Too many positional (i.e. '$') elements found in path '${path}'`);
  if (positions[0] === 0) throw new MongoCommandError('BadValue', `Cannot have positional (i.e. '$') element in the first position in path '${path}'`);
}

/**
 * Adds a path to the tree, noting the array filter identifiers it uses; refuses a `$[<id>]` without
 * its filter and a path another one conflicts with.
 */
function merge(input: { root: InnerNode; path: string; identifiers: ReadonlySet<string>; used: Set<string> }): void {
  const { path } = input;
  const segments = path.split('.');
  let node = input.root;
  for (const [i, segment] of segments.entries()) {
    let name = segment;
    if (isArrayFilterSegment(segment)) {
      if (i === 0)
        throw new MongoCommandError('BadValue', `Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${path}'`);
      name = segment.slice(2, -1);
      if (name !== '' && !input.identifiers.has(name))
        throw new MongoCommandError('BadValue', `No array filter found for identifier '${name}' in path '${path}'`);
      if (name !== '') input.used.add(name);
    }
    const child = node.children.get(name);
    if (i === segments.length - 1) {
      if (child) throw conflict(path, path);
      node.children.set(name, { kind: 'leaf' });
      return;
    }
    const kind = isArrayFilterSegment(segments[i + 1]) ? 'array' : 'object';
    if (child !== undefined && (child.kind === 'leaf' || child.kind !== kind)) throw conflict(path, segments.slice(0, i + 1).join('.'));
    const next = child ?? { kind, children: new Map<string, PathNode>() };
    node.children.set(name, next);
    node = next;
  }
}

function checkRename(path: string, to: string): void {
  const shown = `${path}: ${formatValue(to)}`;
  if (to === path) throw new MongoCommandError('BadValue', `The source and target field for $rename must differ: ${shown}`);
  if (to.startsWith(`${path}.`) || path.startsWith(`${to}.`))
    throw new MongoCommandError('BadValue', `The source and target field for $rename must not be on the same path: ${shown}`);
  const dynamic = (dotted: string) => dotted.split('.').some((segment) => segment === '$' || isArrayFilterSegment(segment));
  if (dynamic(path)) throw new MongoCommandError('BadValue', `The source field for $rename may not be dynamic: ${path}`);
  if (dynamic(to)) throw new MongoCommandError('BadValue', `The destination field for $rename may not be dynamic: ${to}`);
}

function isWholeNumber(value: unknown): boolean {
  return isBsonNumber(value) && Number.isInteger(Number(value));
}

function checkPushClauses(clauses: Document): void {
  for (const clause of Object.keys(clauses)) {
    if (!PUSH_CLAUSES.has(clause)) throw new MongoCommandError('BadValue', `Unrecognized clause in $push: ${clause}`);
  }
  const { $each: each, $slice: slice, $sort: sort, $position: position } = clauses;
  if (!Array.isArray(each))
    throw new MongoCommandError('BadValue', `The argument to $each in $push must be an array but it was of type: ${bsonTypeName(each)}`);
  if (slice !== undefined && !isWholeNumber(slice))
    throw new MongoCommandError('BadValue', `The value for $slice must be an integer value but was given type: ${bsonTypeName(slice)}`);
  if (sort !== undefined) checkPushSort(sort);
  if (position !== undefined && !isWholeNumber(position))
    throw new MongoCommandError('BadValue', `The value for $position must be an integer value, not of type: ${bsonTypeName(position)}`);
}

/** `$push`'s `$sort` as mongod parses it (push_node.cpp: PushNode::init, checkSortClause for a pattern). */
function checkPushSort(sort: unknown): void {
  const isDirection = (value: unknown) => isBsonNumber(value) && (Number(value) === 1 || Number(value) === -1);
  if (isBsonNumber(sort)) {
    if (!isDirection(sort)) throw new MongoCommandError('BadValue', 'The $sort element value must be either 1 or -1');
    return;
  }
  if (!isDocumentNode(sort))
    throw new MongoCommandError('BadValue', 'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
  const fields = Object.keys(sort);
  if (fields.length === 0) throw new MongoCommandError('BadValue', 'The $sort pattern is empty when it should be a set of fields.');
  for (const field of fields) {
    if (!isDirection(sort[field])) throw new MongoCommandError('BadValue', 'The $sort element value must be either 1 or -1');
    // FieldRef reads '' as no parts at all, so no empty part either.
    if (field === '') throw new MongoCommandError('BadValue', 'The $sort field cannot be empty');
    if (field.split('.').some((part) => part === ''))
      throw new MongoCommandError('BadValue', `The $sort field is a dotted field but has an empty part: ${field}`);
  }
}

/**
 * A path's argument read as a 64-bit integer, as mongod's `parseIntegerElementToLong` reads it
 * (bsonelement.cpp): FailedToParse when it is no number, NaN, beyond a long or not whole.
 */
function integerArgument(path: string, argument: unknown): bigint {
  const shown = `${path}: ${formatValue(argument)}`;
  if (!isBsonNumber(argument)) throw new MongoCommandError('FailedToParse', `Expected a number in: ${shown}`);
  if (typeof argument === 'bigint') return argument;
  const type = bsonTypeOf(argument);
  if (type === 'Long') return (argument as Long).toBigInt();
  const value = Number(argument);
  if (type !== 'Decimal128' && Number.isNaN(value)) throw new MongoCommandError('FailedToParse', `Expected an integer, but found NaN in: ${shown}`);
  // A decimal that is not whole is "Cannot represent" to mongod (Decimal128::toLongExact), a double "Expected an integer".
  if (!(value >= -LONG_LIMIT && value < LONG_LIMIT) || (type === 'Decimal128' && !Number.isInteger(value))) {
    throw new MongoCommandError('FailedToParse', `Cannot represent as a 64-bit integer: ${shown}`);
  }
  if (!Number.isInteger(value)) throw new MongoCommandError('FailedToParse', `Expected an integer: ${shown}`);
  return BigInt(value);
}

function checkBit(argument: unknown): void {
  const format = '{$bit: {field: {and/or/xor: #}}';
  if (!isDocumentNode(argument)) {
    throw new MongoCommandError(
      'BadValue',
      `The $bit modifier is not compatible with a ${bsonTypeName(argument)}. You must pass in an embedded document: ${format}`,
    );
  }
  const operations = Object.keys(argument);
  for (const operation of operations) {
    const operand: unknown = argument[operation];
    const shown = `{${operation}: ${formatValue(operand)}}`;
    if (!BIT_OPERATIONS.has(operation)) {
      throw new MongoCommandError(
        'BadValue',
        `The $bit modifier only supports 'and', 'or', and 'xor', not '${operation}' which is an unknown operator: ${shown}`,
      );
    }
    const type = bsonTypeName(operand);
    if (type !== 'int' && type !== 'long')
      throw new MongoCommandError('BadValue', `The $bit modifier field must be an Integer(32/64 bit); a '${type}' is not supported here: ${shown}`);
  }
  if (operations.length === 0) throw new MongoCommandError('BadValue', `You must pass in at least one bitwise operation. The format is: ${format}`);
}

function checkCurrentDate(argument: unknown): void {
  if (typeof argument === 'boolean') return;
  if (!isDocumentNode(argument)) {
    throw new MongoCommandError(
      'BadValue',
      `${bsonTypeName(argument)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
    );
  }
  let valid = false;
  for (const [option, type] of Object.entries(argument)) {
    if (option !== '$type') throw new MongoCommandError('BadValue', `Unrecognized $currentDate option: ${option}`);
    valid ||= type === 'date' || type === 'timestamp';
  }
  if (!valid)
    throw new MongoCommandError('BadValue', "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}");
}

/**
 * mongod's check of one operator's argument for one path, made when it builds the path's leaf (each
 * node's `init`); a `$rename`'s argument is its target, already known to be a string.
 */
function checkArgument(input: { operator: string; path: string; argument: unknown }): void {
  const { operator, path, argument } = input;
  switch (operator) {
    case '$inc':
    case '$mul':
      if (!isBsonNumber(argument)) {
        const verb = operator === '$inc' ? 'increment' : 'multiply';
        throw new MongoCommandError('TypeMismatch', `Cannot ${verb} with non-numeric argument: {${path}: ${formatValue(argument)}}`);
      }
      return;
    case '$pullAll':
      if (!Array.isArray(argument)) throw new MongoCommandError('BadValue', `$pullAll requires an array argument but was given a ${bsonTypeName(argument)}`);
      return;
    case '$addToSet': {
      if (!isDocumentNode(argument) || Object.keys(argument)[0] !== '$each') return;
      if (!Array.isArray(argument.$each))
        throw new MongoCommandError('TypeMismatch', `The argument to $each in $addToSet must be an array but it was of type ${bsonTypeName(argument.$each)}`);
      return;
    }
    case '$push':
      if (isDocumentNode(argument) && '$each' in argument) checkPushClauses(argument);
      return;
    case '$currentDate':
      checkCurrentDate(argument);
      return;
    case '$pop': {
      const end = integerArgument(path, argument);
      if (end !== 1n && end !== -1n) throw new MongoCommandError('FailedToParse', `$pop expects 1 or -1, found: ${end}`);
      return;
    }
    case '$bit':
      checkBit(argument);
      return;
    case '$rename':
      checkRename(path, argument as string);
      return;
    default:
      return;
  }
}

/** Operators whose argument the parse checks at most for being a number (`$inc`, `$mul`), 1 or -1 (`$pop`) or for `$each` clauses. */
const PLAIN_OPERATORS: ReadonlySet<string> = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$setOnInsert', '$push', '$addToSet', '$pull', '$pop']);

/**
 * Whether an update plainly passes the parse, as nearly every update the api sends does: plain
 * operators on paths without `$`, no path equal to or under another, numeric `$inc`/`$mul`, `$pop` of
 * 1 or -1, no `$each`.
 * Costs a set of the paths, where the full parse builds mongod's tree; false means "parse it fully",
 * not "malformed", so the errors and their order stay the full parse's.
 */
function plainlyValid(spec: Document, operators: readonly string[]): boolean {
  const paths = new Set<string>();
  let dotted = false;
  for (const operator of operators) {
    const fields: unknown = spec[operator];
    if (!PLAIN_OPERATORS.has(operator) || !isDocumentNode(fields)) return false;
    for (const path of Object.keys(fields)) {
      if (path.includes('$') || paths.has(path)) return false;
      paths.add(path);
      dotted ||= path.includes('.');
      const argument: unknown = fields[path];
      if ((operator === '$inc' || operator === '$mul') && !isBsonNumber(argument)) return false;
      if (operator === '$pop' && argument !== 1 && argument !== -1) return false;
      if ((operator === '$push' || operator === '$addToSet') && isDocumentNode(argument) && '$each' in argument) return false;
    }
  }
  if (!dotted) return true;
  for (const path of paths) {
    for (let dot = path.indexOf('.'); dot !== -1; dot = path.indexOf('.', dot + 1)) {
      if (paths.has(path.slice(0, dot))) return false;
    }
  }
  return true;
}

/**
 * Refuses a malformed operator update as mongod's update parser does (update_driver.cpp,
 * update_object_node.cpp and each operator's node), before any document is looked at, so also when
 * nothing matches: an unknown operator or one whose argument is not a document (FailedToParse),
 * misplaced positional segments, a `$[<id>]` without its array filter (BadValue), an argument its
 * operator cannot take (a non-numeric `$inc`/`$mul`, a `$pop` other than 1 or -1, a `$bit` other than
 * `and`/`or`/`xor` of ints or longs, a `$rename` target that is not a string or is on the source's path,
 * `$push`/`$addToSet` clauses, `$pullAll`, `$currentDate`), and two paths that
 * conflict (ConflictingUpdateOperators), in mongod's order: operators and paths as written, each path's
 * argument before its place in the tree; then an array filter no path uses (FailedToParse). A pipeline
 * update may not have array filters. Replacement
 * documents are judged when applied, as mongod judges them.
 * @example checkUpdateSyntax({ spec: { $inc: { n: 'x' } } }) // throws TypeMismatch "Cannot increment with non-numeric argument: {n: \"x\"}"
 */
export function checkUpdateSyntax(input: { spec: Document | Document[]; arrayFilters?: Document[] | undefined }): void {
  const { spec, arrayFilters } = input;
  if (Array.isArray(spec)) {
    if (arrayFilters !== undefined && arrayFilters.length > 0)
      throw new MongoCommandError('FailedToParse', 'arrayFilters may not be specified for pipeline-style updates');
    return;
  }
  const operators = Object.keys(spec);
  if (!operators[0]?.startsWith('$')) return;
  if ((arrayFilters === undefined || arrayFilters.length === 0) && plainlyValid(spec, operators)) return;
  const tree = { root: { kind: 'object', children: new Map() } as InnerNode, identifiers: filterIdentifiers(arrayFilters), used: new Set<string>() };
  for (const operator of operators) {
    if (!MODIFIERS.has(operator))
      throw new MongoCommandError(
        'FailedToParse',
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    const fields: unknown = spec[operator];
    if (!isDocumentNode(fields)) {
      throw new MongoCommandError(
        'FailedToParse',
        `Modifiers operate on fields but we found type ${bsonTypeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${formatValue(fields)}}`,
      );
    }
    for (const [path, argument] of Object.entries(fields)) {
      let target = path;
      if (operator === '$rename') {
        // mongod holds the source's place in the tree first, then takes the target as the path.
        checkPositional(path);
        merge({ ...tree, path });
        if (typeof argument !== 'string')
          throw new MongoCommandError('BadValue', `The 'to' field for $rename must be a string: ${path}: ${formatValue(argument)}`);
        target = argument;
      }
      checkPositional(target);
      checkArgument({ operator, path, argument });
      merge({ ...tree, path: target });
    }
  }
  // mongod holds the filters by identifier in a sorted map and names the first one unused.
  const unused = [...tree.identifiers].filter((identifier) => !tree.used.has(identifier)).sort()[0];
  if (unused !== undefined)
    throw new MongoCommandError('FailedToParse', `The array filter for identifier '${unused}' was not used in the update ${formatValue(spec)}`);
}
