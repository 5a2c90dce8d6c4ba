import type { Blocker } from '@funnel/engine';
import { localizedText } from './localized-text';

/** A translate function as i18next gives it (kept minimal so this stays free of React). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Who may approve: the roles' names, and the owner's manager when the definition names them. */
function approvers({ blocker, t }: { blocker: { roles: readonly string[]; ownerManager: boolean }; t: Translate }): string {
  return [...blocker.roles.map((role) => t(`role.${role}`)), ...(blocker.ownerManager ? [t('blocker.owner_manager')] : [])].join(' / ');
}

/**
 * Says in the user's language why a transition is closed.
 * @example blockerText({ blocker: { type: 'missing_field', field: 'companyName', pointer: '/companyName' }, t, locale: 'en' }) // → 'companyName is required'
 */
export function blockerText({ blocker, t, locale }: { blocker: Blocker; t: Translate; locale: string }): string {
  switch (blocker.type) {
    case 'wrong_stage':
      return t('blocker.wrong_stage', { stage: blocker.stage, allowed: blocker.allowed.join(', ') });
    case 'role':
      return t('blocker.role', { roles: blocker.required.map((role) => t(`role.${role}`)).join(', ') });
    case 'guard':
      return localizedText(blocker.message, locale);
    case 'missing_field':
      return t('blocker.missing_field', { field: blocker.field });
    case 'invalid_field':
      return t('blocker.invalid_field', { pointer: blocker.pointer, message: blocker.message });
    case 'reason_required':
      return t('blocker.reason_required', { options: blocker.options.join(', ') });
    case 'unknown_reason':
      return t('blocker.unknown_reason', { reason: blocker.reason, options: blocker.options.join(', ') });
    case 'probability_override_not_allowed':
      return t('blocker.probability_override_not_allowed');
    case 'limit_reached':
      return t('blocker.limit_reached', { limit: blocker.limit, current: blocker.current, max: blocker.max });
    case 'cooldown':
      return t('blocker.cooldown', { until: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(blocker.until) });
    case 'not_in_pool':
      return t('blocker.not_in_pool');
    case 'no_extension_policy':
      return t('blocker.no_extension_policy', { timer: blocker.timer });
    case 'no_pending_extension':
      return t('blocker.no_pending_extension', { timer: blocker.timer });
    case 'extension_pending':
      return t('blocker.extension_pending', { timer: blocker.timer });
    case 'wrong_version':
      return t('blocker.wrong_version', { expected: blocker.expected, actual: blocker.actual });
    case 'not_owner':
      return t('blocker.not_owner', { owner: blocker.owner ?? '—' });
    case 'approval_required':
    case 'not_approver':
      return t(`blocker.${blocker.type}`, { approvers: approvers({ blocker, t }) });
    case 'approval_pending':
      return t('blocker.approval_pending', { transition: blocker.transition, requester: blocker.requestedBy });
    case 'no_pending_approval':
    case 'approval_not_required':
      return t(`blocker.${blocker.type}`, { transition: blocker.transition });
    case 'own_request':
      return t('blocker.own_request');
    case 'record_closed':
      return t('blocker.record_closed', { outcome: blocker.outcome });
    default:
      return blocker satisfies never;
  }
}
