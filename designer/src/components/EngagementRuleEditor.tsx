import { useTranslation } from 'react-i18next';
import { ACTIVITY_OUTCOMES, ACTIVITY_TYPES, type ActivityType, type EngagementRule } from '@funnel/schemas';
import { withActivity } from '../model/engagement-rule';
import { CheckboxInput } from './CheckboxInput';
import { CheckboxList } from './CheckboxList';
import { DurationInput } from './DurationInput';
import { MAX_RULE_POINTS } from './FitRuleEditor';
import { LocalizedTextInput } from './LocalizedTextInput';
import { NumberInput } from './NumberInput';
import { SelectInput } from './SelectInput';

export type Props = { rule: EngagementRule; onChange: (rule: EngagementRule) => void; onRemove: () => void };

/** The half-life a rule starts from when its points are made to fade: a month (HubSpot's decay options start there). */
const DEFAULT_HALF_LIFE = 'P30D';

/** One engagement rule: its name, the kind of activity and outcomes it counts, the points for each, and how fast they fade. */
export function EngagementRuleEditor({ rule, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const outcomes = ACTIVITY_OUTCOMES[rule.activity];
  return (
    <fieldset className="scoring-rule" data-testid={`engagement-rule-${rule.key}`}>
      <legend>
        {t('scoring.engagementRule')} <code>{rule.key}</code>
      </legend>
      <LocalizedTextInput label={t('scoring.ruleName')} value={rule.name} onChange={(name) => onChange({ ...rule, name })} />
      <SelectInput
        label={t('scoring.activity')}
        value={rule.activity}
        options={ACTIVITY_TYPES.map((activity) => ({ value: activity, label: t(`activity.${activity}`) }))}
        onChange={(activity) => onChange(withActivity(rule, activity as ActivityType))}
        testId={`engagement-activity-${rule.key}`}
      />
      {outcomes.length > 0 ? (
        <CheckboxList
          legend={t('scoring.outcomes')}
          options={outcomes.map((outcome) => ({ value: outcome, label: t(`activityOutcome.${outcome}`) }))}
          value={rule.outcomes}
          testId={`engagement-outcomes-${rule.key}`}
          onChange={(picked) => {
            const { outcomes: _old, ...rest } = rule;
            onChange(picked ? { ...rest, outcomes: picked } : rest);
          }}
        />
      ) : null}
      <NumberInput
        label={t('scoring.pointsEach')}
        value={rule.points}
        min={-MAX_RULE_POINTS}
        max={MAX_RULE_POINTS}
        testId={`engagement-points-${rule.key}`}
        onChange={(points) => onChange({ ...rule, points: points ?? 0 })}
      />
      <CheckboxInput
        label={t('scoring.decays')}
        checked={rule.halfLife !== undefined}
        testId={`engagement-decays-${rule.key}`}
        onChange={(decays) => {
          const { halfLife: _old, ...rest } = rule;
          onChange(decays ? { ...rest, halfLife: DEFAULT_HALF_LIFE } : rest);
        }}
      />
      {rule.halfLife ? (
        <DurationInput
          label={t('scoring.halfLife')}
          value={rule.halfLife}
          onChange={(halfLife) => onChange({ ...rule, halfLife })}
          testId={`engagement-half-life-${rule.key}`}
        />
      ) : null}
      <button type="button" onClick={onRemove}>
        {t('scoring.removeRule')}
      </button>
    </fieldset>
  );
}
