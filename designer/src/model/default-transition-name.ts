import { LOCALES, type LocalizedText, type Stage, type Transition, type WorkflowDefinition } from '@funnel/schemas';

type Named = Pick<Stage, 'key' | 'name'>;

/**
 * The name a transition gets when it is drawn: its stages' names with an arrow, in every locale (a locale's name
 * falls back to English, then to the key).
 * @example defaultTransitionName({ source: lead, target: lost }) // → { en: 'Lead → Lost', 'zh-Hans': '线索 → 输单', 'zh-Hant': '線索 → 輸單' }
 */
export function defaultTransitionName({ source, target }: { source: Named; target: Named }): LocalizedText {
  const say = (stage: Named, locale: (typeof LOCALES)[number]) => stage.name[locale] ?? stage.name.en ?? stage.key;
  return Object.fromEntries(LOCALES.map((locale) => [locale, `${say(source, locale)} → ${say(target, locale)}`])) as LocalizedText;
}

/**
 * The transitions after a stage's name changed (`before` → `after`, under `after.key` in `definition`): a
 * transition from one stage whose name, in a locale, is still the default its stages gave it before the change
 * gets the default with the new name there. A name someone edited (in that locale) is kept.
 * @example followStageName({ definition, before: lead, after: { ...lead, name: { en: 'Prospect' } } }) // 'Lead → Lost' becomes 'Prospect → Lost'
 */
export function followStageName({ definition, before, after }: { definition: WorkflowDefinition; before: Named; after: Named }): Transition[] {
  const stages = new Map(definition.stages.map((stage) => [stage.key, stage]));
  const then = (key: string) => (key === after.key ? before : stages.get(key));
  const now = (key: string) => (key === after.key ? after : stages.get(key));
  return definition.transitions.map((transition) => {
    const [from] = transition.from;
    if (transition.from.length !== 1 || from === undefined || (from !== after.key && transition.to !== after.key)) return transition;
    const [oldSource, oldTarget, newSource, newTarget] = [then(from), then(transition.to), now(from), now(transition.to)];
    if (!oldSource || !oldTarget || !newSource || !newTarget) return transition;
    const old = defaultTransitionName({ source: oldSource, target: oldTarget });
    const next = defaultTransitionName({ source: newSource, target: newTarget });
    const name = { ...transition.name };
    let changed = false;
    for (const locale of LOCALES) {
      if (name[locale] !== undefined && name[locale] === old[locale] && old[locale] !== next[locale]) {
        name[locale] = next[locale] as string;
        changed = true;
      }
    }
    return changed ? { ...transition, name } : transition;
  });
}
