import { useTranslation } from 'react-i18next';
import type { FitRule } from '@funnel/schemas';
import { ConditionBuilder } from './ConditionBuilder';
import { LocalizedTextInput } from './LocalizedTextInput';
import { NumberInput } from './NumberInput';

export type Props = { rule: FitRule; fieldNames: readonly string[]; onChange: (rule: FitRule) => void; onRemove: () => void };

/** The most points one scoring rule may give or take (the schema's limit). */
export const MAX_RULE_POINTS = 1_000;

/** One fit rule: its name, the condition on the record (the guards' condition builder; empty is every record) and the points it gives while that holds. */
export function FitRuleEditor({ rule, fieldNames, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="scoring-rule" data-testid={`fit-rule-${rule.key}`}>
      <legend>
        {t('scoring.fitRule')} <code>{rule.key}</code>
      </legend>
      <LocalizedTextInput label={t('scoring.ruleName')} value={rule.name} onChange={(name) => onChange({ ...rule, name })} />
      <ConditionBuilder
        label={t('scoring.fitWhen')}
        // `true` (every record) is no condition to the builder, as a new rule starts.
        value={rule.when === true ? undefined : rule.when}
        fieldNames={fieldNames}
        testId={`fit-when-${rule.key}`}
        onChange={(when) => onChange({ ...rule, when: when ?? true })}
      />
      <NumberInput
        label={t('scoring.points')}
        value={rule.points}
        min={-MAX_RULE_POINTS}
        max={MAX_RULE_POINTS}
        testId={`fit-points-${rule.key}`}
        onChange={(points) => onChange({ ...rule, points: points ?? 0 })}
      />
      <button type="button" onClick={onRemove}>
        {t('scoring.removeRule')}
      </button>
    </fieldset>
  );
}
