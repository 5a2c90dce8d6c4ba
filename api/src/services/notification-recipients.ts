import type { Change, FunnelEffect, FunnelEvent, FunnelRecord } from '@funnel/engine';
import { accountOf } from '../accounts/account-settings';
import type { NotificationType } from '../accounts/notification-types';
import type { Models } from '../models/models';
import type { NotificationIntent, OutboxEntry } from '../models/record';
import type { UserDoc } from '../models/user';
import { UserLoader } from './user-loader';

/** Who one effect is for, what kind of notification it is, and the event whose facts it carries. */
interface Notice {
  type: NotificationType;
  /** Index of the change's event the notice is about. */
  event: number;
  to: { userId: string | null } | { managerOf: string | null };
  params: Record<string, unknown>;
}

/**
 * What telling a person needs of them: who they are, whether they are active, and how they want to be told. A caller
 * that read them for the same commit passes them to `attach` (routing's read of the team names the new owner).
 */
export type Recipient = Pick<UserDoc, '_id' | 'active' | 'email' | 'notifications'>;

const lastIndex = (events: FunnelEvent[], match: (event: FunnelEvent) => boolean): number => events.findLastIndex(match);

/**
 * What one engine effect tells and to whom: a warning the owner gets before a recycle deadline, a manager asked
 * to decide an extension, an owner told of the decision, a new owner told of an assignment, an owner reminded of a follow-up, the owner's manager asked to approve a transition,
 * the owner told of the decision, or a transition's `notify`.
 */
function noticeOf(effect: FunnelEffect, record: FunnelRecord, events: FunnelEvent[]): Notice | null {
  if (effect.type === 'warn_owner') {
    const event = lastIndex(events, (e) => e.type === 'timer_warned' && e.timer === effect.timer);
    return { type: 'timer_warning', event, to: { userId: effect.userId }, params: { timer: effect.timer, dueAt: effect.dueAt, stage: record.stage } };
  }
  if (effect.about === 'extension_requested') {
    const event = lastIndex(events, (e) => e.type === 'extension_requested');
    const requested = events[event];
    const timer = requested?.type === 'extension_requested' ? requested.timer : null;
    const dueAt = record.timers.find((t) => t.key === timer)?.dueAt ?? null;
    return { type: 'extension_requested', event, to: { managerOf: record.owner }, params: { timer, dueAt, requester: requested?.actor ?? null } };
  }
  if (effect.about === 'extension_approved' || effect.about === 'extension_rejected') {
    const event = lastIndex(events, (e) => e.type === 'extension_decided');
    const decided = events[event];
    if (decided?.type !== 'extension_decided') return null;
    const params = { timer: decided.timer, approved: decided.approved, dueAt: decided.dueAt, decider: decided.actor };
    return { type: 'extension_decided', event, to: { userId: effect.userId }, params };
  }
  if (effect.about === 'follow_up_due') {
    const event = lastIndex(events, (e) => e.type === 'follow_up_due');
    const due = events[event];
    if (due?.type !== 'follow_up_due') return null;
    return { type: 'follow_up_due', event, to: { userId: effect.userId }, params: { followUpAt: due.followUpAt, note: due.note ?? null, stage: record.stage } };
  }
  if (effect.about === 'approval_requested') {
    const event = lastIndex(events, (e) => e.type === 'approval_requested');
    const requested = events[event];
    if (requested?.type !== 'approval_requested') return null;
    const params = { transition: requested.transition, requester: requested.actor, note: requested.note ?? null, stage: record.stage };
    return { type: 'approval_requested', event, to: { managerOf: record.owner }, params };
  }
  if (effect.about === 'approval_approved' || effect.about === 'approval_rejected') {
    const event = lastIndex(events, (e) => e.type === 'approval_decided');
    const decided = events[event];
    if (decided?.type !== 'approval_decided') return null;
    const params = { transition: decided.transition, approved: decided.approved, decider: decided.actor, reason: decided.reason ?? null, stage: record.stage };
    return { type: 'approval_decided', event, to: { userId: effect.userId }, params };
  }
  if (effect.about === 'assigned') {
    const event = lastIndex(events, (e) => e.type === 'assigned');
    const assigned = events[event];
    if (assigned?.type !== 'assigned') return null;
    const params = {
      from: assigned.from,
      rule: assigned.rule,
      strategy: assigned.strategy,
      reason: assigned.reason ?? null,
      actor: assigned.actor,
      stage: record.stage,
    };
    return { type: 'record_assigned', event, to: { userId: effect.userId }, params };
  }
  const event = lastIndex(events, (e) => e.type === 'transitioned' && e.transition === effect.about);
  const moved = events[event];
  if (moved?.type !== 'transitioned') return null;
  const params = { transition: moved.transition, from: moved.from, to: moved.to, cause: moved.cause, actor: moved.actor, recipient: effect.to };
  return { type: 'record_transition', event, to: effect.to === 'manager' ? { managerOf: record.owner } : { userId: effect.userId }, params };
}

/**
 * Resolves a change's effects to the people they tell, at commit time (a manager is the owner's manager now), and
 * attaches each notification to the outbox entry of the event it is about: the drainer puts it in the person's
 * inbox as it logs the event (services/outbox-drainer.ts), so no acknowledged change loses its notifications. A
 * notice for a manager goes to the owner's manager, or, when the owner has none, to the tenant's admins. Nobody is
 * told of what they did themselves, and deactivated users are told nothing. Reads of concurrent commits share one
 * `find` per tenant (UserLoader).
 * @example const entries = await recipients.attach({ tenantId, change, entries: outboxEntries(change.record, change.events) })
 */
export class NotificationRecipients {
  private readonly users: UserLoader;

  constructor(private readonly models: Models) {
    this.users = new UserLoader(models, null);
  }

  /**
   * `entries` (one per event of `change`, in order) with the notifications of its effects attached. `known`: people
   * the commit read already (routing's read of the new owner), as they were a moment ago; a notice to one of them
   * is resolved without a read.
   */
  async attach(input: { tenantId: string; change: Change; entries: OutboxEntry[]; known?: readonly Recipient[] }): Promise<OutboxEntry[]> {
    const { change, tenantId } = input;
    const notices = change.effects.map((effect) => noticeOf(effect, change.record, change.events)).filter((n): n is Notice => n !== null && n.event >= 0);
    if (notices.length === 0) return input.entries;
    const entries = input.entries.map((entry) => ({ ...entry }));
    for (const notice of notices) {
      const entry = entries[notice.event];
      const actor = change.events[notice.event]?.actor;
      if (!entry) continue;
      const people = await this.recipients(tenantId, notice.to, input.known ?? []);
      const intents = people.filter((user) => user._id !== actor).map((user) => intentFor(user, notice));
      const known = new Set((entry.notify ?? []).map((intent) => `${intent.type}:${intent.userId}`));
      const added = intents.filter((intent) => !known.has(`${intent.type}:${intent.userId}`));
      if (added.length > 0) entry.notify = [...(entry.notify ?? []), ...added];
    }
    return entries;
  }

  private async recipients(tenantId: string, to: Notice['to'], known: readonly Recipient[]): Promise<Recipient[]> {
    if ('userId' in to) {
      const user = known.find((person) => person._id === to.userId) ?? (await this.users.byId(to.userId, tenantId));
      return user && accountOf(user).active ? [user] : [];
    }
    const owner = await this.users.byId(to.managerOf, tenantId);
    const manager = owner?.managerId ? await this.users.byId(owner.managerId, tenantId) : null;
    if (manager && accountOf(manager).active) return [manager];
    const admins = await this.models.User.find({ tenantId, roles: 'admin' }).lean();
    return admins.filter((admin) => accountOf(admin).active);
  }
}

/** The notification one person gets, by email too when they chose that for its type and have an address. */
function intentFor(user: Recipient, notice: Notice): NotificationIntent {
  const email = Boolean(user.email) && accountOf(user).notifications[notice.type] === 'email';
  return { userId: user._id, type: notice.type, params: notice.params, email };
}
