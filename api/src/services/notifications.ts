import { accountOf } from '../accounts/account-settings';
import type { NotificationType } from '../accounts/notification-types';
import type { Models } from '../models/models';
import type { NotificationDoc } from '../models/notification';
import { inboxOrder, NO_LEASE } from './delivery-fan-out';
import type { NotificationFeed } from './notification-feed';
import type { PageRequest } from './record-reads';

/**
 * A page of one person's inbox, newest first (`page.idRange` bounds the inbox order, see `inboxOrder`).
 * @example await inboxPage(models, { tenantId, userId, unreadOnly: true, page })
 */
export function inboxPage(models: Models, input: { tenantId: string; userId: string; unreadOnly: boolean; page: PageRequest }): Promise<NotificationDoc[]> {
  const { tenantId, userId, page } = input;
  const range = page.idRange._id ? { order: page.idRange._id } : {};
  return models.Notification.find({ tenantId, userId, ...range, ...(input.unreadOnly ? { readAt: null } : {}) })
    .sort({ order: page.sort._id })
    .limit(page.limit)
    .lean();
}

/**
 * A page of the tenant's notification emails (of one status, when given), newest first: what an admin reads to see
 * which emails failed, why, and when they are tried again.
 * @example await emailsPage(models, { tenantId, status: 'failed', page })
 */
export function emailsPage(
  models: Models,
  input: { tenantId: string; status: 'pending' | 'sent' | 'failed' | null; page: PageRequest },
): Promise<NotificationDoc[]> {
  const { tenantId, page } = input;
  const range = page.idRange._id ? { order: page.idRange._id } : {};
  const status = input.status ? { 'email.status': input.status } : { 'email.status': { $in: ['pending' as const, 'sent' as const, 'failed' as const] } };
  return models.Notification.find({ tenantId, ...status, ...range })
    .sort({ order: page.sort._id })
    .limit(page.limit)
    .lean();
}

/** How many of a person's notifications are unread. */
export function unreadCount(models: Models, input: { tenantId: string; userId: string }): Promise<number> {
  return models.Notification.countDocuments({ tenantId: input.tenantId, userId: input.userId, readAt: null });
}

/**
 * Marks a person's notifications read: those named (`ids`; another person's are left alone), or every one up to
 * and including `upTo` in inbox order (the newest one the person has seen). Returns how many it marked, and how many
 * are still unread.
 * @example await markRead(models, { tenantId, userId, upTo: newest._id })
 */
export async function markRead(
  models: Models,
  input: { tenantId: string; userId: string; ids?: readonly string[] | null; upTo?: string | null },
): Promise<{ marked: number; unread: number }> {
  const { tenantId, userId } = input;
  const readAt = new Date();
  let marked = 0;
  if (input.ids && input.ids.length > 0) {
    marked += (await models.Notification.updateMany({ tenantId, userId, _id: { $in: [...input.ids] }, readAt: null }, { $set: { readAt } })).modifiedCount;
  }
  if (input.upTo) {
    const last = await models.Notification.findOne({ tenantId, userId, _id: input.upTo }, { order: 1 }).lean();
    if (last)
      marked += (await models.Notification.updateMany({ tenantId, userId, order: { $lte: last.order }, readAt: null }, { $set: { readAt } })).modifiedCount;
  }
  return { marked, unread: await unreadCount(models, { tenantId, userId }) };
}

/**
 * Tells a tenant's admins of something about the tenant itself (a webhook endpoint Funnel disabled), each by email
 * too when they chose it. `key` makes the notifications' ids, so telling one thing twice stores it once.
 * @example await notifyAdmins({ models, feed, mail: true }, { tenantId, type: 'webhook_endpoint_disabled', key: `${endpointId}:${disabledAt}`, params })
 */
export async function notifyAdmins(
  deps: { models: Models; feed: NotificationFeed; mail: boolean },
  input: { tenantId: string; type: NotificationType; key: string; params: Record<string, unknown> },
): Promise<void> {
  const { models } = deps;
  const admins = (await models.User.find({ tenantId: input.tenantId, roles: 'admin' }).lean()).filter((admin) => accountOf(admin).active);
  const now = new Date();
  const docs: NotificationDoc[] = admins.map((admin) => {
    const _id = `${input.key}:${input.type}:${admin._id}`;
    const email = deps.mail && Boolean(admin.email) && accountOf(admin).notifications[input.type] === 'email';
    return {
      _id,
      tenantId: input.tenantId,
      userId: admin._id,
      type: input.type,
      recordId: null,
      workflowKey: null,
      eventId: null,
      params: input.params,
      at: now.getTime(),
      createdAt: now,
      order: inboxOrder(now, _id),
      readAt: null,
      email: email ? { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: NO_LEASE } : null,
    };
  });
  for (const doc of docs) {
    const { _id, tenantId, ...rest } = doc;
    const stored = await models.Notification.updateOne({ tenantId, _id }, { $setOnInsert: rest }, { upsert: true });
    if (stored.upsertedCount === 1) deps.feed.publish(doc);
  }
}
