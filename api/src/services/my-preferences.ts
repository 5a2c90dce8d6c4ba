import { NOTIFICATION_TYPES, type NotificationType } from '../accounts/notification-types';
import { NotFoundError } from '../errors';
import { type Availability, accountOf, type Locale, type NotificationChannel } from '../accounts/account-settings';
import type { UserDoc } from '../models/user';
import type { Services } from './services';
import { checkUserInput } from './user-input';

/** What a person may change of themselves; a field left out stays as it is. */
export interface PreferenceChanges {
  locale?: Locale | null;
  timeZone?: string | null;
  availability?: Availability | null;
  /** Channels for the kinds named; the others keep theirs. */
  notifications?: readonly { type: NotificationType; channel: NotificationChannel }[] | null;
}

/** A person's channel for every kind of notification: what they chose, in the app only for the rest. */
export function notificationChannels(user: UserDoc): { type: NotificationType; channel: NotificationChannel }[] {
  const chosen = accountOf(user).notifications;
  return NOTIFICATION_TYPES.map((type) => ({ type, channel: chosen[type] ?? 'in_app' }));
}

/**
 * The signed-in person changes their own language, time zone, absence and notification channels.
 * @example await updateMyPreferences(services, { tenantId, userId, changes: { locale: 'zh-Hans', notifications: [{ type: 'timer_warning', channel: 'email' }] } })
 */
export async function updateMyPreferences(services: Services, input: { tenantId: string; userId: string; changes: PreferenceChanges }): Promise<UserDoc> {
  const { changes } = input;
  const checked = checkUserInput({
    timeZone: changes.timeZone ?? null,
    ...(changes.availability !== undefined ? { availability: changes.availability } : {}),
  });
  const set: Record<string, unknown> = { ...checked };
  if (changes.locale) set.locale = changes.locale;
  for (const { type, channel } of changes.notifications ?? []) set[`notifications.${type}`] = channel;
  const user = await services.models.User.findOneAndUpdate({ tenantId: input.tenantId, _id: input.userId }, { $set: set }, { returnDocument: 'after' }).lean();
  if (!user) throw new NotFoundError({ what: 'user', id: input.userId });
  return user;
}
