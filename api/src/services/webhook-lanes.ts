import DataLoader from 'dataloader';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import { tenantCollection } from '../models/tenant-collection';
import type { TenantBulkWriter, TenantWrite, WriteOutcome } from '../models/tenant-bulk-writer';
import type { WebhookDeliveryDoc } from '../models/webhook-delivery';
import { groupBy } from './group-by';
import { nextTurn } from './next-turn';

/** What a sender reads of a delivery to decide on it and send it. */
export type Due = Pick<WebhookDeliveryDoc, '_id' | 'tenantId' | 'endpointId' | 'eventId' | 'lane' | 'attempts' | 'createdAt'>;

/** An event to read: its tenant and id. */
type EventKey = { tenantId: string; eventId: string };

/** Most writes (claims, outcomes, parkings of every endpoint) one `bulkWrite` carries. */
const WRITES_MAX = 500;
/** Most events one `find` reads. */
const EVENTS_MAX = 500;
/** Pending deliveries per lane one read of many lanes' heads takes at most: a longer lane is read on its own. */
const PENDING_READ_PER_LANE = 4;

const DUE_PROJECTION = { tenantId: 1, endpointId: 1, eventId: 1, lane: 1, attempts: 1, createdAt: 1 };

/**
 * The webhook delivery collection as the senders use it: what is due, each lane's head, and the writes of claims,
 * outcomes and parkings. Writes made in one turn of the event loop go as one `bulkWrite`, and events read in one
 * turn as one `find` per tenant: a command per delivery cost more than the delivery (docs/benchmarks.md, run K).
 * @example const [outcome] = await Promise.all(claimed.map((d) => lanes.write({ type: 'update', … })))
 */
export class WebhookLanes {
  private readonly writes: DataLoader<TenantWrite, WriteOutcome, TenantWrite>;
  private readonly events: DataLoader<EventKey, EventDoc | null, EventKey>;

  constructor(
    private readonly input: {
      models: Models;
      writer: TenantBulkWriter;
    },
  ) {
    this.writes = new DataLoader((writes) => input.writer.write(writes), { cache: false, maxBatchSize: WRITES_MAX, batchScheduleFn: nextTurn });
    this.events = new DataLoader((keys) => this.readEvents(keys), { cache: false, maxBatchSize: EVENTS_MAX, batchScheduleFn: nextTurn });
  }

  /** The name of the deliveries' collection, for the writes. */
  get collection(): string {
    return this.input.models.WebhookDelivery.collection.collectionName;
  }

  /**
   * Pending deliveries due by `now` and held by nobody, oldest due first, of endpoints not in `skipEndpoints` (those
   * with no room in this process); across tenants on purpose, like the sweeper's scan (each delivery names its tenant).
   */
  async due(input: { now: Date; limit: number; skipEndpoints: string[] }): Promise<Due[]> {
    const { now } = input;
    const filter = {
      status: 'pending',
      nextAttemptAt: { $lte: now },
      leaseUntil: { $lte: now },
      ...(input.skipEndpoints.length > 0 ? { endpointId: { $nin: input.skipEndpoints } } : {}),
    };
    return (await this.input.models.WebhookDelivery.collection
      .find(filter as never, { projection: DUE_PROJECTION })
      .sort({ nextAttemptAt: 1 })
      .limit(input.limit)
      .toArray()) as unknown as Due[];
  }

  /**
   * The heads of a tenant's lanes: each lane's pending delivery (claimed or not) with the smallest id; a lane with none
   * pending is absent. One read of every pending delivery of the lanes while they are short; when that read would take
   * more than a few per lane, one read per lane through the lane index, which costs a long lane no more than a short one.
   */
  async heads(input: { tenantId: string; lanes: string[] }): Promise<Map<string, string>> {
    const { tenantId, lanes } = input;
    const collection = this.input.models.WebhookDelivery.collection;
    const limit = PENDING_READ_PER_LANE * lanes.length;
    const pending = (await collection
      .find({ tenantId, lane: { $in: lanes }, status: 'pending' } as never, { projection: { lane: 1 } })
      .limit(limit)
      .toArray()) as unknown as { _id: string; lane: string }[];
    const heads = new Map<string, string>();
    if (pending.length < limit) {
      for (const { _id, lane } of pending) if (_id < (heads.get(lane) ?? '\uffff')) heads.set(lane, _id);
      return heads;
    }
    await Promise.all(
      lanes.map(async (lane) => {
        const [head] = await collection
          .find({ tenantId, lane, status: 'pending' } as never, { projection: { _id: 1 } })
          .sort({ _id: 1 })
          .limit(1)
          .toArray();
        if (head) heads.set(lane, String(head._id));
      }),
    );
    return heads;
  }

  /** One write of a delivery (or an endpoint), sent with the others of this turn; what became of it. */
  write(write: TenantWrite): Promise<WriteOutcome> {
    return this.writes.load(write);
  }

  /** A delivery's event, read with the others of this turn; null when it is not in the log. */
  event(key: EventKey): Promise<EventDoc | null> {
    return this.events.load(key);
  }

  private async readEvents(keys: readonly EventKey[]): Promise<(EventDoc | null)[]> {
    const found = new Map<string, EventDoc>();
    const events = tenantCollection(this.input.models.Event.collection);
    await Promise.all(
      [...groupBy(keys, (key) => key.tenantId)].map(async ([tenantId, ofTenant]) => {
        const docs = (await events.find({ tenantId, filter: { _id: { $in: [...new Set(ofTenant.map((key) => key.eventId))] } } })) as unknown as EventDoc[];
        for (const doc of docs) found.set(`${tenantId}:${doc._id}`, doc);
      }),
    );
    return keys.map((key) => found.get(`${key.tenantId}:${key.eventId}`) ?? null);
  }
}
