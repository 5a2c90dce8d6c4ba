import type { LocalizedText, WorkflowDefinition } from '@funnel/schemas';
import type { Translate } from './blocker-text';
import { cachedNumberFormat } from './cached-intl';
import { localizedText } from './localized-text';

/** The label of each property a version diff may name, by kind of element (message keys of the side panel). */
const PROPERTY_LABELS: Record<'stages' | 'transitions', Record<string, string>> = {
  stages: {
    name: 'stage.name',
    phase: 'stage.phase',
    probability: 'stage.probability',
    forecastCategory: 'stage.forecast',
    outcome: 'stage.outcome',
    terminal: 'stage.terminal',
    requiredFields: 'stage.requiredFields',
    guard: 'stage.guard',
    timers: 'stage.timers',
    pool: 'pool.title',
  },
  transitions: {
    name: 'transition.name',
    from: 'versions.from',
    to: 'transition.to',
    roles: 'transition.roles',
    requiredFields: 'transition.requiredFields',
    guard: 'transition.guard',
    reason: 'transition.reasons',
    effects: 'transition.effects',
    allowProbabilityOverride: 'transition.allowProbabilityOverride',
  },
};

const PERCENT: Intl.NumberFormatOptions = { style: 'percent' };

/** A value as a version diff shows it: words in the user's language, or JSON (`raw`) for a structure. */
export interface DiffValue {
  text: string;
  raw: boolean;
}

/**
 * A changed property's label in the user's language (null when the designer has none: the diff shows its key).
 * @example diffPropertyLabel({ kind: 'stages', property: 'probability', t }) // → 'Win probability (%)'
 */
export function diffPropertyLabel({ kind, property, t }: { kind: 'stages' | 'transitions'; property: string; t: Translate }): string | null {
  const key = PROPERTY_LABELS[kind][property];
  return key ? t(key) : null;
}

/**
 * One side of a changed property, in words: names in the locale, phases, forecast categories, outcomes and roles
 * by their words, stages (a transition's `from` and `to`) by their names in that version, probabilities as
 * percentages; guards, timers, pools, reasons and effects as JSON. An absent value is a dash.
 * @example diffValueText({ kind: 'stages', property: 'phase', value: 'lead', definition, t, locale: 'en' }) // → { text: 'Lead', raw: false }
 */
export function diffValueText({
  kind,
  property,
  value,
  definition,
  t,
  locale,
}: {
  kind: 'stages' | 'transitions';
  property: string;
  value: unknown;
  definition: WorkflowDefinition;
  t: Translate;
  locale: string;
}): DiffValue {
  const words = (text: string): DiffValue => ({ text, raw: false });
  const stageName = (key: string) => localizedText(definition.stages.find((stage) => stage.key === key)?.name, locale) || key;
  if (value === undefined) return words('—');
  switch (property) {
    case 'name':
      return words(localizedText(value as LocalizedText, locale));
    case 'phase':
      return words(t(`phase.${String(value)}`));
    case 'forecastCategory':
      return words(t(`forecast.${String(value)}`));
    case 'outcome':
      return words(t(`kind.${String(value)}`));
    case 'probability':
      return typeof value === 'number' ? words(cachedNumberFormat(locale, PERCENT).format(value / 100)) : { text: JSON.stringify(value), raw: true };
    case 'terminal':
    case 'allowProbabilityOverride':
      return words(t(value === true ? 'versions.yes' : 'versions.no'));
    case 'roles':
      return words((value as string[]).map((role) => t(`role.${role}`)).join(', '));
    case 'requiredFields':
      return { text: (value as string[]).join(', '), raw: true };
    default:
      if (kind === 'transitions' && property === 'to') return words(stageName(String(value)));
      if (kind === 'transitions' && property === 'from') return words((value as string[]).map(stageName).join(', '));
      return { text: JSON.stringify(value), raw: true };
  }
}
