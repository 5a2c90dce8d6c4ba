import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchMe } from '../api/funnel-api';
import { useSession } from '../session/useSession';
import { ErrorMessage } from './ErrorMessage';
import { LanguagePicker } from './LanguagePicker';

export type Props = Record<string, never>;

/** Asks for an API key, checks it against the api, and keeps it for this browser session. */
export function SignIn(_props: Props) {
  const { t } = useTranslation();
  const signIn = useSession((state) => state.signIn);
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await fetchMe(apiKey.trim());
      signIn(apiKey.trim());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <LanguagePicker />
      <h1>{t('app.title')}</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="api-key">{t('signIn.apiKey')}</label>
        {/* biome-ignore lint/a11y/noAutofocus: the sign-in page has this one field; typing the key is all there is to do. */}
        <input id="api-key" type="password" autoComplete="off" value={apiKey} onChange={(event) => setApiKey(event.target.value)} required autoFocus />
        <p className="hint">{t('signIn.hint')}</p>
        <button type="submit" disabled={busy || apiKey.trim() === ''}>
          {t('signIn.submit')}
        </button>
        <ErrorMessage error={error} />
      </form>
    </main>
  );
}
