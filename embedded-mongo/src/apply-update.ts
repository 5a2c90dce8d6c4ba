import { ObjectId, type Document } from 'bson';
import { Aggregator, ProcessingMode } from 'mingo';
// The updater entry point, unlike 'mingo', does not copy the whole operator table per call.
import { update as applyOperators, type Modifier } from 'mingo/updater';
import { cloneDocument, cloneDocumentWithoutPrototypes, isPlainDocument, namesInheritedField, setAtPath } from './document-path.js';
import { canonicalKey } from './canonical-key.js';
import { checkUpdateTargets } from './check-update-targets.js';
import { asMongoCommandError, MongoCommandError } from './errors.js';
import { fromMingoNames, toMingoNames } from './mingo-field-names.js';
import { tryFastUpdate } from './fast-update.js';
import { pullByQuery } from './pull-by-query.js';
import { queryOptions } from './query-options.js';

/** The `u` of an update statement: operators, a replacement document, or a pipeline. */
export type UpdateSpec = Document | Document[];

/** The result of applying an update to one document. */
export type UpdateOutcome = { doc: Document; modified: boolean };

function isOperatorUpdate(spec: Document): boolean {
  const keys = Object.keys(spec);
  return keys.length > 0 && (keys[0] as string).startsWith('$');
}

/**
 * What a change stream calls a write by this spec: operator and pipeline updates are `update`s, a
 * replacement document is a `replace`.
 * @example updateOperationType({ $set: { a: 1 } }) // 'update'
 */
export function updateOperationType(spec: UpdateSpec): 'update' | 'replace' {
  return Array.isArray(spec) || isOperatorUpdate(spec) ? 'update' : 'replace';
}

function withIdFirst(id: unknown, body: Document): Document {
  const { _id: _ignored, ...rest } = body;
  return id === undefined ? rest : { _id: id, ...rest };
}

/**
 * An upsert's insert may name `_id` in `$setOnInsert` (or `$set`) when the query did not fix a
 * different one; MongoDB allows it, mingo refuses any write to `_id`. Moves such an `_id` onto the
 * seed document and returns the update without it.
 */
function takeInsertedId(doc: Document, spec: Document): Document {
  let rest = spec;
  for (const operator of ['$setOnInsert', '$set'] as const) {
    const fields = rest[operator];
    if (!isPlainDocument(fields) || !('_id' in fields)) continue;
    const { _id: id, ...others } = fields;
    if (doc._id !== undefined && canonicalKey(doc._id) !== canonicalKey(id)) {
      throw new MongoCommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    doc._id = id;
    rest = { ...rest, [operator]: others };
  }
  return rest;
}

function runOperators(input: { doc: Document; spec: Document; arrayFilters?: Document[]; query?: Document; inserting: boolean }): UpdateOutcome {
  const spec = input.inserting ? takeInsertedId(input.doc, input.spec) : input.spec;
  const { $setOnInsert: setOnInsert, ...operators } = spec;
  if (!input.inserting || setOnInsert === undefined) {
    const fast = tryFastUpdate(input.doc, operators);
    if (fast) return fast;
  }
  // mingo reads fields as `o[k]`, so a name like `toString` would read as present: it works on objects
  // without a prototype when the update names one.
  const inherited = Object.values(spec).some((fields) => isPlainDocument(fields) && Object.keys(fields).some(namesInheritedField));
  // It sees `constructor` and `__proto__` under stand-in names (mingo-field-names.ts), in the document
  // and in everything that names its fields; the copy it changes is renamed back at the end.
  const copy = inherited ? cloneDocumentWithoutPrototypes(input.doc) : cloneDocument(input.doc);
  const next = toMingoNames(copy);
  const seenOperators = toMingoNames(operators);
  const seenSetOnInsert = toMingoNames(setOnInsert);
  const renaming = next !== copy || seenOperators !== operators || seenSetOnInsert !== setOnInsert;
  let changed: string[] = [];
  try {
    const { $pull: pull, ...others } = seenOperators;
    const otherPaths = Object.values(others).flatMap((fields) => (isPlainDocument(fields) ? Object.keys(fields) : []));
    const positions = { query: toMingoNames(input.query), arrayFilters: toMingoNames(input.arrayFilters) };
    const pulled = isPlainDocument(pull) ? pullByQuery({ doc: next, fields: pull, otherPaths, ...positions }) : undefined;
    const forMingo = pulled === undefined ? seenOperators : others;
    if (pulled) changed.push('$pull');
    if (Object.keys(forMingo).length > 0) {
      changed = changed.concat(applyOperators(next, forMingo as Modifier<Document>, positions.arrayFilters, positions.query, { queryOptions }));
    }
    if (input.inserting && isPlainDocument(seenSetOnInsert)) {
      changed = changed.concat(applyOperators(next, { $set: seenSetOnInsert } as Modifier<Document>, undefined, undefined, { queryOptions }));
    }
  } catch (error) {
    throw asMongoCommandError(error);
  }
  // mingo leaves a target its operator cannot change as it is; refused only now, so that the errors
  // mingo raises while applying (a $pull condition mongod refuses while parsing) come first.
  checkUpdateTargets(input.doc, operators);
  const updated = renaming ? fromMingoNames(next) : next;
  return { doc: inherited ? cloneDocument(updated) : updated, modified: changed.length > 0 };
}

/**
 * Applies an update statement to a stored document, returning a new document (the stored one is
 * never touched). `query` resolves the positional `$` operator.
 * @example applyUpdate({ doc, spec: { $inc: { version: 1 } }, query: { _id: id } })
 */
export function applyUpdate(input: { doc: Document; spec: UpdateSpec; arrayFilters?: Document[]; query?: Document; inserting?: boolean }): UpdateOutcome {
  const { doc, spec } = input;
  if (Array.isArray(spec)) {
    try {
      const [result] = new Aggregator(spec, { ...queryOptions, processingMode: ProcessingMode.CLONE_INPUT }).run([doc]);
      const next = withIdFirst(doc._id, result ?? {});
      return { doc: next, modified: true };
    } catch (error) {
      throw asMongoCommandError(error);
    }
  }
  if (isOperatorUpdate(spec)) return runOperators({ ...input, spec, inserting: input.inserting === true });
  for (const key of Object.keys(spec)) {
    if (key.startsWith('$'))
      throw new MongoCommandError(
        'FailedToParse',
        `The dollar ($) prefixed field '${key}' in '${key}' is not allowed in the context of an update's replacement document.`,
      );
  }
  const replacement = withIdFirst(spec._id ?? doc._id, spec);
  return { doc: replacement, modified: true };
}

function collectEqualities(filter: Document, into: Document): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainDocument(clause)) collectEqualities(clause, into);
      continue;
    }
    if (field.startsWith('$')) continue;
    if (isPlainDocument(condition)) {
      const keys = Object.keys(condition);
      if (keys.length > 0 && keys.every((key) => key.startsWith('$'))) {
        if ('$eq' in condition) setAtPath(into, field, condition.$eq);
        continue;
      }
    }
    setAtPath(into, field, condition);
  }
}

/**
 * The document an upsert inserts when nothing matched: the query's equality fields (for operator
 * updates), the update applied with `$setOnInsert`, and a new ObjectId when there is no `_id`.
 * @example buildUpsertDocument({ query: { email: 'a@b.c' }, spec: { $setOnInsert: { n: 1 } } })
 */
export function buildUpsertDocument(input: { query: Document; spec: UpdateSpec; arrayFilters?: Document[] }): Document {
  const seed: Document = {};
  collectEqualities(input.query, seed);
  let doc: Document;
  if (!Array.isArray(input.spec) && !isOperatorUpdate(input.spec)) {
    doc = applyUpdate({ doc: seed._id === undefined ? {} : { _id: seed._id }, spec: input.spec }).doc;
  } else {
    doc = applyUpdate({ doc: seed, spec: input.spec, arrayFilters: input.arrayFilters, inserting: true }).doc;
  }
  return storedShape(doc);
}

/**
 * A document as MongoDB stores it: `_id` first, a new ObjectId when it has none. Returned as it is when
 * `_id` is already first (most drivers send it so), else copied.
 * @example storedShape({ name: 'Acme' }) // { _id: ObjectId('…'), name: 'Acme' }
 */
export function storedShape(doc: Document): Document {
  for (const first in doc) {
    if (first === '_id' && doc._id !== undefined) return doc;
    break;
  }
  return withIdFirst(doc._id === undefined ? new ObjectId() : doc._id, doc);
}
