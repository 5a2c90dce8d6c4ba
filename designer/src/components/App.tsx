import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { checkSession } from '../session/session-actions';
import { navigate, type Route, useRoute } from '../session/useRoute';
import { useSession } from '../session/useSession';
import { EditorPage } from './EditorPage';
import { ErrorBoundary } from './ErrorBoundary';
import { ForgotPasswordPage } from './ForgotPasswordPage';
import { HomePage } from './HomePage';
import { LanguagePicker } from './LanguagePicker';
import { PasswordLinkPage } from './PasswordLinkPage';
import { SignInPage } from './SignInPage';
import { UserMenu } from './UserMenu';

export type Props = Record<string, never>;

// The dashboard's charting library (recharts) is its own chunk, loaded when a dashboard is opened, so the
// sign-in, home and editor pages do not download and parse it.
const DashboardPage = lazy(() => import('./DashboardPage').then((module) => ({ default: module.DashboardPage })));

/** The pages of a signed-in person. */
type WorkRoute = Extract<Route, { page: 'home' | 'editor' | 'dashboard' }>;

/**
 * The app: the pages a mailed link opens (whoever is signed in), sign-in and "forgot password" for someone signed
 * out, then the home page, a workflow's editor or its dashboard. At start it asks the api who the session cookie
 * (or the tab's API key) signs in; the sign-in screen comes back whenever the api stops accepting it.
 */
export function App(_props: Props) {
  const { t } = useTranslation();
  const status = useSession((state) => state.status);
  const route = useRoute();
  useEffect(() => {
    if (status === 'checking') void checkSession();
  }, [status]);

  if (route.page === 'acceptInvitation' || route.page === 'resetPassword') {
    const purpose = route.page === 'acceptInvitation' ? 'invitation' : 'reset';
    return <PasswordLinkPage key={route.token} purpose={purpose} workspace={route.workspace} token={route.token} />;
  }
  if (status === 'checking') return <p role="status">{t('app.loading')}</p>;
  if (route.page === 'forgotPassword') return <ForgotPasswordPage />;
  if (status === 'signedOut') return <SignInPage />;
  return (
    <div className="app">
      <header className="app-header">
        <a href="#/" className="brand">
          {t('app.title')}
        </a>
        <nav aria-label={t('app.navigation')}>
          <button type="button" onClick={() => navigate({ page: 'home' })}>
            {t('app.home')}
          </button>
        </nav>
        <LanguagePicker />
        <UserMenu />
      </header>
      <ErrorBoundary key={`${route.page}:${'workflowKey' in route ? route.workflowKey : ''}`}>
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <WorkPage route={route} />
        </Suspense>
      </ErrorBoundary>
    </div>
  );
}

function WorkPage({ route }: { route: WorkRoute }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'editor':
      return <EditorPage workflowKey={route.workflowKey} />;
    case 'dashboard':
      return <DashboardPage workflowKey={route.workflowKey} />;
    default:
      return route satisfies never;
  }
}
