import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountProblems } from '../api/account-problems';
import { signOut, signOutEverywhere } from '../session/session-actions';
import { useSession } from '../session/useSession';

export type Props = Record<string, never>;

/**
 * Who is signed in, and signing out: of this browser, or (for a person signed in with a password) of every browser.
 * A sign-out the api could not carry out is said, and the person stays signed in: the session would still be alive.
 */
export function UserMenu(_props: Props) {
  const { t } = useTranslation();
  const me = useSession((state) => state.me);
  const [failed, setFailed] = useState<string | null>(null);
  const run = (action: () => Promise<void>) => {
    setFailed(null);
    action().catch((error: unknown) => setFailed(t(`problem.${accountProblems(error)[0]?.key ?? 'unexpected'}`)));
  };
  return (
    <div className="user-menu">
      {me ? (
        <span className="signed-in-as" data-testid="signed-in-as">
          {t('signIn.signedInAs', { name: me.user.name })}
        </span>
      ) : null}
      <button type="button" data-testid="sign-out" onClick={() => run(signOut)}>
        {t('signIn.signOut')}
      </button>
      {me?.signedInWith === 'session' ? (
        <button type="button" data-testid="sign-out-everywhere" onClick={() => run(signOutEverywhere)}>
          {t('signIn.signOutEverywhere')}
        </button>
      ) : null}
      {failed ? (
        <span className="error-inline" role="alert">
          {failed}
        </span>
      ) : null}
    </div>
  );
}
