import type { Document } from 'bson';
import { Query } from 'mingo';
import { asMongoCommandError } from './errors.js';
import { queryOptions } from './query-options.js';

/**
 * Applies a find-style projection to one document (no projection: the document itself).
 * @example projectDocument(doc, { name: 1 })
 */
export function projectDocument(doc: Document, projection: Document | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  try {
    return new Query({}, queryOptions).find<Document>([doc], projection).all()[0] ?? {};
  } catch (error) {
    throw asMongoCommandError(error);
  }
}
