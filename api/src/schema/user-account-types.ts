import { NOTIFICATION_TYPES } from '../accounts/notification-types';
import { type Availability, LOCALES, type Locale, NOTIFICATION_CHANNELS } from '../accounts/account-settings';
import type { UserDoc } from '../models/user';
import { builder } from './builder';

/** GraphQL enum names cannot hold a hyphen: zh_Hans stands for zh-Hans. */
const localeName = (locale: Locale) => locale.replace('-', '_');

export const LocaleEnum = builder.enumType('Locale', {
  description: 'A language Funnel speaks: en, zh_Hans (简体中文), zh_Hant (繁體中文).',
  values: Object.fromEntries(LOCALES.map((locale) => [localeName(locale), { value: locale }])) as Record<string, { value: Locale }>,
});

export const NotificationTypeEnum = builder.enumType('NotificationType', {
  description: 'A kind of notification a person chooses a channel for.',
  values: NOTIFICATION_TYPES,
});

export const NotificationChannelEnum = builder.enumType('NotificationChannel', {
  description: 'in_app: in the app only; email: in the app and by email.',
  values: NOTIFICATION_CHANNELS,
});

const USER_STATUSES = ['invited', 'active', 'deactivated'] as const;

export const UserStatusEnum = builder.enumType('UserStatus', {
  description: 'invited: has not set a password yet; active: may sign in (or use keys); deactivated: nothing works.',
  values: USER_STATUSES,
});

/** Where a user stands: deactivated, invited (an email and no password yet) or active. */
export function userStatus(user: UserDoc): (typeof USER_STATUSES)[number] {
  if (user.active === false) return 'deactivated';
  return user.email && !user.passwordChangedAt ? 'invited' : 'active';
}

export const AvailabilityRef = builder.objectRef<Availability>('Availability').implement({
  description: 'When a person is away (routing skips them): from and until, both inclusive.',
  fields: (t) => ({
    awayFrom: t.field({ type: 'DateTime', resolve: (a) => a.awayFrom }),
    awayUntil: t.field({ type: 'DateTime', resolve: (a) => a.awayUntil }),
  }),
});

export const AvailabilityInput = builder.inputType('AvailabilityInput', {
  fields: (t) => ({
    awayFrom: t.field({ type: 'DateTime', required: true }),
    awayUntil: t.field({ type: 'DateTime', required: true }),
  }),
});
