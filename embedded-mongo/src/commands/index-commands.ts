import type { Document } from 'bson';
import { canonicalKey } from '../canonical-key.js';
import type { CommandContext } from '../command-context.js';
import type { IndexSpec } from '../collection-index.js';
import { MongoCommandError } from '../errors.js';
import { namespaceNotFound } from './admin-commands.js';

const INDEX_VERSION = 2;

function shapeOf(spec: IndexSpec): string {
  return canonicalKey([spec.key, spec.unique === true, spec.sparse === true, spec.partialFilterExpression ?? null]);
}

/** `createIndexes`: unique, compound, sparse and partial indexes; existing equal indexes are a no-op. */
export async function createIndexesCommand(command: Document, context: CommandContext): Promise<Document> {
  const name = String(command.createIndexes);
  const existed = context.engine.collection(context.db, name) !== undefined;
  const collection = context.engine.ensureCollection(context.db, name);
  const before = collection.indexes.size + 1;
  const requested = (command.indexes ?? []) as IndexSpec[];
  for (const raw of requested) {
    if (!raw.key || typeof raw.name !== 'string') throw new MongoCommandError('BadValue', 'each index needs a key and a name');
    for (const [field, direction] of Object.entries(raw.key)) {
      if (direction !== 1 && direction !== -1) {
        throw new MongoCommandError(
          'CannotCreateIndex',
          `index ${raw.name}: field '${field}' has type ${JSON.stringify(direction)}; the embedded store supports ascending (1) and descending (-1) indexes only`,
        );
      }
    }
    const spec: IndexSpec = { ...raw, v: INDEX_VERSION };
    if (spec.name === '_id_' || canonicalKey(spec.key) === canonicalKey({ _id: 1 })) continue;
    const sameName = collection.indexes.get(spec.name);
    if (sameName) {
      if (shapeOf(sameName.spec) === shapeOf(spec)) continue;
      throw new MongoCommandError(
        'IndexKeySpecsConflict',
        `An existing index has the same name as the requested index. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`,
      );
    }
    const sameKey = [...collection.indexes.values()].find(
      (index) => canonicalKey(index.spec.key) === canonicalKey(spec.key) && !index.spec.partialFilterExpression && !spec.partialFilterExpression,
    );
    if (sameKey) throw new MongoCommandError('IndexOptionsConflict', `Index already exists with a different name: ${sameKey.name}`);
    collection.createIndex(spec);
  }
  await context.engine.durable();
  const after = collection.indexes.size + 1;
  return {
    numIndexesBefore: before,
    numIndexesAfter: after,
    ...(after === before ? { note: 'all indexes already exist' } : {}),
    createdCollectionAutomatically: !existed,
    ok: 1,
  };
}

/** `listIndexes`. */
export function listIndexesCommand(command: Document, context: CommandContext): Document {
  const name = String(command.listIndexes);
  const collection = context.engine.collection(context.db, name);
  if (!collection) throw namespaceNotFound(context, name);
  return context.cursors.firstBatch({ ns: `${context.db}.${name}`, docs: collection.indexSpecs(), batchSize: Number.MAX_SAFE_INTEGER });
}

/** `dropIndexes`: by name, by key pattern, a list of names, or `'*'` (all but `_id_`). */
export async function dropIndexesCommand(command: Document, context: CommandContext): Promise<Document> {
  const name = String(command.dropIndexes);
  const collection = context.engine.collection(context.db, name);
  if (!collection) throw namespaceNotFound(context, name);
  const nIndexesWas = collection.indexes.size + 1;
  const target = command.index as unknown;
  const names =
    target === '*'
      ? [...collection.indexes.keys()]
      : Array.isArray(target)
        ? (target as string[])
        : typeof target === 'string'
          ? [target]
          : [...collection.indexes.values()].filter((index) => canonicalKey(index.spec.key) === canonicalKey(target)).map((index) => index.name);
  if (names.length === 0) throw new MongoCommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
  for (const indexName of names) {
    if (!collection.indexes.has(indexName)) throw new MongoCommandError('IndexNotFound', `index not found with name [${indexName}]`);
  }
  for (const indexName of names) collection.dropIndex(indexName);
  await context.engine.durable();
  return { nIndexesWas, ok: 1 };
}
