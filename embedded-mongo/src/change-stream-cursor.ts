import { BSON, type Document } from 'bson';
import { Aggregator, ProcessingMode } from 'mingo';
import { changeEvent, type FullDocumentOption } from './change-event.js';
import type { ChangeLog } from './change-log.js';
import { asMongoCommandError, MongoCommandError } from './errors.js';
import { queryOptions } from './query-options.js';
import { MAX_BATCH_BYTES } from './reply-batch.js';
import { encodeResumeToken, type ChangePosition } from './resume-token.js';

/** Stages that never write into the change documents they get, so those need no copy (mingo 7.2). */
const READ_ONLY_CHANGE_STAGES = new Set(['$match', '$project', '$unset', '$replaceRoot', '$replaceWith']);

/** What the stages are tried on when the stream opens, so a bad operator is refused then (mingo checks them when it runs). */
const PROBE_CHANGE: Document = { _id: { _data: '' }, operationType: 'insert', ns: {}, documentKey: {}, fullDocument: {} };

/** One batch of a change stream and the token of the place it reached. */
export type ChangeBatch = { docs: Document[]; postBatchResumeToken: Document };

/**
 * An open change stream on one collection: a position in its change log and the stages after
 * `$changeStream`, run on each change document. It holds no changes of its own.
 * @example const batch = await cursor.awaitBatch({ batchSize: 100, maxTimeMS: 1000 })
 */
export class ChangeStreamCursor {
  private readonly aggregator: Aggregator | undefined;
  private readonly log: ChangeLog;
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly input: {
      /** Called once the stages are known to be valid: starts logging the collection if it was not. */
      log: () => ChangeLog;
      db: string;
      coll: string;
      storeId: string;
      position: ChangePosition;
      stages: Document[];
      fullDocument: FullDocumentOption;
    },
  ) {
    const { stages } = input;
    const readOnly = stages.every((stage) => READ_ONLY_CHANGE_STAGES.has(Object.keys(stage)[0] ?? ''));
    const mode = readOnly ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT;
    try {
      this.aggregator = stages.length > 0 ? new Aggregator(stages, { ...queryOptions, processingMode: mode }) : undefined;
      this.aggregator?.run([{ ...PROBE_CHANGE }]);
    } catch (error) {
      throw asMongoCommandError(error);
    }
    this.log = input.log();
  }

  /** The changes after the position, up to `batchSize` (and 16 MiB), moving the position past them. */
  takeBatch(batchSize: number): ChangeBatch {
    const { log } = this;
    const docs: Document[] = [];
    let bytes = 0;
    for (let index = log.indexAfter(this.input.position.seq); docs.length < batchSize; index++) {
      const entry = log.entryAt(index);
      if (!entry) break;
      const event = changeEvent({ entry, db: this.input.db, coll: this.input.coll, storeId: this.input.storeId, fullDocument: this.input.fullDocument });
      const shaped = this.shape(event);
      if (shaped) {
        bytes += BSON.calculateObjectSize(shaped);
        if (bytes > MAX_BATCH_BYTES && docs.length > 0) break;
        docs.push(shaped);
      }
      this.input.position = { seq: entry.seq, clusterTime: entry.clusterTime };
    }
    return { docs, postBatchResumeToken: encodeResumeToken({ position: this.input.position, storeId: this.input.storeId }) };
  }

  /**
   * The next batch, waiting up to `maxTimeMS` for a change when there is none yet (MongoDB's awaitData);
   * an empty batch when the time runs out or the cursor is closed meanwhile.
   */
  async awaitBatch(input: { batchSize: number; maxTimeMS: number }): Promise<ChangeBatch> {
    const deadline = Date.now() + input.maxTimeMS;
    for (;;) {
      const batch = this.takeBatch(input.batchSize);
      const remaining = deadline - Date.now();
      if (batch.docs.length > 0 || remaining <= 0 || this.closed) return batch;
      await this.nextChange(remaining);
    }
  }

  /** Ends a wait in progress; the cursor answers nothing more. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  private nextChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = this.log.subscribe(done);
      this.wake = done;
    });
  }

  private shape(event: Document): Document | undefined {
    if (!this.aggregator) return event;
    let shaped: Document | undefined;
    try {
      shaped = this.aggregator.run([event])[0] as Document | undefined;
    } catch (error) {
      throw asMongoCommandError(error);
    }
    // The driver resumes from each change's _id, so a pipeline may not take it away (as MongoDB refuses).
    const token = (shaped?._id as Document | undefined)?._data;
    if (shaped && token !== (event._id as Document)._data) {
      throw new MongoCommandError(
        'ChangeStreamFatalError',
        'Encountered an event whose _id field, which contains the resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible to resume the stream from that point. Only transformations that retain the unmodified _id field are allowed.',
      );
    }
    return shaped;
  }
}
