import type { Document } from 'bson';
import { canonicalKey } from './canonical-key.js';
import { CollectionIndex, type DocumentIndexKeys, type IndexSpec } from './collection-index.js';
import { duplicateKeyError } from './duplicate-key-error.js';
import { updatedSizeBound } from './document-size-limit.js';
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
 * @example collection.insert({ _id: 1, name: 'Acme' }, 64)
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, CollectionIndex>();
  /**
   * An upper bound on each document's BSON size by `_id` key, so that an update need not measure it
   * (see document-size-limit.ts); missing for a document to measure at its next update. Keyed by the
   * `_id` key, which lives as long as the document, rather than by the document object: a WeakMap's
   * entries cost every garbage collection that sees a new document.
   */
  private readonly sizeBounds = new Map<string, number>();
  /** Where applied changes go while the collection is watched by a change stream. */
  changeLog: ChangeLog | undefined;
  /** While recovery replays: indexes are left as they are, and built once from the documents at its end (`buildIndexes`). */
  private indexesDeferred = false;

  constructor(
    readonly db: string,
    readonly name: string,
    private readonly journal: (op: LogOperation) => void,
  ) {}

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  /**
   * Adds a document of at most `sizeBound` bytes of BSON; throws DuplicateKey (changing nothing) if
   * `_id` or a unique index clashes.
   */
  insert(doc: Document, sizeBound: number): void {
    const idKey = canonicalKey(doc._id);
    if (this.docs.has(idKey)) {
      throw duplicateKeyError({ namespace: this.namespace, indexName: '_id_', keyPattern: { _id: 1 }, values: [doc._id] });
    }
    const keys = this.checkedKeys(doc, idKey);
    this.docs.set(idKey, doc);
    this.sizeBounds.set(idKey, sizeBound);
    this.addKeys(keys, idKey);
    this.journal({ t: 'put', db: this.db, c: this.name, d: doc });
    this.changeLog?.append({ operationType: 'insert', doc });
  }

  /**
   * Replaces the document with the same `_id` by the outcome of an update (`operationType: 'update'`) or
   * of a replacement document (`'replace'`, as change streams tell them apart), which can have added at
   * most `growth` bytes (undefined: unknown); throws DuplicateKey on a clash, and 17419 for a document
   * over 16 MiB, changing nothing.
   */
  replace(input: { previous: Document; next: Document; operationType: 'update' | 'replace'; growth: number | undefined }): void {
    const { previous, next } = input;
    const idKey = canonicalKey(previous._id);
    if (canonicalKey(next._id) !== idKey) {
      throw new MongoCommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    const sizeBound = updatedSizeBound({ next, previousBound: this.sizeBounds.get(idKey), growth: input.growth });
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
    this.sizeBounds.set(idKey, sizeBound);
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
    if (!this.indexesDeferred) this.removeKeys(previous, idKey);
    this.docs.delete(idKey);
    this.sizeBounds.delete(idKey);
    this.journal({ t: 'delete', db: this.db, c: this.name, id });
    this.changeLog?.append({ operationType: 'delete', id: previous._id });
  }

  /** Insert-or-replace without checks, for replaying the journal; `sizeBound` is at most the document's BSON size, when known. */
  restore(doc: Document, sizeBound: number | undefined): void {
    const idKey = canonicalKey(doc._id);
    if (sizeBound === undefined) this.sizeBounds.delete(idKey);
    else this.sizeBounds.set(idKey, sizeBound);
    const previous = this.indexesDeferred ? undefined : this.docs.get(idKey);
    if (previous) this.removeKeys(previous, idKey);
    this.docs.set(idKey, doc);
    if (this.indexesDeferred) return;
    for (const index of this.indexes.values()) index.add(index.keysOf(doc, idKey), idKey);
  }

  /**
   * Applies a journalled patch of `bytes` while replaying (the patched document is at most that much
   * larger); a document that no longer exists stays absent.
   */
  restorePatch(input: { id: unknown; patch: TopLevelPatch; bytes: number }): void {
    const idKey = canonicalKey(input.id);
    const previous = this.docs.get(idKey);
    if (!previous) return;
    const bound = this.sizeBounds.get(idKey);
    this.restore(applyTopLevelPatch(previous, input.patch), bound === undefined ? undefined : bound + input.bytes);
  }

  /** Builds an index over the existing documents; throws DuplicateKey if they break a unique index. */
  createIndex(spec: IndexSpec): void {
    const index = new CollectionIndex(spec);
    // Recovery: the index was built when it was journalled; its entries come with the others' at the end.
    for (const [idKey, doc] of this.indexesDeferred ? [] : this.docs) {
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

  /** From now until `buildIndexes`, writes leave the indexes as they are (recovery replays documents only). */
  deferIndexes(): void {
    this.indexesDeferred = true;
  }

  /**
   * Builds every index from the documents as they are now, each in one pass (CollectionIndex.rebuild: keys sorted
   * once, loaded in bulk), and maintains them with each write again; `onBuilt` hears of each as it is done.
   */
  buildIndexes(onBuilt: (indexName: string) => void = () => {}): void {
    if (!this.indexesDeferred) return;
    for (const index of this.indexes.values()) {
      index.rebuild(this.docs);
      onBuilt(index.spec.name);
    }
    this.indexesDeferred = false;
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
