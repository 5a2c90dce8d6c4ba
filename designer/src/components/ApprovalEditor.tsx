import { useTranslation } from 'react-i18next';
import { type ApprovalSpec, ROLES, type Role } from '@funnel/schemas';
import { CheckboxInput } from './CheckboxInput';
import { CheckboxList } from './CheckboxList';

export type Props = { approval: ApprovalSpec | undefined; onChange: (approval: ApprovalSpec | undefined) => void };

/** Who approves a new approval until someone changes it: the owner's manager (as an extension is approved). */
const NEW_APPROVAL: ApprovalSpec = { ownerManager: true };

/**
 * Whether taking the transition needs an approval, and who gives it: anyone with one of the ticked roles, the
 * owner's manager, or either. Unticking both leaves the approval naming nobody, which the checks then say.
 */
export function ApprovalEditor({ approval, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="approval-editor" data-testid="approval-editor">
      <legend>{t('approval.title')}</legend>
      <CheckboxInput
        label={t('approval.needed')}
        checked={approval !== undefined}
        testId="approval-needed"
        onChange={(needed) => onChange(needed ? NEW_APPROVAL : undefined)}
      />
      {approval ? (
        <>
          <CheckboxList
            legend={t('approval.roles')}
            options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            value={approval.roles}
            testId="approval-roles"
            onChange={(roles) => {
              const { roles: _old, ...rest } = approval;
              onChange(roles ? { ...rest, roles: roles as Role[] } : rest);
            }}
          />
          <CheckboxInput
            label={t('approval.ownerManager')}
            checked={approval.ownerManager ?? false}
            testId="approval-owner-manager"
            onChange={(ownerManager) => {
              const { ownerManager: _old, ...rest } = approval;
              onChange(ownerManager ? { ...rest, ownerManager } : rest);
            }}
          />
        </>
      ) : null}
    </fieldset>
  );
}
