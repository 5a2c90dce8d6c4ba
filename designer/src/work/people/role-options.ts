import type { TFunction } from 'i18next';

/** The roles a person may be given (an integration's role belongs to apps' keys). */
export const PERSON_ROLES = ['admin', 'manager', 'sales', 'marketing'] as const;

/** The roles an integration's key may act with. */
export const INTEGRATION_ROLES = ['integration', 'admin', 'manager', 'sales', 'marketing'] as const;

/**
 * Roles as checkbox options, named in the reader's language (the designer's `role.*` words).
 * @example roleOptions(PERSON_ROLES, t) // → [{ value: 'admin', label: 'Admin' }, …]
 */
export function roleOptions(roles: readonly string[], t: TFunction): { value: string; label: string }[] {
  return roles.map((role) => ({ value: role, label: t(`role.${role}`) }));
}

/**
 * Roles in words, joined with the language's separator (`people:separator`: ", " or "、").
 * @example roleNames(['sales', 'manager'], t) // → 'Sales, Manager'
 */
export function roleNames(roles: readonly string[], t: TFunction): string {
  return roles.map((role) => t(`role.${role}`)).join(t('people:separator'));
}
