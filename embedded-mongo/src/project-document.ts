import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { setField } from './document-path.js';
import { asMongoCommandError } from './errors.js';
import { fromMingoNames, toMingoNames } from './mingo-field-names.js';
import { preparedQueryOptions } from './query-options.js';

const TOP_LEVEL_FIELD = /^[^$.]+$/;

/** Plain inclusion or exclusion of top-level fields, done directly (the usual `{ version: 1 }`). */
function simpleProjection(doc: Document, projection: Document): Document | undefined {
  const entries = Object.entries(projection);
  if (!entries.every(([field, flag]) => TOP_LEVEL_FIELD.test(field) && (flag === 0 || flag === 1 || typeof flag === 'boolean'))) return undefined;
  const others = entries.filter(([field]) => field !== '_id');
  // With no other field, `_id` alone says which: `{ _id: 1 }` keeps only the id, `{ _id: 0 }` all but the id.
  const including = others.length > 0 ? Boolean(others[0]?.[1]) : Boolean(projection._id);
  if (!others.every(([, flag]) => Boolean(flag) === including)) return undefined;
  const idFlag = projection._id;
  if (including) {
    const out: Document = {};
    if (idFlag === undefined || idFlag) if ('_id' in doc) out._id = doc._id;
    // Own fields only: an inherited name such as `toString` is a missing field in a document.
    for (const [field] of others) if (Object.hasOwn(doc, field)) setField(out, field, doc[field]);
    return out;
  }
  const excluded = new Set(others.map(([field]) => field));
  if (idFlag !== undefined && !idFlag) excluded.add('_id');
  const out: Document = {};
  for (const field of Object.keys(doc)) if (!excluded.has(field)) setField(out, field, doc[field]);
  return out;
}

/**
 * Applies a find-style projection to one document (no projection: the document itself).
 * @example projectDocument(doc, { name: 1 })
 */
export function projectDocument(doc: Document, projection: Document | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  const simple = simpleProjection(doc, projection);
  if (simple) return simple;
  try {
    // mingo sees the document and projection under field names it can take (mingo-field-names.ts).
    const seen = toMingoNames(doc);
    const seenProjection = toMingoNames(projection);
    const projected = new Query({}, preparedQueryOptions).find<Document>([seen], seenProjection).all()[0] ?? {};
    return seen === doc && seenProjection === projection ? projected : fromMingoNames(projected);
  } catch (error) {
    throw asMongoCommandError(error);
  }
}
