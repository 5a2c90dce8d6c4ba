import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '../accounts/admin-changes';
import { auditLogPage, type ListedAuditEntry } from '../services/audit-log-page';
import { builder } from './builder';
import { idCursorPage } from './id-cursor-page';
import { UserRef } from './user';

const AuditActionEnum = builder.enumType('AuditAction', {
  description: 'The kind of administrative change.',
  values: AUDIT_ACTIONS,
});

const AuditTargetTypeEnum = builder.enumType('AuditTargetType', {
  description: 'What a change was made to: targetId is a user, an API key, a workflow (its id) or a migration (its job).',
  values: AUDIT_TARGET_TYPES,
});

const AuditActorRef = builder.objectRef<ListedAuditEntry>('AuditActor').implement({
  description: "Who made a change: a person signed in (userId), a person's API key (userId and keyId) or an integration's key (keyId).",
  fields: (t) => ({
    userId: t.id({ nullable: true, resolve: (e) => e.actor.userId ?? null }),
    keyId: t.id({ nullable: true, resolve: (e) => e.actor.keyId ?? null }),
    user: t.field({ type: UserRef, nullable: true, resolve: (e) => e.actorUser }),
  }),
});

const AuditEntryRef = builder.objectRef<ListedAuditEntry>('AuditEntry').implement({
  description: 'An administrative change: who, when, what kind, to what, and the fields it changed before and after (never a secret).',
  fields: (t) => ({
    id: t.exposeID('_id'),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    action: t.field({ type: AuditActionEnum, resolve: (e) => e.action }),
    actor: t.field({ type: AuditActorRef, resolve: (e) => e }),
    targetType: t.field({ type: AuditTargetTypeEnum, resolve: (e) => e.targetType }),
    targetId: t.exposeID('targetId'),
    before: t.field({ type: 'JSON', nullable: true, description: 'The changed fields before; null for what did not exist.', resolve: (e) => e.before }),
    after: t.field({ type: 'JSON', nullable: true, description: 'The changed fields after.', resolve: (e) => e.after }),
  }),
});

const AuditLogFilter = builder.inputType('AuditLogFilter', {
  description: 'Typed filters only, each compared for equality; since (inclusive) and until (exclusive) bound the time.',
  fields: (t) => ({
    actorId: t.id({ description: "A user's id (their changes, with any of their keys) or a key's id." }),
    targetType: t.field({ type: AuditTargetTypeEnum }),
    targetId: t.id(),
    since: t.field({ type: 'DateTime' }),
    until: t.field({ type: 'DateTime' }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.withAuth({ admin: true }).connection({
    type: AuditEntryRef,
    description: "Admins read the tenant's administrative changes, newest first, Relay-paged. Append-only: nothing edits or removes an entry.",
    args: { filter: t.arg({ type: AuditLogFilter }) },
    resolve: (_root, args, ctx) => {
      const { tenantId } = ctx.viewer;
      const { actorId, targetId, ...rest } = args.filter ?? {};
      const filter = { ...rest, actorId: actorId == null ? null : String(actorId), targetId: targetId == null ? null : String(targetId) };
      return idCursorPage<ListedAuditEntry, ListedAuditEntry>({
        list: 'auditLog',
        args,
        newestFirst: true,
        fetch: (page) => auditLogPage(ctx.services, { tenantId, filter, page }),
        map: (entry) => entry,
      });
    },
  }),
);
