import { useTranslation } from 'react-i18next';
import type { GuardSpec } from '@funnel/schemas';
import { ConditionBuilder } from './ConditionBuilder';
import { LocalizedTextInput } from './LocalizedTextInput';

export type Props = {
  /** Whose guard: a transition's (may it be taken) or a stage's (may a record be in it). */
  kind: 'transition' | 'stage';
  value: GuardSpec | undefined;
  fieldNames: readonly string[];
  onChange: (guard: GuardSpec | undefined) => void;
};

/** The test id of each kind's condition builder (the transition's predates stage guards). */
const TEST_IDS = { transition: 'guard', stage: 'stage-guard' } as const;

/**
 * A guard of a transition or a stage: the condition the record must meet, and the message shown when it does not
 * (an English default when a guard is added).
 */
export function GuardEditor({ kind, value, fieldNames, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <ConditionBuilder
        label={t(`${kind}.guard`)}
        value={value?.logic}
        fieldNames={fieldNames}
        testId={TEST_IDS[kind]}
        onChange={(logic) =>
          onChange(logic === undefined ? undefined : { logic, message: value?.message ?? { en: t(`${kind}.defaultGuardMessage`, { lng: 'en' }) } })
        }
      />
      {value ? <LocalizedTextInput label={t(`${kind}.guardMessage`)} value={value.message} onChange={(message) => onChange({ ...value, message })} /> : null}
    </>
  );
}
