import { filter, pipe, Repeater } from 'graphql-yoga';
import type { EventDoc } from '../models/event';
import { type FeedPosition, workflowEventsFrom } from './event-feed';
import { recordEventsTopic } from './record-events-topic';
import type { Services } from './services';

/**
 * How long before or after a resumed subscription starts, beyond the settle window, an event may be stamped and still
 * be both replayed and come live (a change stream's delivery behind the log, a clock ahead of this one): far longer
 * than either takes on a healthy deployment. The replay reads this far past its start, and remembers what it showed
 * from this far before it, so none of those is shown twice.
 */
const LIVE_OVERLAP_MS = 10_000;

/**
 * The events, calling `release` once the subscriber leaves: when it returns or fails, or the events end
 * (an iterator, not a generator, so a subscriber that leaves before its first read is released too).
 * @example return counted(feed.acquire(), pipe(pubsub.subscribe('notificationAdded', topic), filter(mine)))
 */
export function counted<T>(release: () => void, events: AsyncIterable<T>): AsyncIterableIterator<T> {
  const inner = events[Symbol.asyncIterator]();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const result = await inner.next();
      if (result.done) release();
      return result;
    },
    async return(value?: unknown) {
      release();
      return (await inner.return?.(value)) ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      release();
      if (inner.throw) return inner.throw(error);
      throw error;
    },
  };
}

/**
 * `replay(startedAt)`'s events, then the live ones, each once and with none falling between: live events are read,
 * and held, from before the replay starts; a live event the replay showed already is left out. `mayComeLive` picks the
 * replayed events worth remembering for that (the others were logged too long before the start to come live).
 * @example resumedEvents({ live, replay: (startedAt) => workflowEventsFrom(services, { …, through: startedAt + marginMs }), mayComeLive: () => true })
 */
export function resumedEvents(input: {
  live: AsyncIterable<EventDoc>;
  replay: (startedAt: number) => AsyncIterable<EventDoc>;
  mayComeLive: (event: EventDoc, startedAt: number) => boolean;
}): AsyncIterableIterator<EventDoc> {
  return new Repeater<EventDoc>(async (push, stop) => {
    const live = input.live[Symbol.asyncIterator]();
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      void live.return?.();
    });
    const held: EventDoc[] = [];
    let holding = true;
    const replayed = new Set<string>();
    const pass = async (event: EventDoc) => {
      if (!replayed.delete(event._id)) await push(event);
    };
    // Reading live events from here on: the listener is in place before the replay reads the log.
    const passing = (async () => {
      for (let next = await live.next(); !next.done; next = await live.next()) {
        if (holding) held.push(next.value);
        else await pass(next.value);
      }
    })().catch((error: unknown) => stop(error));
    const startedAt = Date.now();
    for await (const event of input.replay(startedAt)) {
      if (stopped) break;
      if (input.mayComeLive(event, startedAt)) replayed.add(event._id);
      await push(event);
    }
    // What came live meanwhile, in order; no await between the last look and the switch, so none slips past.
    for (let event = held.shift(); event; event = held.shift()) await pass(event);
    holding = false;
    await passing;
    stop();
  });
}

/**
 * Live events of one workflow of a tenant, written through any api process (see `RecordEventFeed`); resolves once
 * events logged from then on will reach it. With `after` (a feed position), first the events the log holds from one
 * settle window before it (a live event's position may be ahead of events another process has yet to log within the
 * window), then the live ones, each once: events the client saw before `after` may come again, never with a gap.
 * @example const events = await recordEventStream(services, { tenantId, workflowKey: 'deals', after: null })
 */
export async function recordEventStream(
  services: Pick<Services, 'feed' | 'pubsub' | 'models' | 'config'>,
  input: { tenantId: string; workflowKey: string; after: FeedPosition | null },
): Promise<AsyncIterableIterator<EventDoc>> {
  const { tenantId, workflowKey, after } = input;
  const release = await services.feed.acquire();
  const live = pipe(
    services.pubsub.subscribe('recordEvents', recordEventsTopic(tenantId, workflowKey)),
    filter((event: EventDoc) => event.tenantId === tenantId),
  );
  if (!after) return counted(release, live);
  const settleMs = services.config.eventFeedSettleMs;
  const marginMs = settleMs + LIVE_OVERLAP_MS;
  const from = after.loggedAt === 0 || settleMs === 0 ? after : { loggedAt: after.loggedAt - settleMs, id: '' };
  const events = resumedEvents({
    live,
    replay: (startedAt) => workflowEventsFrom(services, { tenantId, workflowKey, from, through: startedAt + marginMs }),
    mayComeLive: (event, startedAt) => (event.loggedAt ?? 0) > startedAt - marginMs,
  });
  return counted(release, events);
}
