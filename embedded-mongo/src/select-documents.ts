import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Collection } from './collection.js';
import { DocumentQuery, fieldRoots, readsMingoUnsafeField } from './document-query.js';
import { asMongoCommandError } from './errors.js';
import { hasExactCanonicalKey } from './canonical-key.js';
import { fromMingoNames, toMingoNames } from './mingo-field-names.js';
import { plainEqualityTest } from './equality-test.js';
import { candidates, planQuery, type QueryPlan } from './plan-query.js';
import { projectDocument } from './project-document.js';
import { preparedQueryOptions } from './query-options.js';

/** Candidates checked between two turns of the event loop, so a long scan never stalls other clients. */
const SCAN_CHUNK_DOCS = 5_000;

/** What to select and how to shape it. */
export type Selection = {
  filter?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
};

/** The selected documents, and what it took (for explain). */
export type SelectionResult = { docs: Document[]; plan: QueryPlan; docsExamined: number };

/**
 * Finds, sorts, skips, limits and projects documents; the returned documents without a projection
 * are the stored (immutable) objects.
 * @example const { docs } = await selectDocuments(collection, { filter: { stage: 'sql' }, limit: 10 })
 */
export async function selectDocuments(collection: Collection | undefined, selection: Selection): Promise<SelectionResult> {
  const filter = selection.filter ?? {};
  const plan: QueryPlan = collection ? planQuery(collection, filter, selection.sort) : { kind: 'collectionScan' };
  // A document found by an exact `_id` lookup meets the `_id` clause already: only the rest is tested.
  const residual = plan.kind === 'idLookup' ? plan.residual : filter;
  const direct = plainEqualityTest(residual);
  // mingo queries are built when first needed, once per filter.
  const queries = new Map<Document, DocumentQuery>();
  const query = (tested: Document): DocumentQuery => {
    let compiled = queries.get(tested);
    if (!compiled) {
      try {
        compiled = new DocumentQuery(tested);
      } catch (error) {
        throw asMongoCommandError(error);
      }
      queries.set(tested, compiled);
    }
    return compiled;
  };
  // An invalid filter fails here, before anything is examined.
  if (!direct) query(residual);
  const matches = (doc: Document): boolean => {
    if (residual !== filter && !hasExactCanonicalKey(doc._id)) return query(filter).test(doc);
    const answer = direct ? direct(doc) : 'unsure';
    return answer === 'unsure' ? query(residual).test(doc) : answer;
  };
  if (!collection) return { docs: [], plan, docsExamined: 0 };
  const skip = selection.skip ?? 0;
  const limit = selection.limit && selection.limit > 0 ? selection.limit : Infinity;
  // An ordered index scan already yields the sort order.
  const ordered = plan.kind === 'indexScan' && plan.ordered !== undefined;
  const hasSort = !ordered && selection.sort !== undefined && Object.keys(selection.sort).length > 0;
  const enough = hasSort ? Infinity : skip + limit;
  const matched: Document[] = [];
  let docsExamined = 0;
  try {
    for (const doc of candidates(collection, plan)) {
      docsExamined += 1;
      if (matches(doc)) {
        matched.push(doc);
        if (matched.length >= enough) break;
      }
      if (docsExamined % SCAN_CHUNK_DOCS === 0) await yieldToEventLoop();
    }
  } catch (error) {
    throw asMongoCommandError(error);
  }
  const shaped = shape(matched, { ...selection, skip, limit, hasSort });
  return { docs: shaped, plan, docsExamined };
}

function shape(docs: Document[], options: Selection & { skip: number; limit: number; hasSort: boolean }): Document[] {
  const hasProjection = options.projection !== undefined && Object.keys(options.projection).length > 0;
  const page = options.hasSort ? sorted(docs, options) : docs.slice(options.skip, options.skip + options.limit);
  return hasProjection ? page.map((doc) => projectDocument(doc, options.projection)) : page;
}

/** The page of `docs` in the sort's order, by mingo, which sees the sorted fields under names it can take. */
function sorted(docs: Document[], options: Selection & { skip: number; limit: number }): Document[] {
  const sort = options.sort as Record<string, 1 | -1>;
  const roots = fieldRoots(sort);
  const renaming = docs.some((doc) => readsMingoUnsafeField(doc, roots));
  const originals = new Map<Document, Document>();
  const input = renaming
    ? docs.map((doc) => {
        const seen = toMingoNames(doc);
        originals.set(seen, doc);
        return seen;
      })
    : docs;
  try {
    let cursor = new Query({}, preparedQueryOptions).find<Document>(input).sort(renaming ? toMingoNames(sort) : sort);
    if (options.skip > 0) cursor = cursor.skip(options.skip);
    if (options.limit !== Infinity) cursor = cursor.limit(options.limit);
    const page = cursor.all();
    return renaming ? page.map((doc) => originals.get(doc) ?? fromMingoNames(doc)) : page;
  } catch (error) {
    throw asMongoCommandError(error);
  }
}
