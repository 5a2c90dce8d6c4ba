import { Schema, type Connection } from 'mongoose';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * One event on its way to one endpoint. `_id` is `${endpointId}:${eventId}` (a drain repeated after a crash stores
 * it once), and it is also the `webhook-id` the receiver sees on every attempt. Deliveries of one endpoint and
 * record form a lane (`lane`), sent one at a time in event order: the lane's head is its pending delivery with the
 * smallest `_id` (event ids sort by record version).
 */
export interface WebhookDeliveryDoc {
  _id: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  recordId: string;
  /** The webhook event type (`record.transitioned`, docs/webhooks.md). */
  eventType: string;
  lane: string;
  /** `paused` while its endpoint is disabled; `failed` once the retry window passed. */
  status: 'pending' | 'delivered' | 'failed' | 'paused';
  attempts: number;
  nextAttemptAt: Date;
  /** Until when one process holds it to send (the epoch when nobody does). */
  leaseUntil: Date;
  leaseOwner?: string | null;
  /**
   * The delivery of its lane it waits behind, while it is parked (left out of the senders' due scan until that one's
   * outcome is written, services/webhook-sender.ts).
   */
  parkedBehind?: string | null;
  createdAt: Date;
  lastAttemptAt?: Date | null;
  lastStatusCode?: number | null;
  lastError?: string | null;
  /** The first characters of the receiver's last answer, never more (`webhookExcerptChars`). */
  lastExcerpt?: string | null;
  deliveredAt?: Date | null;
}

const schema = new Schema<WebhookDeliveryDoc>(
  {
    _id: String,
    tenantId: String,
    endpointId: String,
    eventId: String,
    recordId: String,
    eventType: String,
    lane: String,
    status: String,
    attempts: Number,
    nextAttemptAt: Date,
    leaseUntil: Date,
    leaseOwner: String,
    parkedBehind: String,
    createdAt: Date,
    lastAttemptAt: Date,
    lastStatusCode: Number,
    lastError: String,
    lastExcerpt: String,
    deliveredAt: Date,
  },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
// The senders' cross-tenant scan for what is due (through the driver collection, as the sweeper's).
schema.index({ status: 1, nextAttemptAt: 1 });
// A lane's pending deliveries, head first.
schema.index({ lane: 1, status: 1, _id: 1 });
// The deliveries parked behind one, brought back by its outcome.
schema.index({ parkedBehind: 1, status: 1 });
// An endpoint's delivery log, newest first.
schema.index({ tenantId: 1, endpointId: 1, createdAt: -1, _id: -1 });

/** The WebhookDelivery model on a connection. */
export const webhookDeliveryModel = (connection: Connection) => connection.model<WebhookDeliveryDoc>('WebhookDelivery', schema, 'webhookDeliveries');
