import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { requestPasswordReset } from '../api/account-api';
import { rememberedWorkspace } from '../session/remembered-workspace';
import { emptyFields, useAccountForm } from '../session/useAccountForm';
import { AccountPage } from './AccountPage';
import { FormSubmit } from './FormSubmit';
import { WorkspaceEmailFields } from './WorkspaceEmailFields';

export type Props = Record<string, never>;

/**
 * "Forgot password?": asks for the workspace and email and has the api mail a reset link. The answer is the same
 * whether or not there is such an account, so the page says the same neutral words either way.
 */
export function ForgotPasswordPage(_props: Props) {
  const { t } = useTranslation();
  const [workspace, setWorkspace] = useState(rememberedWorkspace);
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useAccountForm();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    void form.submit({
      found: emptyFields({ workspace, email }),
      send: async () => {
        await requestPasswordReset({ slug: workspace.trim(), email: email.trim() });
        setSent(true);
      },
    });
  };

  return (
    <AccountPage title={t('account.forgotTitle')} testId="forgot-password-page">
      <p className="hint">{t('account.forgotExplain')}</p>
      <form onSubmit={submit} noValidate>
        <WorkspaceEmailFields workspace={workspace} onWorkspace={setWorkspace} email={email} onEmail={setEmail} form={form} />
        {sent ? (
          <p className="notice" role="status" data-testid="reset-requested">
            {t('account.forgotSent')}
          </p>
        ) : null}
        <FormSubmit form={form} label={t('account.forgotSubmit')} />
      </form>
      <p className="form-links">
        <a href="#/">{t('account.backToSignIn')}</a>
      </p>
    </AccountPage>
  );
}
