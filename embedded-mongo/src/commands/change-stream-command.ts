import type { Document } from 'bson';
import type { FullDocumentOption } from '../change-event.js';
import { ChangeStreamCursor } from '../change-stream-cursor.js';
import type { CommandContext } from '../command-context.js';
import { MongoCommandError } from '../errors.js';
import { decodeResumeToken, type ChangePosition, type DecodedResumeToken } from '../resume-token.js';

const FULL_DOCUMENT_OPTIONS: ReadonlySet<string> = new Set<FullDocumentOption>(['default', 'updateLookup', 'whenAvailable', 'required']);
/** The `$changeStream` fields this store knows; any other is refused as mongod's parser refuses it. */
const CHANGE_STREAM_FIELDS = new Set([
  'fullDocument',
  'fullDocumentBeforeChange',
  'resumeAfter',
  'startAfter',
  'startAtOperationTime',
  'allChangesForCluster',
  'showExpandedEvents',
]);
/** Stages MongoDB allows after `$changeStream`: each shapes or drops one change document. */
const STAGES_AFTER_CHANGE_STREAM = new Set(['$match', '$project', '$addFields', '$set', '$unset', '$replaceRoot', '$replaceWith']);

const HISTORY_LOST_MESSAGE = 'Resume of change stream was not possible, as the resume point may no longer be in the change log of the embedded store';

/**
 * Whether an aggregate pipeline opens a change stream (its first stage is `$changeStream`).
 * @example isChangeStreamPipeline([{ $changeStream: {} }, { $match: { operationType: 'insert' } }]) // true
 */
export function isChangeStreamPipeline(pipeline: unknown): boolean {
  const first: unknown = Array.isArray(pipeline) ? pipeline[0] : undefined;
  return typeof first === 'object' && first !== null && '$changeStream' in first;
}

/** A `$changeStream` aggregate, checked: the collection, the stages after the first, and where to start. */
type ChangeStreamRequest = { coll: string; stages: Document[]; fullDocument: FullDocumentOption; resumeFrom: DecodedResumeToken | undefined };

/**
 * An `aggregate` whose first stage is `$changeStream`: opens a change stream on one collection at the
 * end of its change log (or right after a resume token) and answers with its first batch, a cursor id
 * that stays valid until killCursors, and `postBatchResumeToken`. A refused command changes nothing.
 * @example await openChangeStream({ aggregate: 'events', pipeline: [{ $changeStream: {} }], cursor: {}, $db: 'app' }, context)
 */
export function openChangeStream(command: Document, context: CommandContext): Document {
  const { coll, stages, fullDocument, resumeFrom } = parseChangeStream(command);
  const { changeLogs } = context.engine;
  const ns = `${context.db}.${coll}`;
  let position: ChangePosition = changeLogs.current();
  if (resumeFrom) {
    const issuedHere = resumeFrom.storeId === changeLogs.storeId && resumeFrom.position.seq <= position.seq;
    if (!issuedHere || !changeLogs.get(ns)?.covers(resumeFrom.position.seq)) throw new MongoCommandError('ChangeStreamHistoryLost', HISTORY_LOST_MESSAGE);
    position = resumeFrom.position;
  }
  // The cursor's stages are compiled before the collection starts being logged, so a bad stage changes nothing.
  const stream = new ChangeStreamCursor({
    log: () => context.engine.watch(context.db, coll),
    db: context.db,
    coll,
    storeId: changeLogs.storeId,
    position,
    stages,
    fullDocument,
  });
  const cursor = (command.cursor ?? {}) as Document;
  const batchSize = cursor.batchSize === undefined ? undefined : Number(cursor.batchSize);
  return context.cursors.openChangeStream({ ns, stream, batchSize });
}

function parseChangeStream(command: Document): ChangeStreamRequest {
  const coll = command.aggregate;
  if (typeof coll !== 'string') {
    throw new MongoCommandError(
      'CommandNotSupported',
      'the embedded store supports change streams on one collection only (collection.watch()); database and cluster change streams are not supported',
    );
  }
  const [stage, ...stages] = command.pipeline as Document[];
  const options = (stage as Document).$changeStream as unknown;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new MongoCommandError('TypeMismatch', "the $changeStream stage expects a document, e.g. { $changeStream: { fullDocument: 'updateLookup' } }");
  }
  const spec = options as Document;
  for (const field of Object.keys(spec)) {
    if (!CHANGE_STREAM_FIELDS.has(field)) throw new MongoCommandError('Location40415', `BSON field '$changeStream.${field}' is an unknown field.`);
  }
  for (const later of stages) {
    const name = Object.keys(later)[0] ?? '';
    if (!STAGES_AFTER_CHANGE_STREAM.has(name))
      throw new MongoCommandError(
        'IllegalOperation',
        `${name} is not permitted in a $changeStream pipeline (allowed: ${[...STAGES_AFTER_CHANGE_STREAM].join(', ')})`,
      );
  }
  const fullDocument: unknown = spec.fullDocument ?? 'default';
  if (typeof fullDocument !== 'string' || !FULL_DOCUMENT_OPTIONS.has(fullDocument)) {
    throw new MongoCommandError('BadValue', `fullDocument must be one of ${[...FULL_DOCUMENT_OPTIONS].join(', ')}; got ${JSON.stringify(fullDocument)}`);
  }
  if (spec.fullDocumentBeforeChange !== undefined && spec.fullDocumentBeforeChange !== 'off') {
    throw new MongoCommandError('BadValue', 'fullDocumentBeforeChange is not supported by the embedded store (it keeps no pre-images); leave it off');
  }
  if (spec.allChangesForCluster === true) throw new MongoCommandError('CommandNotSupported', 'the embedded store does not support cluster-wide change streams');
  if (spec.startAtOperationTime !== undefined) {
    throw new MongoCommandError('BadValue', 'startAtOperationTime is not supported by the embedded store; resume with resumeAfter or startAfter');
  }
  if (spec.resumeAfter !== undefined && spec.startAfter !== undefined) {
    throw new MongoCommandError('BadValue', "Do not specify both 'resumeAfter' and 'startAfter' in a $changeStream stage");
  }
  const token: unknown = spec.resumeAfter ?? spec.startAfter;
  return { coll, stages, fullDocument: fullDocument as FullDocumentOption, resumeFrom: token === undefined ? undefined : decodeResumeToken(token) };
}
