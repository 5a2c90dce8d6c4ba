import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH } from '../api/account-problems';
import { rememberWorkspace } from '../session/remembered-workspace';
import { setPasswordWithLink } from '../session/session-actions';
import { emptyFields, useAccountForm } from '../session/useAccountForm';
import { navigate } from '../session/useRoute';
import { AccountPage } from './AccountPage';
import { FormProblem } from './FormProblem';
import { FormSubmit } from './FormSubmit';
import { TextField } from './TextField';

export type Props = { purpose: 'invitation' | 'reset'; workspace: string; token: string };

/**
 * The page a mailed link opens: an invitation sets the person's first password (and their name, if they wish), a
 * reset a new one. Either is used once; then the person is signed in and the link leaves the browser's history.
 */
export function PasswordLinkPage({ purpose, workspace, token }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const form = useAccountForm();
  const invitation = purpose === 'invitation';
  const complete = Boolean(workspace && token);

  // The link names the workspace: the sign-in form fills it in from now on.
  useEffect(() => rememberWorkspace(workspace), [workspace]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = emptyFields({ password, repeat });
    if (found.length === 0 && password !== repeat) found.push({ field: 'repeat', key: 'mismatch' });
    void form.submit({
      found,
      send: async () => {
        await setPasswordWithLink({ purpose, token, password, ...(invitation && name.trim() ? { name: name.trim() } : {}) });
        navigate({ page: 'home' }, { replace: true });
      },
    });
  };

  return (
    <AccountPage title={invitation ? t('account.acceptTitle') : t('account.resetTitle')} testId={invitation ? 'accept-invitation-page' : 'reset-password-page'}>
      <p className="hint">{invitation ? t('account.acceptExplain') : t('account.resetExplain')}</p>
      {workspace ? (
        <p className="workspace-line">
          {t('account.workspaceLabel')} <strong data-testid="link-workspace">{workspace}</strong>
        </p>
      ) : null}
      {complete ? (
        <form onSubmit={submit} noValidate data-testid="password-link-form">
          {invitation ? (
            <TextField
              id="name"
              label={t('account.name')}
              value={name}
              onChange={setName}
              autoComplete="name"
              hint={t('account.nameHint')}
              problem={form.problemAt('name')}
            />
          ) : null}
          <TextField
            id="new-password"
            type="password"
            label={t('account.newPassword')}
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            hint={t('account.passwordHint', { count: MIN_PASSWORD_LENGTH })}
            problem={form.problemAt('password')}
            autoFocus={!invitation}
          />
          <TextField
            id="repeat-password"
            type="password"
            label={t('account.repeatPassword')}
            value={repeat}
            onChange={setRepeat}
            autoComplete="new-password"
            problem={form.problemAt('repeat')}
          />
          <FormSubmit form={form} label={invitation ? t('account.acceptSubmit') : t('account.resetSubmit')} />
        </form>
      ) : (
        <FormProblem problem={t('problem.linkInvalid')} />
      )}
      {!complete || form.has('linkInvalid') ? (
        <p className="form-links">{invitation ? <span>{t('account.invitationInvalid')}</span> : <a href="#/forgot-password">{t('account.askNewLink')}</a>}</p>
      ) : null}
      <p className="form-links">
        <a href="#/">{t('account.backToSignIn')}</a>
      </p>
    </AccountPage>
  );
}
