import { LRUCache } from 'lru-cache';
import type { Models } from '../models/models';
import type { NotificationDoc } from '../models/notification';
import { notificationTopic } from './delivery-fan-out';
import type { RecordEventsPubSub } from './record-events-topic';

/** How far back each look reaches before the last one began: inserts in flight elsewhere, clocks a little off. */
const LOOK_BACK_MS = 5_000;
/** Notification ids this process remembers as published (each is shown to its subscriber once). */
const SEEN_MAX = 50_000;

/**
 * Feeds `notificationAdded` subscribers of this process: the notifications this process's drains store at once,
 * and, while anyone here is subscribed, those other processes store, read every `pollMs` (one query across tenants
 * for everything stored since a little before the last look, whoever it is for). Each is published once.
 * @example const release = feed.acquire(); … release()
 */
export class NotificationFeed {
  private readonly seen = new LRUCache<string, true>({ max: SEEN_MAX });
  private subscribers = 0;
  private timer: NodeJS.Timeout | null = null;
  private since = new Date();

  constructor(private readonly input: { models: Models; pubsub: RecordEventsPubSub; pollMs: number; log: (line: string) => void }) {}

  /** Publishes a notification to its person's subscribers here, unless it was already. */
  publish(notification: NotificationDoc): void {
    if (this.seen.has(notification._id)) return;
    this.seen.set(notification._id, true);
    this.input.pubsub.publish('notificationAdded', notificationTopic(notification.tenantId, notification.userId), notification);
  }

  /** A subscriber arrives: looks for other processes' notifications until `release` is called (once) by every subscriber. */
  acquire(): () => void {
    this.subscribers += 1;
    if (this.subscribers === 1 && this.input.pollMs > 0) {
      this.since = new Date();
      this.arm();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  private release(): void {
    this.subscribers -= 1;
    if (this.subscribers === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      void this.look()
        .catch((error: Error) => this.input.log(`reading new notifications failed (the next look reads them): ${error.message}`))
        .finally(() => {
          if (this.subscribers > 0) this.arm();
          else this.timer = null;
        });
    }, this.input.pollMs);
    this.timer.unref();
  }

  private async look(): Promise<void> {
    const started = new Date();
    const from = new Date(this.since.getTime() - LOOK_BACK_MS);
    // Across tenants on purpose: each notification names its tenant and person, and is published to that topic only.
    const stored = (await this.input.models.Notification.collection
      .find({ createdAt: { $gte: from } } as never)
      .sort({ createdAt: 1 })
      .toArray()) as unknown as NotificationDoc[];
    for (const notification of stored) this.publish(notification);
    this.since = started;
  }
}
