import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/useSession';
import { AccountPage } from './AccountPage';
import { AccountSignInForm } from './AccountSignInForm';
import { ApiKeySignInForm } from './ApiKeySignInForm';

export type Props = Record<string, never>;

/**
 * The sign-in screen: a person's workspace, email and password; a developer's API key behind a link. It says first
 * why it shows, when the api ended the session or the person signed out everywhere.
 */
export function SignInPage(_props: Props) {
  const { t } = useTranslation();
  const reason = useSession((state) => state.reason);
  const [withKey, setWithKey] = useState(false);
  return (
    <AccountPage title={withKey ? t('signIn.apiKeyTitle') : t('signIn.title')} testId="sign-in">
      {reason ? (
        <p className="notice" role="status" data-testid="sign-in-notice">
          {t(`signIn.${reason}`)}
        </p>
      ) : null}
      {withKey ? <ApiKeySignInForm /> : <AccountSignInForm />}
      <p className="form-links">
        <button type="button" className="link-button" data-testid="sign-in-switch" onClick={() => setWithKey(!withKey)}>
          {withKey ? t('signIn.withAccount') : t('signIn.withApiKey')}
        </button>
      </p>
    </AccountPage>
  );
}
