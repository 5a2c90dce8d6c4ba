import type { mongo } from 'mongoose';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import { recordEventsTopic, type RecordEventsPubSub } from './record-events-topic';

/**
 * Answers meaning the store cannot run a change stream: a standalone mongod (40573), a store without the
 * `$changeStream` stage (40324), or without `aggregate` (59, 115).
 */
const NO_CHANGE_STREAMS = new Set([40573, 40324, 59, 115]);
/** How long a getMore on the change stream waits for new events before the store answers empty. */
const MAX_AWAIT_MS = 1000;
/** How long after a stream failed it is opened again (the in-process events fill in meanwhile). */
const REOPEN_DELAY_MS = 2000;
/**
 * How long the id of an event published in-process is kept, in case the stream delivers it as well (an
 * event drained while a stream is being placed); far longer than a placement takes.
 */
const PUBLISHED_HERE_TTL_MS = 60_000;

type Mode =
  | { type: 'process' }
  | { type: 'opening'; stream: mongo.ChangeStream<EventDoc>; placed: Promise<void> }
  | { type: 'stream'; stream: mongo.ChangeStream<EventDoc> }
  | { type: 'unsupported' };

/**
 * Feeds `recordEvents` subscribers of this process. While any is subscribed, the events come from a
 * change stream on the event log, so a subscriber sees the events every api process logs; with none, no
 * stream is open (it would decode every event logged). A store that cannot run change streams (a
 * standalone mongod) leaves the events this process drains, published in-process.
 * @example const release = await feed.acquire(); … release()
 */
export class RecordEventFeed {
  private mode: Mode = { type: 'process' };
  private subscribers = 0;
  private reopenTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Ids of events published in-process (with when) while a stream may still deliver them; oldest first. */
  private readonly publishedHere = new Map<string, number>();

  constructor(private readonly input: { models: Models; pubsub: RecordEventsPubSub; log: (line: string) => void }) {}

  /** Publishes events this process drained into the log, unless the change stream publishes them. */
  publishDrained(events: EventDoc[]): void {
    if (this.mode.type === 'stream') return;
    // Drained while a stream is being placed, an event may come through it too: it is shown once.
    const remember = this.mode.type === 'opening';
    const now = Date.now();
    for (const event of events) {
      this.publish(event);
      if (remember) this.publishedHere.set(event._id, now);
    }
    for (const [id, at] of this.publishedHere) {
      if (at > now - PUBLISHED_HERE_TTL_MS) break;
      this.publishedHere.delete(id);
    }
  }

  /**
   * Counts a subscriber in, opening the stream for the first; resolves once events logged from then on
   * will reach it (the stream is placed, or the process publishes its own). Call the result when it leaves.
   */
  async acquire(): Promise<() => void> {
    this.subscribers += 1;
    if (this.subscribers === 1) this.open();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.subscribers -= 1;
      if (this.subscribers === 0) void this.shut();
    };
    if (this.mode.type === 'opening') await this.mode.placed;
    return release;
  }

  /** Closes the stream for good (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    await this.shut();
  }

  private publish(event: EventDoc): void {
    this.input.pubsub.publish('recordEvents', recordEventsTopic(event.tenantId, event.workflowKey), event);
  }

  private open(): void {
    if (this.closed || this.mode.type !== 'process' || this.subscribers === 0) return;
    const stream = this.input.models.Event.collection.watch<EventDoc>([{ $match: { operationType: 'insert' } }], { maxAwaitTimeMS: MAX_AWAIT_MS });
    let settle = () => {};
    const placed = new Promise<void>((resolve) => (settle = resolve));
    this.mode = { type: 'opening', stream, placed };
    // The store's first answer places the stream (the driver then holds its resume token): every event
    // logged from then on comes through it, so this process stops publishing its own.
    stream.once('resumeTokenChanged', () => {
      if (this.mode.type === 'opening' && this.mode.stream === stream) this.mode = { type: 'stream', stream };
      settle();
    });
    void this.run(stream).finally(settle);
  }

  /** Reads the stream until it is closed or fails; meanwhile this process's drains fill in. */
  private async run(stream: mongo.ChangeStream<EventDoc>): Promise<void> {
    try {
      while (this.isCurrent(stream)) this.publishChange(await stream.next());
    } catch (error) {
      if (!this.isCurrent(stream)) return;
      const code = (error as { code?: number }).code ?? 0;
      await stream.close().catch(() => undefined);
      if (NO_CHANGE_STREAMS.has(code)) {
        this.mode = { type: 'unsupported' };
        this.input.log(`live updates: the store has no change streams (${(error as Error).message}); subscribers see the events of this process only`);
        return;
      }
      this.mode = { type: 'process' };
      this.input.log(`live updates: the change stream on events failed (${(error as Error).message}); opening it again in ${REOPEN_DELAY_MS} ms`);
      this.reopenTimer = setTimeout(() => {
        this.reopenTimer = null;
        this.open();
      }, REOPEN_DELAY_MS);
      this.reopenTimer.unref();
    }
  }

  private publishChange(change: mongo.ChangeStreamDocument<EventDoc>): void {
    if (change.operationType !== 'insert' || this.publishedHere.delete(change.fullDocument._id)) return;
    this.publish(change.fullDocument);
  }

  private isCurrent(stream: mongo.ChangeStream<EventDoc>): boolean {
    return (this.mode.type === 'opening' || this.mode.type === 'stream') && this.mode.stream === stream;
  }

  private async shut(): Promise<void> {
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.reopenTimer = null;
    if (this.mode.type !== 'opening' && this.mode.type !== 'stream') return;
    const { stream } = this.mode;
    this.mode = { type: 'process' };
    await stream.close().catch(() => undefined);
  }
}
