import { Long, type Document } from 'bson';
import { Aggregator, ProcessingMode } from 'mingo';
import { canonicalKey } from '../canonical-key.js';
import { isChangeStreamPipeline, openChangeStream } from './change-stream-command.js';
import type { CommandContext } from '../command-context.js';
import { cloneDocument, indexValuesAtPath } from '../document-path.js';
import { asMongoCommandError, MongoCommandError } from '../errors.js';
import type { QueryPlan } from '../plan-query.js';
import { queryOptions } from '../query-options.js';
import { rewriteBucketStages } from '../rewrite-bucket-stages.js';
import { selectDocuments, type Selection } from '../select-documents.js';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

function toNumber(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? value : Number(value.toString());
}

function findSelection(command: Document): Selection & { batchSize?: number; singleBatch: boolean } {
  const limit = toNumber(command.limit);
  return {
    filter: command.filter as Document | undefined,
    sort: command.sort as Document | undefined,
    projection: command.projection as Document | undefined,
    skip: toNumber(command.skip),
    ...(limit !== undefined && limit !== 0 ? { limit: Math.abs(limit) } : {}),
    batchSize: toNumber(command.batchSize),
    singleBatch: command.singleBatch === true || (limit !== undefined && limit < 0),
  };
}

/** `find`: filter, sort, skip, limit, projection, batchSize, singleBatch. */
export async function findCommand(command: Document, context: CommandContext): Promise<Document> {
  const name = String(command.find);
  const selection = findSelection(command);
  const { docs } = await selectDocuments(context.engine.collection(context.db, name), selection);
  const batchSize = selection.batchSize === 0 ? 0 : selection.batchSize;
  return context.cursors.firstBatch({ ns: `${context.db}.${name}`, docs, batchSize, singleBatch: selection.singleBatch });
}

/** `getMore`: the next batch of an open cursor; a change stream's may wait for a change (awaitData). */
export function getMoreCommand(command: Document, context: CommandContext): Document | Promise<Document> {
  const id = command.getMore instanceof Long ? command.getMore : Long.fromNumber(Number(command.getMore));
  return context.cursors.nextBatch({
    id,
    ns: `${context.db}.${String(command.collection)}`,
    batchSize: toNumber(command.batchSize) || undefined,
    maxTimeMS: toNumber(command.maxTimeMS) || undefined,
  });
}

/** `killCursors`. */
export function killCursorsCommand(command: Document, context: CommandContext): Document {
  const ids = ((command.cursors ?? []) as unknown[]).map((id) => (id instanceof Long ? id : Long.fromNumber(Number(id))));
  const { killed, notFound } = context.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

/** `count` (what `estimatedDocumentCount` sends). */
export async function countCommand(command: Document, context: CommandContext): Promise<Document> {
  const collection = context.engine.collection(context.db, String(command.count));
  const query = command.query as Document | undefined;
  if (!query || Object.keys(query).length === 0) {
    const total = collection?.docs.size ?? 0;
    const skipped = Math.max(0, total - (toNumber(command.skip) ?? 0));
    const limit = toNumber(command.limit);
    return { n: limit ? Math.min(skipped, Math.abs(limit)) : skipped, ok: 1 };
  }
  const limit = toNumber(command.limit);
  const { docs } = await selectDocuments(collection, { filter: query, skip: toNumber(command.skip), ...(limit ? { limit: Math.abs(limit) } : {}) });
  return { n: docs.length, ok: 1 };
}

/** `distinct`: values of a field (array elements counted one by one) over matching documents. */
export async function distinctCommand(command: Document, context: CommandContext): Promise<Document> {
  const key = String(command.key);
  const { docs } = await selectDocuments(context.engine.collection(context.db, String(command.distinct)), { filter: command.query as Document | undefined });
  const values = new Map<string, unknown>();
  for (const doc of docs) {
    for (const value of indexValuesAtPath(doc, key)) {
      if (value === undefined) continue;
      const id = canonicalKey(value);
      if (!values.has(id)) values.set(id, value);
    }
  }
  return { values: [...values.values()], ok: 1 };
}

/**
 * Documents of another collection for `$lookup`; copies when a later stage may write into them. Read once per
 * command when nothing copies, since a chunked `$lookup` asks for them once per chunk.
 */
function collectionResolver(context: CommandContext, copy: boolean): (name: string) => Document[] {
  const read = new Map<string, Document[]>();
  return (name) => {
    const known = read.get(name);
    if (known) return known;
    const docs = [...(context.engine.collection(context.db, name)?.docs.values() ?? [])];
    if (copy) return docs.map(cloneDocument);
    read.set(name, docs);
    return docs;
  };
}

/**
 * Documents a per-document run of an aggregation handles between two turns of the event loop: fewer than a
 * scan's (SCAN_CHUNK_DOCS, 5,000), since a `$lookup` and the expressions after it cost far more per document.
 */
const AGGREGATE_CHUNK_DOCS = 500;

const FORBIDDEN_STAGES = new Set(['$out', '$merge']);
/**
 * Stages that never write into their input documents (they filter, reorder, or build new
 * documents), checked against mingo 7.2; with only these, stored documents need no defensive copy.
 * `$set`/`$addFields` are not among them: mingo writes nested fields into the input.
 */
const READ_ONLY_STAGES = new Set([
  '$match',
  '$group',
  '$count',
  '$sort',
  '$limit',
  '$skip',
  '$sortByCount',
  '$project',
  '$unwind',
  '$lookup',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

/**
 * Stages whose output for one document depends on that document alone (and, for `$lookup`, on the other
 * collection as the command found it): they run over their input in chunks.
 */
const PER_DOCUMENT_STAGES = new Set(['$match', '$project', '$unwind', '$addFields', '$set', '$unset', '$replaceRoot', '$replaceWith', '$lookup']);

/** A pipeline cut into runs of per-document stages (chunked) and the stages between them that need all documents at once. */
function segments(stages: Document[]): { stages: Document[]; chunked: boolean }[] {
  const cut: { stages: Document[]; chunked: boolean }[] = [];
  for (const stage of stages) {
    const chunked = PER_DOCUMENT_STAGES.has(Object.keys(stage)[0] ?? '');
    const last = cut.at(-1);
    if (chunked && last?.chunked) last.stages.push(stage);
    else cut.push({ stages: [stage], chunked });
  }
  return cut;
}

function isReadOnlyPipeline(stages: Document[]): boolean {
  return stages.every((stage) => {
    const name = Object.keys(stage)[0] ?? '';
    if (name === '$facet') return Object.values(stage.$facet as Record<string, Document[]>).every(isReadOnlyPipeline);
    return READ_ONLY_STAGES.has(name);
  });
}

/** `aggregate`: a leading `$match` uses the indexes; the rest runs in mingo (`$lookup` within this database). */
export async function aggregateCommand(command: Document, context: CommandContext): Promise<Document> {
  if (isChangeStreamPipeline(command.pipeline)) return openChangeStream(command, context);
  const pipeline = rewriteBucketStages((command.pipeline ?? []) as Document[]);
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (FORBIDDEN_STAGES.has(name)) throw new MongoCommandError('BadValue', `${name} is not supported by the embedded store`);
  }
  const collectionName = typeof command.aggregate === 'string' ? command.aggregate : undefined;
  const [first, ...rest] = pipeline;
  const leadingMatch = first && '$match' in first ? (first.$match as Document) : undefined;
  const { docs: input } = await selectDocuments(collectionName === undefined ? undefined : context.engine.collection(context.db, collectionName), {
    filter: leadingMatch ?? {},
  });
  const stages = leadingMatch ? rest : pipeline;
  const readOnly = isReadOnlyPipeline(stages);
  const options = {
    ...queryOptions,
    processingMode: readOnly ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT,
    collectionResolver: collectionResolver(context, !readOnly),
  };
  // Stages that handle each document on its own run over their input in chunks, with the event loop
  // turning in between, wherever they are in the pipeline; a stage that needs all documents at once
  // ($group, $sort…) runs in one step. Other clients (other tenants' writes) then wait for one chunk or one
  // such stage, not for a whole report: a $group, $lookup, $group pipeline over a few thousand events held
  // the store for 250–650 ms in one step.
  let output: Document[] = input;
  try {
    for (const segment of segments(stages)) {
      if (!segment.chunked) {
        output = new Aggregator(segment.stages, options).run(output);
        continue;
      }
      const shaped: Document[] = [];
      for (let start = 0; start < output.length; start += AGGREGATE_CHUNK_DOCS) {
        for (const doc of new Aggregator(segment.stages, options).run(output.slice(start, start + AGGREGATE_CHUNK_DOCS))) shaped.push(doc);
        if (start + AGGREGATE_CHUNK_DOCS < output.length) await yieldToEventLoop();
      }
      output = shaped;
    }
  } catch (error) {
    throw asMongoCommandError(error);
  }
  const cursor = (command.cursor ?? {}) as Document;
  return context.cursors.firstBatch({ ns: `${context.db}.${collectionName ?? '$cmd.aggregate'}`, docs: output, batchSize: toNumber(cursor.batchSize) });
}

function describePlan(plan: QueryPlan): Document {
  switch (plan.kind) {
    case 'idLookup':
      return { stage: 'IDHACK' };
    case 'indexScan':
      return { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: plan.index.name, keyPattern: plan.index.spec.key } };
    case 'collectionScan':
      return { stage: 'COLLSCAN' };
    default: {
      const unknown: never = plan;
      throw new Error(`unknown plan ${JSON.stringify(unknown)}`);
    }
  }
}

/** `explain` of a `find`: the chosen plan and how many documents it examined. */
export async function explainCommand(command: Document, context: CommandContext): Promise<Document> {
  const inner = command.explain as Document;
  if (!inner || !('find' in inner)) throw new MongoCommandError('BadValue', 'the embedded store explains find commands only');
  const name = String(inner.find);
  const { docs, plan, docsExamined } = await selectDocuments(context.engine.collection(context.db, name), findSelection(inner));
  const winningPlan = describePlan(plan);
  return {
    queryPlanner: { namespace: `${context.db}.${name}`, winningPlan, rejectedPlans: [] },
    executionStats: {
      executionSuccess: true,
      nReturned: docs.length,
      totalDocsExamined: docsExamined,
      totalKeysExamined: plan.kind === 'collectionScan' ? 0 : docsExamined,
      executionStages: winningPlan,
    },
    ok: 1,
  };
}
