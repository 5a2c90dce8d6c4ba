import { Schema, type Connection } from 'mongoose';
import type { NotificationType } from '../accounts/notification-types';
import { tenantScopePlugin } from './tenant-scope-plugin';

/** Where a notification's email stands; absent when the person hears of this type in the app only. */
interface NotificationEmail {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  /** When the next attempt may start (a failed one waits out its backoff). */
  nextAttemptAt: Date;
  /** Until when one process holds it to send (the epoch when nobody does). */
  leaseUntil: Date;
  leaseOwner?: string | null;
  lastError?: string | null;
  sentAt?: Date | null;
}

/**
 * One thing one person is told: the kind, the record and the facts of it (`params`: timer, due time, transition,
 * decision), never words; clients and mail templates say it in the reader's language. `_id` is
 * `${eventId}:${type}:${userId}`, so telling it twice (a drain repeated after a crash) stores it once.
 */
export interface NotificationDoc {
  _id: string;
  tenantId: string;
  userId: string;
  type: NotificationType;
  recordId: string | null;
  workflowKey: string | null;
  /** The event it is about (absent for a notice about the tenant itself, such as a disabled webhook endpoint). */
  eventId: string | null;
  params: Record<string, unknown>;
  /** When it happened, on the tenant's clock (ms). */
  at: number;
  /** When it reached the inbox. */
  createdAt: Date;
  /** The inbox's order, newest first: `createdAt` (ms, zero-padded) then `_id` (services/notifications.ts `inboxOrder`). */
  order: string;
  readAt: Date | null;
  email?: NotificationEmail | null;
}

const schema = new Schema<NotificationDoc>(
  {
    _id: String,
    tenantId: String,
    userId: String,
    type: String,
    recordId: String,
    workflowKey: String,
    eventId: String,
    params: Schema.Types.Mixed,
    at: Number,
    createdAt: Date,
    order: String,
    readAt: { type: Date, default: null },
    email: Schema.Types.Mixed,
  },
  { versionKey: false, minimize: false },
);
schema.plugin(tenantScopePlugin);
// A person's inbox, newest first, and their unread ones.
schema.index({ tenantId: 1, userId: 1, order: -1 });
schema.index({ tenantId: 1, userId: 1, readAt: 1 });
// The notification feed's look for what other processes stored lately (services/notification-feed.ts).
schema.index({ createdAt: 1 });
// An admin's list of the tenant's emails by status (`notificationEmails`).
schema.index({ tenantId: 1, 'email.status': 1, order: -1 });
// The mail sender's cross-tenant scan for emails due (through the driver collection, as the sweeper's).
schema.index({ 'email.status': 1, 'email.nextAttemptAt': 1 });

/** The Notification model on a connection. */
export const notificationModel = (connection: Connection) => connection.model<NotificationDoc>('Notification', schema, 'notifications');
