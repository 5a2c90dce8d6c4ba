import type { CompiledAssignmentRule } from '@funnel/engine';
import type { Translate } from './blocker-text';
import { localizedText } from './localized-text';

/**
 * An assignment rule as the simulator says it, in the user's language: its name, whom it targets (people by their
 * names when known, else their ids) and how it shares records among them (null for one user).
 * @example routingText({ rule, t, locale: 'en', personName: (id) => id }) // → { rule: 'Sales team', target: 'Everyone with the role Sales', strategy: 'In turn (round robin)' }
 */
export function routingText({
  rule,
  t,
  locale,
  personName,
}: {
  rule: CompiledAssignmentRule;
  t: Translate;
  locale: string;
  personName: (id: string) => string;
}): {
  rule: string;
  target: string;
  strategy: string | null;
} {
  const name = localizedText(rule.name, locale) || rule.key;
  const target = rule.target;
  if (target.type === 'user') return { rule: name, target: t('simulator.routing.targetUser', { person: personName(target.user) }), strategy: null };
  const team = target.team;
  const strategy = t(`assignment.strategies.${target.strategy}`);
  if ('manager' in team) return { rule: name, target: t('simulator.routing.targetManager', { person: personName(team.manager) }), strategy };
  if ('users' in team) {
    const people = new Intl.ListFormat(locale, { type: 'conjunction' }).format(team.users.map(personName));
    return { rule: name, target: t('simulator.routing.targetUsers', { people }), strategy };
  }
  return { rule: name, target: t('simulator.routing.targetRole', { role: t(`role.${team.role}`) }), strategy };
}
