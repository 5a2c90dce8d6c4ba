import type { UserDoc } from '../models/user';

/** The languages Funnel speaks, to people and in mail. */
export const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type Locale = (typeof LOCALES)[number];

/** How a person hears of one kind of notification: in the app only, or also by email. */
export const NOTIFICATION_CHANNELS = ['in_app', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** When a person is away (routing skips them, notifications wait): from and until, both inclusive. */
export interface Availability {
  awayFrom: Date;
  awayUntil: Date;
}

/**
 * A user's account settings, with the defaults for documents written before accounts existed (and for settings a
 * read left out).
 */
export function accountOf(
  user: Pick<UserDoc, 'locale' | 'timeZone' | 'active' | 'notifications' | 'availability'>,
): Required<Pick<UserDoc, 'locale' | 'timeZone' | 'active' | 'notifications'>> & { availability: Availability | null } {
  return {
    locale: user.locale ?? 'en',
    timeZone: user.timeZone ?? 'UTC',
    active: user.active !== false,
    notifications: user.notifications ?? {},
    availability: user.availability ?? null,
  };
}
