import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { signInWithApiKey } from '../session/session-actions';
import { emptyFields, useAccountForm } from '../session/useAccountForm';
import { FormSubmit } from './FormSubmit';
import { TextField } from './TextField';

export type Props = Record<string, never>;

/** For developers: an API key, checked against the api, kept for this browser tab only. */
export function ApiKeySignInForm(_props: Props) {
  const { t } = useTranslation();
  const [apiKey, setApiKey] = useState('');
  const form = useAccountForm();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit({ found: emptyFields({ apiKey }), send: () => signInWithApiKey(apiKey.trim()) });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="api-key-form">
      <TextField
        id="api-key"
        type="password"
        label={t('signIn.apiKey')}
        value={apiKey}
        onChange={setApiKey}
        autoComplete="off"
        hint={t('signIn.hint')}
        problem={form.problemAt('apiKey')}
        autoFocus
      />
      <FormSubmit form={form} label={t('signIn.submit')} />
    </form>
  );
}
