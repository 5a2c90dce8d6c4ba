import type { Document } from 'bson';
import type { ChangeEntry } from './change-log.js';
import { encodeResumeToken } from './resume-token.js';

/** The `fullDocument` options of `$changeStream` this store serves. */
export type FullDocumentOption = 'default' | 'updateLookup' | 'whenAvailable' | 'required';

/**
 * The change document MongoDB 7/8 sends for a logged change of a collection, fields in MongoDB's order.
 * An update carries `fullDocument` only when the stream asked for it; it is the document right after the
 * update (MongoDB looks it up when the change is read, which may be later).
 * @example changeEvent({ entry, db: 'app', coll: 'events', storeId, fullDocument: 'default' })
 */
export function changeEvent(input: { entry: ChangeEntry; db: string; coll: string; storeId: string; fullDocument: FullDocumentOption }): Document {
  const { entry } = input;
  const { change } = entry;
  const head = {
    _id: encodeResumeToken({ position: entry, storeId: input.storeId }),
    operationType: change.operationType,
    clusterTime: entry.clusterTime,
    wallTime: entry.wallTime,
  };
  const ns = { db: input.db, coll: input.coll };
  switch (change.operationType) {
    case 'insert':
    case 'replace':
      return { ...head, fullDocument: change.doc, ns, documentKey: { _id: change.doc._id } };
    case 'update':
      return {
        ...head,
        ns,
        documentKey: { _id: change.doc._id },
        updateDescription: { updatedFields: change.updatedFields, removedFields: change.removedFields, truncatedArrays: [] },
        ...(input.fullDocument === 'default' ? {} : { fullDocument: change.doc }),
      };
    case 'delete':
      return { ...head, ns, documentKey: { _id: change.id } };
    default: {
      const unknown: never = change;
      throw new Error(`unknown change ${JSON.stringify(unknown)}`);
    }
  }
}
