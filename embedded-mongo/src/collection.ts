import type { Document } from 'bson';
import { canonicalKey } from './canonical-key.js';
import { CollectionIndex, type DocumentIndexKeys, type IndexSpec } from './collection-index.js';
import { duplicateKeyError } from './duplicate-key-error.js';
import { MongoCommandError } from './errors.js';
import type { ChangeLog } from './change-log.js';
import type { LogOperation } from './log-operation.js';
import { applyTopLevelPatch, topLevelPatch, type TopLevelPatch } from './top-level-patch.js';
import { updateChange } from './update-change.js';

/** The `_id` index every collection has. */
export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * One collection: documents by `_id` (insertion order is natural order) and its secondary indexes.
 * Stored documents are never mutated: every change replaces the object, so a snapshot can hold
 * references while writes go on. Every change is reported to `journal` before it returns.
 * @example collection.insert({ _id: 1, name: 'Acme' })
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, CollectionIndex>();
  /** Where applied changes go while the collection is watched by a change stream. */
  changeLog: ChangeLog | undefined;

  constructor(
    readonly db: string,
    readonly name: string,
    private readonly journal: (op: LogOperation) => void,
  ) {}

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  /** Adds a document; throws DuplicateKey (changing nothing) if `_id` or a unique index clashes. */
  insert(doc: Document): void {
    const idKey = canonicalKey(doc._id);
    if (this.docs.has(idKey)) {
      throw duplicateKeyError({ namespace: this.namespace, indexName: '_id_', keyPattern: { _id: 1 }, values: [doc._id] });
    }
    const keys = this.checkedKeys(doc, idKey);
    this.docs.set(idKey, doc);
    this.addKeys(keys, idKey);
    this.journal({ t: 'put', db: this.db, c: this.name, d: doc });
    this.changeLog?.append({ operationType: 'insert', doc });
  }

  /**
   * Replaces the document with the same `_id` by the outcome of an update (`operationType: 'update'`) or
   * of a replacement document (`'replace'`, as change streams tell them apart); throws DuplicateKey
   * (changing nothing) on a clash.
   */
  replace(input: { previous: Document; next: Document; operationType: 'update' | 'replace' }): void {
    const { previous, next } = input;
    const idKey = canonicalKey(previous._id);
    if (canonicalKey(next._id) !== idKey) {
      throw new MongoCommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    // Every clash is found before anything changes; indexes the update did not touch are skipped.
    const moves: { index: CollectionIndex; previousKeys: DocumentIndexKeys; nextKeys: DocumentIndexKeys }[] = [];
    for (const index of this.indexes.values()) {
      if (index.untouchedBy(previous, next)) continue;
      const nextKeys = this.checkedIndexKeys({ index, doc: next, idKey });
      const previousKeys = index.keysOf(previous, idKey);
      if (!index.sameKeys(previousKeys, nextKeys)) moves.push({ index, previousKeys, nextKeys });
    }
    for (const { index, previousKeys, nextKeys } of moves) {
      index.remove(previousKeys);
      index.add(nextKeys, idKey);
    }
    this.docs.set(idKey, next);
    // Only the changed fields go to the journal when replaying them rebuilds `next` exactly.
    const patch = topLevelPatch(previous, next);
    this.journal(patch ? { t: 'patch', db: this.db, c: this.name, id: next._id, ...patch } : { t: 'put', db: this.db, c: this.name, d: next });
    this.changeLog?.append(updateChange(input));
  }

  /** Removes a document by its `_id` value. */
  delete(id: unknown): void {
    const idKey = canonicalKey(id);
    const previous = this.docs.get(idKey);
    if (!previous) return;
    this.removeKeys(previous, idKey);
    this.docs.delete(idKey);
    this.journal({ t: 'delete', db: this.db, c: this.name, id });
    this.changeLog?.append({ operationType: 'delete', id: previous._id });
  }

  /** Insert-or-replace without checks, for replaying the journal. */
  restore(doc: Document): void {
    const idKey = canonicalKey(doc._id);
    const previous = this.docs.get(idKey);
    if (previous) this.removeKeys(previous, idKey);
    this.docs.set(idKey, doc);
    for (const index of this.indexes.values()) index.add(index.keysOf(doc, idKey), idKey);
  }

  /** Applies a journalled patch while replaying; a document that no longer exists stays absent. */
  restorePatch(id: unknown, patch: TopLevelPatch): void {
    const previous = this.docs.get(canonicalKey(id));
    if (previous) this.restore(applyTopLevelPatch(previous, patch));
  }

  /** Builds an index over the existing documents; throws DuplicateKey if they break a unique index. */
  createIndex(spec: IndexSpec): void {
    const index = new CollectionIndex(spec);
    for (const [idKey, doc] of this.docs) {
      const keys = index.keysOf(doc, idKey);
      const conflict = index.conflictFor(keys, idKey);
      if (conflict) {
        throw duplicateKeyError({ namespace: this.namespace, indexName: spec.name, keyPattern: spec.key, values: conflict.values });
      }
      index.add(keys, idKey);
    }
    this.indexes.set(spec.name, index);
    this.journal({ t: 'createIndex', db: this.db, c: this.name, spec });
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
    this.journal({ t: 'dropIndex', db: this.db, c: this.name, name });
  }

  /** Every index spec, `_id_` first, as `listIndexes` reports them. */
  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  private checkedKeys(doc: Document, idKey: string): Map<CollectionIndex, DocumentIndexKeys> {
    const all = new Map<CollectionIndex, DocumentIndexKeys>();
    for (const index of this.indexes.values()) all.set(index, this.checkedIndexKeys({ index, doc, idKey }));
    return all;
  }

  /** A document's keys in one index; throws DuplicateKey when another document holds one of them. */
  private checkedIndexKeys(input: { index: CollectionIndex; doc: Document; idKey: string }): DocumentIndexKeys {
    const { index, idKey } = input;
    const keys = index.keysOf(input.doc, idKey);
    const conflict = index.conflictFor(keys, idKey);
    if (conflict) {
      throw duplicateKeyError({ namespace: this.namespace, indexName: index.name, keyPattern: index.spec.key, values: conflict.values });
    }
    return keys;
  }

  private addKeys(all: Map<CollectionIndex, DocumentIndexKeys>, idKey: string): void {
    for (const [index, keys] of all) index.add(keys, idKey);
  }

  private removeKeys(doc: Document, idKey: string): void {
    for (const index of this.indexes.values()) index.remove(index.keysOf(doc, idKey));
  }
}
