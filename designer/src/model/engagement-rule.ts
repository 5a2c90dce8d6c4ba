import { ACTIVITY_OUTCOMES, type ActivityType, type EngagementRule } from '@funnel/schemas';

/**
 * The rule counting another kind of activity: the outcomes it named are kept only where the new kind has them
 * (a call's "answered" means nothing for an email), and none kept means every outcome.
 * @example withActivity({ ...rule, activity: 'call', outcomes: ['answered'] }, 'email') // → { ...rule, activity: 'email' }
 */
export function withActivity(rule: EngagementRule, activity: ActivityType): EngagementRule {
  const { outcomes, ...rest } = rule;
  const kept = (outcomes ?? []).filter((outcome) => ACTIVITY_OUTCOMES[activity].includes(outcome));
  return kept.length === 0 ? { ...rest, activity } : { ...rest, activity, outcomes: kept };
}
