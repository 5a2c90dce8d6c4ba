import { BSON, type Document } from 'bson';

/** MongoDB caps one reply batch at 16 MiB of documents. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** Documents in a first batch when the client names no batch size (MongoDB's default). */
export const DEFAULT_FIRST_BATCH_SIZE = 101;

/**
 * Takes documents from `start` until `batchSize` documents or 16 MiB (at least one document).
 * @example const batch = takeBatch({ docs, start: 0, batchSize: 101 })
 */
export function takeBatch(input: { docs: readonly Document[]; start: number; batchSize: number }): Document[] {
  const { docs, start, batchSize } = input;
  const batch: Document[] = [];
  let bytes = 0;
  for (let i = start; i < docs.length && batch.length < batchSize; i++) {
    const doc = docs[i] as Document;
    bytes += BSON.calculateObjectSize(doc);
    if (bytes > MAX_BATCH_BYTES && batch.length > 0) break;
    batch.push(doc);
  }
  return batch;
}
