import { useTranslation } from 'react-i18next';
import { type ApprovalSpec, ROLES, type Role } from '@funnel/schemas';
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
      <label className="check">
        <input
          type="checkbox"
          data-testid="approval-needed"
          checked={approval !== undefined}
          onChange={(event) => onChange(event.target.checked ? NEW_APPROVAL : undefined)}
        />
        {t('approval.needed')}
      </label>
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
          <label className="check">
            <input
              type="checkbox"
              data-testid="approval-owner-manager"
              checked={approval.ownerManager ?? false}
              onChange={(event) => {
                const { ownerManager: _old, ...rest } = approval;
                onChange(event.target.checked ? { ...rest, ownerManager: true } : rest);
              }}
            />
            {t('approval.ownerManager')}
          </label>
        </>
      ) : null}
    </fieldset>
  );
}
