import type { Diagnostic } from '@funnel/schemas';
import { closesManagerLoop } from '../accounts/account-rules';
import { accountOf } from '../accounts/account-settings';
import { type AdminChange, type AuditActor, changedFields } from '../accounts/admin-changes';
import { NotFoundError, ValidationFailedError } from '../errors';
import type { Availability, Locale } from '../accounts/account-settings';
import type { UserDoc } from '../models/user';
import { voidAccountTokens } from './account-tokens';
import { announceKeyRevocation } from './announce-key-revocation';
import { mustBeUser } from './directory';
import { ownerLeaseTiming, withOwnerLease } from './owner-lease';
import type { Services } from './services';
import { endUserSessions } from './sessions';
import { checkUserInput } from './user-input';

/** What an admin may change of a user; a field left out stays as it is (`managerId: null` removes the manager). */
export interface UserChanges {
  name?: string | null;
  roles?: readonly string[] | null;
  managerId?: string | null;
  availability?: Availability | null;
  locale?: Locale | null;
  timeZone?: string | null;
  active?: boolean | null;
}

const refuse = (pointer: string, code: string, message: string): never => {
  throw new ValidationFailedError([{ severity: 'error', code, pointer, message } satisfies Diagnostic]);
};

/** Refuses a manager who is the user or below them (the chain would loop), reading the tenant's chain. */
async function mustNotLoop(services: Services, input: { tenantId: string; userId: string; managerId: string }): Promise<void> {
  if (input.managerId === input.userId) refuse('/managerId', 'cycle', 'a person cannot be their own manager');
  const users = await services.models.User.find({ tenantId: input.tenantId }, { managerId: 1 }).lean();
  const managerOf = new Map(users.map((user) => [user._id, user.managerId]));
  if (closesManagerLoop({ userId: input.userId, managerId: input.managerId, managerOf })) {
    refuse('/managerId', 'cycle', 'this manager reports to the person, directly or through others: the chain would go round in a circle');
  }
}

/** Refuses a change that leaves the tenant without an active admin. */
async function mustKeepAnAdmin(services: Services, input: { tenantId: string; user: UserDoc; after: { roles: string[]; active: boolean } }): Promise<void> {
  const wasAdmin = input.user.active !== false && input.user.roles.includes('admin');
  if (!wasAdmin || (input.after.active && input.after.roles.includes('admin'))) return;
  const others = await services.models.User.countDocuments({ tenantId: input.tenantId, _id: { $ne: input.user._id }, roles: 'admin', active: { $ne: false } });
  if (others === 0)
    refuse(input.after.active ? '/roles' : '/active', 'last_admin', 'the tenant needs at least one active admin: make someone else admin first');
}

/** The fields an admin changes of a user, as they stand (with the defaults of users stored before accounts). */
function audited(user: UserDoc): Record<string, unknown> {
  const { locale, timeZone, availability, active } = accountOf(user);
  return { name: user.name, roles: user.roles, managerId: user.managerId ?? null, availability, locale, timeZone, active };
}

/** What an update of `user` with `set` changes, for the audit log; null when it changes nothing. */
function userChange(user: UserDoc, set: Record<string, unknown>): AdminChange | null {
  const before = audited(user);
  const after = Object.fromEntries(
    Object.keys(before)
      .filter((key) => key in set)
      .map((key) => [key, set[key]]),
  );
  const changed = changedFields(before, after);
  return changed && { action: 'user_updated', targetType: 'user', targetId: user._id, ...changed };
}

/**
 * An admin changes a user: name, roles, manager (never into a loop), availability, language, time zone, or
 * deactivates or reactivates them. Deactivating ends their sessions and links and makes every process refuse their
 * keys and sessions within the revocation poll (docs/decisions.md 21); their records stay theirs for a manager to
 * hand over. New roles reach every process the same way. Changes of one tenant's users run one at a time (a lease),
 * so two changes cannot together close a loop or remove the last admin. The user is written with the audit log entry
 * of what changed (nothing is logged when nothing did).
 * @example await updateUser(services, { tenantId, actor, id, changes: { active: false } })
 */
export async function updateUser(services: Services, input: { tenantId: string; actor: AuditActor; id: string; changes: UserChanges }): Promise<UserDoc> {
  const { tenantId, id, changes } = input;
  const checked = checkUserInput({
    name: changes.name ?? null,
    roles: changes.roles ?? null,
    timeZone: changes.timeZone ?? null,
    ...(changes.availability !== undefined ? { availability: changes.availability } : {}),
  });
  if (changes.active === false && id === input.actor.userId) refuse('/active', 'self', 'you cannot deactivate yourself');
  return withOwnerLease({
    models: services.models,
    tenantId,
    key: 'users',
    what: "this tenant's users",
    timing: ownerLeaseTiming(services.config),
    fn: async () => {
      const user = await services.models.User.findOne({ tenantId, _id: id }).lean();
      if (!user) throw new NotFoundError({ what: 'user', id, pointer: '/id' });
      if (changes.managerId) {
        await mustBeUser(services, { tenantId, id: changes.managerId, pointer: '/managerId' });
        await mustNotLoop(services, { tenantId, userId: id, managerId: changes.managerId });
      }
      const wasActive = user.active !== false;
      const active = changes.active ?? wasActive;
      await mustKeepAnAdmin(services, { tenantId, user, after: { roles: checked.roles ?? user.roles, active } });
      const set: Record<string, unknown> = { ...checked, active };
      if (changes.managerId !== undefined) set.managerId = changes.managerId;
      if (changes.locale) set.locale = changes.locale;
      if (active !== wasActive) set.deactivatedAt = active ? null : new Date();
      const updated = (await services.audit.write({
        tenantId,
        actor: input.actor,
        change: userChange(user, set),
        holder: { model: 'User', id },
        write: (pending) => services.models.User.findOneAndUpdate({ tenantId, _id: id }, { $set: set, ...pending.push }, { returnDocument: 'after' }).lean(),
      })) as UserDoc;
      if (!active && wasActive) {
        await voidAccountTokens({ models: services.models, tenantId, userId: id });
        await endUserSessions(services, { tenantId, userId: id });
      } else if (checked.roles || active !== wasActive) {
        // Cached viewers carry the user's roles: every process looks the user up again.
        services.credentialCache.evict({ userIds: new Set([id]) });
        await announceKeyRevocation({ models: services.models, tenantId, userId: id });
      }
      return updated;
    },
  });
}
