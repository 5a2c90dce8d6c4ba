import { LOCALES, type Diagnostic, type LocalizedText, type WorkflowDefinition } from '@funnel/schemas';

/** The code of the designer's own warning: a name people see lacks a locale's translation. */
export const UNTRANSLATED_NAME = 'designer.untranslated_name';

/**
 * Warnings for every stage, transition, reason and (named) timer whose name lacks a locale, as Salesforce's
 * Translation Workbench marks a label "untranslated": each points at the name, says the locales it lacks in
 * English, and never blocks publishing (a warning, not an error).
 * @example untranslatedNames(definition) // → [{ severity: 'warning', code: 'designer.untranslated_name', pointer: '/stages/5/name', message: '"Trial" has no zh-Hans, zh-Hant name yet' }]
 */
export function untranslatedNames(definition: WorkflowDefinition): Diagnostic[] {
  const names: { pointer: string; name: LocalizedText }[] = [];
  definition.stages.forEach((stage, i) => {
    names.push({ pointer: `/stages/${i}/name`, name: stage.name });
    stage.timers?.forEach((timer, j) => {
      if (timer.name) names.push({ pointer: `/stages/${i}/timers/${j}/name`, name: timer.name });
    });
  });
  definition.transitions.forEach((transition, i) => {
    names.push({ pointer: `/transitions/${i}/name`, name: transition.name });
    transition.reason?.options.forEach((option, j) => names.push({ pointer: `/transitions/${i}/reason/options/${j}/name`, name: option.name }));
  });
  return names.flatMap(({ pointer, name }) => {
    const missing = missingLocales(name);
    if (missing.length === 0) return [];
    return [{ severity: 'warning' as const, code: UNTRANSLATED_NAME, pointer, message: `"${name.en}" has no ${missing.join(', ')} name yet` }];
  });
}

/**
 * The locales a name has no text in (English is always there).
 * @example missingLocales({ en: 'Lead', 'zh-Hans': '线索' }) // → ['zh-Hant']
 */
export function missingLocales(name: LocalizedText): string[] {
  return LOCALES.filter((locale) => !name[locale]?.trim());
}
