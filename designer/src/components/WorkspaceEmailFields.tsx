import { useTranslation } from 'react-i18next';
import type { AccountForm } from '../session/useAccountForm';
import { TextField } from './TextField';

export type Props = {
  workspace: string;
  onWorkspace: (workspace: string) => void;
  email: string;
  onEmail: (email: string) => void;
  form: AccountForm;
  /** Says under the workspace what it is (on the sign-in form, where people meet it first). */
  withHint?: boolean;
};

/** Which account: the workspace (tenant slug) and the email, each with its problem; the first empty one has the focus. */
export function WorkspaceEmailFields({ workspace, onWorkspace, email, onEmail, form, withHint = false }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        id="workspace"
        label={t('signIn.workspace')}
        value={workspace}
        onChange={onWorkspace}
        autoComplete="organization"
        {...(withHint ? { hint: t('signIn.workspaceHint') } : {})}
        problem={form.problemAt('workspace')}
        autoFocus={!workspace}
      />
      <TextField
        id="email"
        type="email"
        label={t('signIn.email')}
        value={email}
        onChange={onEmail}
        autoComplete="username"
        problem={form.problemAt('email')}
        autoFocus={Boolean(workspace) && !email}
      />
    </>
  );
}
