import type { Document } from 'bson';
import { applyUpdate, buildUpsertDocument, storedShape, updateOperationType, type UpdateSpec } from './apply-update.js';
import { checkUpdateSyntax } from './check-update-syntax.js';
import type { Collection } from './collection.js';
import { GENERATED_ID_BYTES, insertableSize, updateGrowthBound, upsertedSizeBound } from './document-size-limit.js';
import { MongoCommandError } from './errors.js';
import { selectDocuments } from './select-documents.js';
import type { StorageEngine } from './storage-engine.js';
import { stillMatching } from './still-matching.js';

/**
 * The per-statement work of the write commands, shared by `insert`/`update`/`delete` and by the
 * client-level `bulkWrite`, so both write exactly the same way. A failing statement throws a
 * `MongoCommandError`; the caller turns it into its own error entry.
 */

/**
 * Where a statement writes: a collection by database and name, which need not exist yet, and the
 * bytes of the wire message that carried the statement (which bound how large it can make a document).
 */
export type WriteTarget = { engine: StorageEngine; db: string; collection: string; messageBytes: number | undefined };

/** One update statement: the `update` command's `{ q, u, multi, upsert, arrayFilters, sort }`, or a `bulkWrite` update op. */
export type UpdateStatement = {
  filter: Document;
  spec: UpdateSpec;
  multi: boolean;
  upsert: boolean;
  arrayFilters?: Document[] | undefined;
  sort?: Document | undefined;
};

/** What one update statement did: matched (and modified) existing documents, or inserted one. */
export type UpdateStatementResult = { kind: 'matched'; n: number; nModified: number } | { kind: 'upserted'; id: unknown };

/**
 * Inserts one document, `_id` first (an ObjectId when it has none); a duplicate key throws E11000, a
 * document over 16 MiB BadValue.
 * @example insertStatement({ collection: engine.ensureCollection('app', 'leads'), doc: { name: 'Acme' }, messageBytes: 120 })
 */
export function insertStatement(input: { collection: Collection; doc: Document; messageBytes: number | undefined }): void {
  const sizeBound = insertableSize(input.doc, input.messageBytes) + GENERATED_ID_BYTES;
  input.collection.insert(storedShape(input.doc), sizeBound);
}

/**
 * Runs one update statement: operator, replacement or pipeline update of the first (or, with
 * `multi`, every) matching document, or an upsert when nothing matched. Like MongoDB, only an upsert
 * creates the collection.
 * @example await updateStatement(target, { filter: { _id: 1, version: 3 }, spec: { $set: { stage: 'sql' } }, multi: false, upsert: false })
 */
export async function updateStatement(target: WriteTarget, statement: UpdateStatement): Promise<UpdateStatementResult> {
  const { filter, spec, arrayFilters } = statement;
  if (statement.multi && !Array.isArray(spec) && !Object.keys(spec)[0]?.startsWith('$')) {
    throw new MongoCommandError('FailedToParse', 'multi update is not supported for replacement-style update');
  }
  if (statement.multi && statement.sort !== undefined) throw new MongoCommandError('FailedToParse', 'Cannot specify sort with multi=true');
  checkUpdateSyntax({ spec, arrayFilters });
  const collection = target.engine.collection(target.db, target.collection);
  const { docs } = await selectDocuments(collection, { filter, sort: statement.sort, limit: statement.multi ? 0 : 1 });
  const growth = updateGrowthBound(spec, target.messageBytes);
  let n = 0;
  let nModified = 0;
  for (const selected of docs) {
    const doc = collection && stillMatching({ collection, doc: selected, filter });
    if (!doc) continue;
    const outcome = applyUpdate({ doc, spec, arrayFilters, query: filter });
    n += 1;
    if (outcome.modified) {
      collection?.replace({ previous: doc, next: outcome.doc, operationType: updateOperationType(spec), growth });
      nModified += 1;
    }
  }
  if (docs.length === 0 && statement.upsert) {
    const doc = buildUpsertDocument({ query: filter, spec, arrayFilters });
    target.engine.ensureCollection(target.db, target.collection).insert(doc, upsertedSizeBound(doc, growth));
    return { kind: 'upserted', id: doc._id };
  }
  return { kind: 'matched', n, nModified };
}

/**
 * Deletes the first (or, with `multi`, every) document matching the filter; returns how many.
 * @example await deleteStatement({ collection, filter: { stage: 'lost' }, multi: true }) // 3
 */
export async function deleteStatement(input: { collection: Collection | undefined; filter: Document; multi: boolean }): Promise<number> {
  const { collection, filter } = input;
  const { docs } = await selectDocuments(collection, { filter, limit: input.multi ? 0 : 1 });
  let n = 0;
  for (const doc of docs) {
    if (!collection || !stillMatching({ collection, doc, filter })) continue;
    collection.delete(doc._id);
    n += 1;
  }
  return n;
}
