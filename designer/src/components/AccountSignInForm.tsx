import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { rememberedWorkspace } from '../session/remembered-workspace';
import { signInWithPassword } from '../session/session-actions';
import { emptyFields, useAccountForm } from '../session/useAccountForm';
import { useSession } from '../session/useSession';
import { FormSubmit } from './FormSubmit';
import { TextField } from './TextField';
import { WorkspaceEmailFields } from './WorkspaceEmailFields';

export type Props = Record<string, never>;

/**
 * Workspace (the one this browser last used, filled in), email (filled in when the api ended this person's session)
 * and password; each problem at its field.
 */
export function AccountSignInForm(_props: Props) {
  const { t } = useTranslation();
  const [workspace, setWorkspace] = useState(rememberedWorkspace);
  const [email, setEmail] = useState(() => useSession.getState().email ?? '');
  const [password, setPassword] = useState('');
  const form = useAccountForm();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit({
      found: emptyFields({ workspace, email, password }),
      send: () => signInWithPassword({ slug: workspace.trim(), email: email.trim(), password }),
    });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="sign-in-form">
      <WorkspaceEmailFields workspace={workspace} onWorkspace={setWorkspace} email={email} onEmail={setEmail} form={form} withHint />
      <TextField
        id="password"
        type="password"
        label={t('signIn.password')}
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
        problem={form.problemAt('password')}
        autoFocus={Boolean(workspace && email)}
      />
      <a href="#/forgot-password" className="forgot-link" data-testid="forgot-password">
        {t('signIn.forgot')}
      </a>
      <FormSubmit form={form} label={t('signIn.submit')} />
    </form>
  );
}
