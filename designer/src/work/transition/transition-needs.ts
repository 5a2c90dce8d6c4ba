import type { LocalizedText, Transition, WorkflowDefinition } from '@funnel/schemas';
import type { TFunction } from 'i18next';
import { localizedText } from '../../model/localized-text';
import type { TransitionOutcome } from './run-transition';

/** A refusal that names blockers (the GuardRejected answer). */
type GuardRejected = Extract<TransitionOutcome, { __typename: 'GuardRejected' }>;
/** One blocker as the api sends it: its type, the field or options it names, and the engine's own blocker in `detail`. */
export type TransitionBlocker = GuardRejected['blockers'][number];

const FIELD_POINTER = /^\/fields\/([^/]+)$/;

/**
 * The field a blocker asks for: a missing one by name, an invalid one by its `/fields/…` pointer; null for others.
 * @example blockerField({ type: 'missing_field', field: 'seats', … }) // → 'seats'
 */
export function blockerField(blocker: Pick<TransitionBlocker, 'type' | 'field' | 'pointer'>): string | null {
  if (blocker.type === 'missing_field') return blocker.field ?? null;
  if (blocker.type === 'invalid_field')
    return (
      FIELD_POINTER.exec(blocker.pointer ?? '')?.[1]
        ?.replace(/~1/g, '/')
        .replace(/~0/g, '~') ?? null
    );
  return null;
}

/**
 * The fields a form asks for: the ones asked before (so what was typed stays on screen) and those the blockers name,
 * in the order first asked.
 * @example askedFields(['product'], blockers) // → ['product', 'seats', 'companyName']
 */
export function askedFields(before: readonly string[], blockers: readonly TransitionBlocker[]): string[] {
  const fields = [...before];
  for (const blocker of blockers) {
    const field = blockerField(blocker);
    if (field && !fields.includes(field)) fields.push(field);
  }
  return fields;
}

/** Whether the blockers ask for a reason (none given, or one outside the allowed list). */
export function asksForReason(blockers: readonly TransitionBlocker[]): boolean {
  return blockers.some((blocker) => blocker.type === 'reason_required' || blocker.type === 'unknown_reason');
}

/**
 * A transition's reasons with their names in the locale, from the definition (the key where it names none).
 * @example reasonChoices(transition, ['no_budget'], 'en') // → [{ key: 'no_budget', name: 'No budget' }]
 */
export function reasonChoices(transition: Transition | undefined, keys: readonly string[], locale: string): { key: string; name: string }[] {
  const named = new Map((transition?.reason?.options ?? []).map((option) => [option.key, option.name]));
  const allKeys = keys.length > 0 ? keys : [...named.keys()];
  return allKeys.map((key) => ({ key, name: localizedText(named.get(key), locale) || key }));
}

/**
 * A field's name in the locale: its schema's title, or its key.
 * @example fieldTitle(definition, 'seats', 'zh-Hans') // → '席位数'
 */
export function fieldTitle(definition: WorkflowDefinition | null, field: string, locale: string): string {
  const title = definition?.fields.properties?.[field]?.title as LocalizedText | undefined;
  return localizedText(title, locale) || field;
}

/**
 * One blocker in the person's words: the catalog's sentence for its type, or the definition's guard message in the
 * locale (never the English the api sent).
 * @example blockerText({ blocker, t, definition, locale: 'en' }) // → 'Seats is required'
 */
export function blockerText(input: { blocker: TransitionBlocker; t: TFunction; definition: WorkflowDefinition | null; locale: string }): string {
  const { blocker, t, definition, locale } = input;
  const detail = (blocker.detail ?? {}) as Record<string, unknown>;
  switch (blocker.type) {
    case 'guard':
      return localizedText(detail.message as LocalizedText | undefined, locale) || blocker.message;
    case 'missing_field':
      return t('blocker.missing_field', { field: fieldTitle(definition, blocker.field ?? '', locale) });
    case 'invalid_field': {
      const field = blockerField(blocker);
      return t('blocker.invalid_field', { field: field ? fieldTitle(definition, field, locale) : blocker.pointer });
    }
    case 'role':
      return t('blocker.role', { roles: blocker.requiredRoles.join(', ') });
    case 'limit_reached':
      return t('blocker.limit_reached', { current: detail.current, max: detail.max });
    case 'reason_required':
    case 'unknown_reason':
    case 'wrong_stage':
    case 'probability_override_not_allowed':
    case 'approval_required':
    case 'approval_pending':
    case 'not_owner':
    case 'record_closed':
      return t(`blocker.${blocker.type}`);
    default:
      return t('blocker.other', { type: blocker.type });
  }
}
