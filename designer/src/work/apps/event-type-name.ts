import type { TFunction } from 'i18next';

/**
 * A webhook event type in the reader's words (`record.created` → "A record is created"); a type this app does not
 * know yet is "Another event type", and the screen shows the type itself beside it.
 * @example eventTypeName('record.transitioned', t) // → 'A record moves'
 */
export function eventTypeName(type: string, t: TFunction<'apps'>): string {
  return t(`hooks.event.${type.replace(/\./g, '_')}`, { defaultValue: t('hooks.event.other') });
}
