import { useTranslation } from 'react-i18next';
import { PROBABILITY_OVERRIDE_POLICIES, type ProbabilityOverridePolicy, type ProbabilityPolicy, ROLES, type Role } from '@funnel/schemas';
import { CheckboxList } from './CheckboxList';
import { SelectInput } from './SelectInput';

export type Props = { policy: ProbabilityPolicy | undefined; onChange: (policy: ProbabilityPolicy | undefined) => void };

/** The value the select shows for no policy: the engine's default (keep it, set by managers and admins). */
const NO_POLICY = '';

/** What a stage change does to a probability set by hand (a stage may say otherwise), and who may set one outside a transition. */
export function ProbabilityPolicyEditor({ policy, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="probability-policy" data-testid="probability-policy">
      <legend>{t('probabilityPolicy.title')}</legend>
      <SelectInput
        label={t('probabilityPolicy.override')}
        value={policy?.override ?? NO_POLICY}
        options={[
          { value: NO_POLICY, label: t('probabilityPolicy.default') },
          ...PROBABILITY_OVERRIDE_POLICIES.map((each) => ({ value: each, label: t(`probabilityOverride.${each}`) })),
        ]}
        onChange={(override) => onChange(override === NO_POLICY ? undefined : { ...policy, override: override as ProbabilityOverridePolicy })}
        testId="probability-policy-override"
      />
      {policy ? (
        <CheckboxList
          legend={t('probabilityPolicy.setRoles')}
          options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          value={policy.setRoles}
          testId="probability-policy-roles"
          onChange={(roles) => {
            const { setRoles: _old, ...rest } = policy;
            onChange(roles ? { ...rest, setRoles: roles as Role[] } : rest);
          }}
        />
      ) : null}
    </fieldset>
  );
}
