import type { NotificationDoc } from '../models/notification';
import { emailsPage, inboxPage, markRead, unreadCount } from '../services/notifications';
import { builder } from './builder';
import { idCursorPage } from './id-cursor-page';
import { RecordRef } from './record';
import { NotificationTypeEnum } from './user-account-types';

export const NotificationRef = builder.objectRef<NotificationDoc>('Notification').implement({
  description:
    "One thing one person is told, as facts (type and params), never words: clients say it in the reader's language. The params of each type are in docs/notifications.md.",
  fields: (t) => ({
    id: t.exposeID('_id'),
    type: t.field({ type: NotificationTypeEnum, resolve: (n) => n.type }),
    recordId: t.id({ nullable: true, resolve: (n) => n.recordId }),
    record: t.field({
      type: RecordRef,
      nullable: true,
      description: 'The record as it is now (null when the notification is not about a record, or the record is gone).',
      resolve: (n, _args, ctx) => (n.recordId ? ctx.services.records.find(n.tenantId, n.recordId) : null),
    }),
    workflowKey: t.string({ nullable: true, resolve: (n) => n.workflowKey }),
    eventId: t.id({ nullable: true, description: 'The event it is about, in the event log.', resolve: (n) => n.eventId }),
    params: t.field({
      type: 'JSON',
      description:
        'The facts: timer and dueAt (timer_warning), transition, from, to, cause, actor (record_transition), timer, approved, dueAt, decider (extension_decided), followUpAt, note (follow_up_due), transition, requester, approved, decider, reason (approval_requested, approval_decided)…',
      resolve: (n) => n.params,
    }),
    at: t.field({ type: 'DateTime', description: "When it happened (the tenant's clock).", resolve: (n) => new Date(n.at) }),
    createdAt: t.field({ type: 'DateTime', description: 'When it reached the inbox.', resolve: (n) => n.createdAt }),
    readAt: t.field({ type: 'DateTime', nullable: true, resolve: (n) => n.readAt }),
  }),
});

builder.queryField('notifications', (t) =>
  t.withAuth({ signedIn: true }).connection({
    type: NotificationRef,
    description: "The caller's inbox, newest first (unreadOnly: only what they have not marked read).",
    args: { unreadOnly: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) => {
      const { tenantId, user } = ctx.viewer;
      return idCursorPage<NotificationDoc, NotificationDoc>({
        list: 'notifications',
        args,
        newestFirst: true,
        idOf: (n) => n.order,
        fetch: (page) => inboxPage(ctx.services.models, { tenantId, userId: user._id, unreadOnly: args.unreadOnly ?? false, page }),
        map: (n) => n,
      });
    },
  }),
);

builder.queryField('unreadNotificationCount', (t) =>
  t.withAuth({ signedIn: true }).int({
    description: "How many of the caller's notifications are unread.",
    resolve: (_root, _args, ctx) => unreadCount(ctx.services.models, { tenantId: ctx.viewer.tenantId, userId: ctx.viewer.user._id }),
  }),
);

const MarkNotificationsReadInput = builder.inputType('MarkNotificationsReadInput', {
  description: 'The notifications to mark read: by id, or every one up to and including `upTo` (the newest the person has seen), or both.',
  fields: (t) => ({ ids: t.idList(), upTo: t.id() }),
});

const MarkNotificationsReadPayload = builder.objectRef<{ marked: number; unread: number }>('MarkNotificationsReadPayload').implement({
  fields: (t) => ({
    marked: t.exposeInt('marked', { description: 'How many this call marked (those already read are not counted).' }),
    unreadCount: t.exposeInt('unread', { description: 'How many are still unread.' }),
  }),
});

builder.mutationField('markNotificationsRead', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: MarkNotificationsReadPayload,
    description: "Marks the caller's notifications read; another person's ids are left alone. Idempotent.",
    args: { input: t.arg({ type: MarkNotificationsReadInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const who = { tenantId: ctx.viewer.tenantId, userId: ctx.viewer.user._id };
      return markRead(ctx.services.models, { ...who, ids: input.ids?.map(String) ?? null, upTo: input.upTo ? String(input.upTo) : null });
    },
  }),
);

const EMAIL_STATUSES = ['pending', 'sent', 'failed'] as const;
const NotificationEmailStatusEnum = builder.enumType('NotificationEmailStatus', {
  description: 'pending: not sent yet, or to be tried again at nextAttemptAt; sent; failed: given up after the retry window (or the person has no address).',
  values: EMAIL_STATUSES,
});

const NotificationEmailRef = builder.objectRef<NotificationDoc>('NotificationEmail').implement({
  description: 'The email of one notification, for admins: to whom, where it stands, and why it failed.',
  fields: (t) => ({
    notification: t.field({ type: NotificationRef, resolve: (n) => n }),
    userId: t.exposeID('userId'),
    status: t.field({ type: NotificationEmailStatusEnum, resolve: (n) => n.email?.status ?? 'pending' }),
    attempts: t.int({ resolve: (n) => n.email?.attempts ?? 0 }),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (n) => (n.email?.status === 'pending' ? n.email.nextAttemptAt : null) }),
    error: t.string({ nullable: true, description: 'Why the last attempt failed, as the mail server said.', resolve: (n) => n.email?.lastError ?? null }),
    sentAt: t.field({ type: 'DateTime', nullable: true, resolve: (n) => n.email?.sentAt ?? null }),
  }),
});

builder.queryField('notificationEmails', (t) =>
  t.withAuth({ admin: true }).connection({
    type: NotificationEmailRef,
    description: "Admins read the tenant's notification emails, newest first (of one status, when given): failures stay visible with their error.",
    args: { status: t.arg({ type: NotificationEmailStatusEnum }) },
    resolve: (_root, args, ctx) =>
      idCursorPage<NotificationDoc, NotificationDoc>({
        list: 'notificationEmails',
        args,
        newestFirst: true,
        idOf: (n) => n.order,
        fetch: (page) => emailsPage(ctx.services.models, { tenantId: ctx.viewer.tenantId, status: args.status ?? null, page }),
        map: (n) => n,
      }),
  }),
);
